import AnimeData
import Distributed
import Foundation
import Imaging
import NeuralNetwork
import Optimizers
import Tensors
import Randomness
import SafeTensors

/// Trains an ACGAN on a data set, writing into a run directory:
/// `checkpoint.safetensors` (everything needed to resume, written atomically),
/// `generator.safetensors` (the generator for sampling: EMA weights when enabled),
/// `metrics.jsonl` (averaged metrics every `logEvery` iterations), `losses.png`, and
/// `samples/iter_NNNNNN.png` sheets drawn with fixed noise.
///
/// With a `ProcessGroup` (the program was started by `mpirun`), the trainer is one of several
/// processes training one model together (`DataParallel`); rank 0 alone writes the files above.
public final class Trainer {
    public let options: TrainingOptions
    public let dataset: AnimeDataset
    /// The model's vocabulary: the data's, then the learned codes of `options.infoCodes`.
    public let vocabulary: TagVocabulary
    public let runDirectory: URL
    public let generator: Generator
    public let discriminator: Discriminator
    /// The moving average of G used for sampling, when `emaDecay > 0`.
    public let averagedGenerator: Generator?
    let ema: ExponentialMovingAverage?
    let step: TrainingStep
    let loader: BatchLoader
    let layout: ConditionLayout
    let sheet: SampleSheet
    var state: TrainingState
    var rng: RandomGenerator
    var history: [MetricsRecord] = []
    /// `ACGAN_FAULT`, read once when the trainer is made.
    let fault: FaultInjection?
    /// What `run` says first: options the data made the trainer change (flips turned off).
    public private(set) var notices: [String] = []
    /// Whether `run` first removes the files of the run that was in the folder (`overwrite`).
    let replacesExistingRun: Bool
    /// The processes this one trains with, when started by `mpirun`.
    public let dataParallel: DataParallel?
    /// Whether this process writes the run's files: the only one, or rank 0 of several.
    public var writesFiles: Bool { dataParallel?.isRoot ?? true }

    /// Called every `evaluateEvery` iterations with a sampler of the current generator; the
    /// returned numbers are added to metrics.jsonl (issue: `acgan train --eval-every`).
    public var evaluation: ((Sampler) throws -> [String: Double])?
    public var evaluateEvery = 0
    /// Whether the sampling generator of every evaluation (of every checkpoint when there is
    /// no evaluation) is kept as `generators/iter_NNNNNN.safetensors`.
    public var keepsGenerators = false

    public var checkpointURL: URL { runDirectory.appendingPathComponent("checkpoint.safetensors") }
    public var generatorURL: URL { runDirectory.appendingPathComponent("generator.safetensors") }
    public var metricsURL: URL { runDirectory.appendingPathComponent("metrics.jsonl") }
    public var lossPlotURL: URL { runDirectory.appendingPathComponent("losses.png") }
    public var samplesDirectory: URL { runDirectory.appendingPathComponent("samples") }
    public var keptGeneratorsDirectory: URL { runDirectory.appendingPathComponent("generators") }

    /// Prepares a run. With `resume`, the state of `RUN_DIR/checkpoint.safetensors` is loaded
    /// (model, optimisers, EMA, noise generator, data position) and its options are kept,
    /// except what `adjustResumed` changes (more iterations; a lower learning rate after a
    /// divergence). The model, batch size and seed always stay as saved; `options` is then
    /// not used.
    ///
    /// Without `resume`, a folder that already holds a run (`checkpoint.safetensors` or
    /// `metrics.jsonl`) is refused unless `overwrite`: then `run` first removes that run's
    /// files (checkpoint, generator, metrics, loss plot, sample sheets) and nothing else.
    ///
    /// With `processes`, every process of the group makes this trainer with the same arguments;
    /// `options.batchSize` is the batch of all of them together and must split evenly. A
    /// checkpoint written with any number of processes resumes with any other.
    public init(dataset: AnimeDataset, options requested: TrainingOptions, runDirectory: URL, resume: Bool,
                overwrite: Bool = false, processes: ProcessGroup? = nil,
                adjustResumed: (inout TrainingOptions) -> Void = { _ in }) throws {
        self.dataset = dataset
        self.runDirectory = runDirectory
        fault = try FaultInjection.fromEnvironment()
        if resume && overwrite { throw TrainingError.resumeAndOverwrite }
        var options = requested
        var checkpoint: TrainingCheckpoint? = nil
        if resume {
            let url = runDirectory.appendingPathComponent("checkpoint.safetensors")
            guard FileManager.default.fileExists(atPath: url.path) else { throw TrainingError.noCheckpointToResume(path: url.path) }
            let file = try TrainingCheckpoint(contentsOf: url)
            guard let saved = file.options else { throw CheckpointError.missingMetadata(path: url.path, key: "training_options") }
            options = saved
            adjustResumed(&options)
            options.model = saved.model
            options.batchSize = saved.batchSize
            options.seed = saved.seed
            guard saved.model.imageSize == dataset.imageSize else {
                throw TrainingError.mismatchedResume(path: url.path, reason:
                    "its model draws \(saved.model.imageSize)x\(saved.model.imageSize) images but the data was loaded at \(dataset.imageSize)x\(dataset.imageSize) (--image-size \(saved.model.imageSize))")
            }
            checkpoint = file
            replacesExistingRun = false
        } else {
            let existing = Trainer.existingRunFiles(in: runDirectory)
            if !existing.isEmpty && !overwrite { throw TrainingError.existingRun(path: runDirectory.path, files: existing) }
            replacesExistingRun = overwrite && !existing.isEmpty
        }
        // The model's vocabulary: the data's, then the learned codes.
        let vocabulary = try dataset.vocabulary.withLearnedCodes(options.infoCodes)
        if let checkpoint, checkpoint.vocabulary != vocabulary {
            throw TrainingError.mismatchedResume(path: runDirectory.appendingPathComponent("checkpoint.safetensors").path,
                                                 reason: "its tag vocabulary differs from the data's")
        }
        self.vocabulary = vocabulary
        options.model.conditionLength = vocabulary.conditionLength
        options.model.varianceOutputs = options.step.continuousLoss == .gaussian ? vocabulary.continuous.count : 0
        options.model.imageSize = dataset.imageSize
        // A flipped image would keep values a mirror changes: without the mark, no flips.
        let unmarked = dataset.vocabulary.continuousWithoutMirror
        var notices: [String] = []
        if options.horizontalFlip, !unmarked.isEmpty {
            options.horizontalFlip = false
            notices.append(AnimeDataError.flipRefusal(attributes: unmarked.map(\.name)))
        }
        try options.validate()
        guard dataset.count >= options.batchSize else {
            throw TrainingError.dataTooSmall(images: dataset.count, batchSize: options.batchSize)
        }
        self.options = options
        self.notices = notices
        dataParallel = try processes.map { try DataParallel(group: $0, globalBatchSize: options.batchSize) }

        var initRNG = RandomGenerator(seed: options.seed)
        generator = Generator(options.model, icnr: options.icnr, using: &initRNG)
        discriminator = Discriminator(options.model, using: &initRNG)
        if options.emaDecay > 0 {
            var unused = RandomGenerator(seed: 0)
            let copy = Generator(options.model, using: &unused)
            averagedGenerator = copy
            ema = try ExponentialMovingAverage(of: generator, into: copy, decay: options.emaDecay)
        } else {
            averagedGenerator = nil
            ema = nil
        }
        layout = ConditionLayout(vocabulary)
        let gOptions = Adam.Options(learningRate: options.generatorLearningRate, beta1: options.beta1, beta2: options.beta2)
        let dOptions = Adam.Options(learningRate: options.discriminatorLearningRate, beta1: options.beta1, beta2: options.beta2)
        step = TrainingStep(generator: generator, discriminator: discriminator,
                            generatorOptimizer: Adam(generator, options: gOptions),
                            discriminatorOptimizer: Adam(discriminator, options: dOptions),
                            layout: layout, options: options.step, dataParallel: dataParallel)
        loader = try BatchLoader(dataset: dataset, batchSize: options.batchSize, seed: options.seed,
                                 horizontalFlip: options.horizontalFlip, slots: dataParallel?.rows)
        sheet = SampleSheet(vocabulary: vocabulary, latentSize: options.model.latentSize,
                            columns: options.sampleColumns, seed: options.seed &+ 1000)
        rng = RandomGenerator(seed: options.seed &+ 1)
        state = TrainingState(iteration: 0, random: RandomGeneratorState(rng.state), epoch: 0, batchIndex: 0,
                              elapsedSeconds: 0, generatorOptimizerStep: 0, discriminatorOptimizerStep: 0)
        if let checkpoint { try restore(from: checkpoint) }
        // Every process built or loaded the same weights; rank 0's are made everyone's anyway,
        // so that the processes cannot start apart.
        if let dataParallel { dataParallel.broadcastFromRoot(synchronisedTensors) }
    }

    /// Everything that must be equal on every process: weights and buffers of G, D and the
    /// EMA of G, and both Adam states.
    var synchronisedTensors: [Tensor] {
        [generator, discriminator, averagedGenerator].compactMap { $0?.stateDict().map(\.tensor) }.flatMap { $0 }
            + [step.generatorOptimizer, step.discriminatorOptimizer].flatMap { $0.stateTensors().tensors.map(\.tensor) }
    }

    /// The generator to sample from: the moving average when enabled.
    public var samplingGenerator: Generator { averagedGenerator ?? generator }

    /// Trains until `options.iterations`, reporting progress about every `logEvery` iterations.
    /// - Throws: `TrainingError.nonFiniteLoss` if a loss becomes NaN or infinite (the last good
    ///   checkpoint stays as it was); file errors.
    public func run(progress: (TrainingProgress) -> Void = { _ in }, message: (String) -> Void = { _ in }) throws {
        if writesFiles { notices.forEach(message) }
        if writesFiles {
            if replacesExistingRun {
                try removeRunFiles()
                message("--overwrite: removed the previous run's files from \(runDirectory.path)")
            }
            removeStrayTemporaryFiles()
            try FileManager.default.createDirectory(at: samplesDirectory, withIntermediateDirectories: true)
            try trimMetrics(after: state.iteration)
        }
        generator.train()
        discriminator.train()
        var window = MetricsWindow()
        var windowStart = DispatchTime.now().uptimeNanoseconds
        var lastCheckpoint: String? = FileManager.default.fileExists(atPath: checkpointURL.path) ? checkpointURL.path : nil
        let runStart = DispatchTime.now().uptimeNanoseconds
        let elapsedBefore = state.elapsedSeconds
        var imagesInWindow = 0
        let firstIteration = state.iteration
        var stepsRun: Int { state.iteration - firstIteration }

        while state.iteration < options.iterations {
            for _ in 1..<options.discriminatorSteps {
                let (real, labels) = nextRealBatch()
                step.discriminatorOnlyStep(real: real, realLabels: labels, using: &rng)
            }
            let (real, labels) = nextRealBatch()
            let metrics = step.run(real: real, realLabels: labels, using: &rng)
            guard metrics.discriminatorLoss.isFinite, metrics.generatorLoss.isFinite else {
                throw TrainingError.nonFiniteLoss(iteration: state.iteration + 1, discriminatorLoss: metrics.discriminatorLoss,
                                                  generatorLoss: metrics.generatorLoss, lastCheckpoint: lastCheckpoint)
            }
            fault.reached(.duringStep, iteration: state.iteration + 1)
            state.iteration += 1
            ema?.update(step: state.iteration)
            window.add(metrics)
            imagesInWindow += options.batchSize * options.discriminatorSteps
            state.elapsedSeconds = elapsedBefore + Double(DispatchTime.now().uptimeNanoseconds - runStart) / 1e9

            let iteration = state.iteration
            let isLast = iteration == options.iterations
            // The other processes only train (their metrics are rank 0's, averaged).
            guard writesFiles else { continue }
            if iteration % options.logEvery == 0 || isLast {
                let now = DispatchTime.now().uptimeNanoseconds
                let speed = Double(imagesInWindow) / max(Double(now - windowStart) / 1e9, 1e-9)
                var record = MetricsRecord(iteration: iteration, metrics: window.mean, imagesPerSecond: speed,
                                           elapsedSeconds: state.elapsedSeconds)
                if evaluateEvery > 0, let evaluation, iteration % evaluateEvery == 0 || isLast {
                    message("evaluating the generator at iteration \(iteration)...")
                    let scores = try evaluation(currentSampler())
                    record.evaluation = scores
                    message("evaluation at iteration \(iteration): "
                        + scores.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4g", $0.value))" }.joined(separator: ", "))
                    if keepsGenerators { message("kept \(try keepGenerator().path)") }
                }
                try append(record)
                progress(TrainingProgress(iteration: iteration, totalIterations: options.iterations, imagesPerSecond: speed,
                                          elapsedSeconds: state.elapsedSeconds, metrics: window.mean))
                window = MetricsWindow()
                windowStart = now
                imagesInWindow = 0
            }
            if iteration % options.sampleEvery == 0 || isLast {
                let url = try writeSampleSheet()
                try drawLossPlot()
                message("sample sheet \(url.path)")
            }
            if iteration % options.checkpointEvery == 0 || isLast {
                try saveCheckpoint()
                lastCheckpoint = checkpointURL.path
                if keepsGenerators && evaluateEvery == 0 { try keepGenerator() }
            }
        }
        if let dataParallel, writesFiles, stepsRun > 0 {
            let statistics = dataParallel.group.statistics
            let steps = Double(stepsRun), gradients = dataParallel.gradientTraffic
            message(String(format: "allreduce over %d processes, per iteration: %.2f MB in %d calls, %.1f ms in MPI_Allreduce; "
                           + "of which gradients %.2f MB in %d calls, %.1f ms (after %.1f ms waiting for the slowest process), "
                           + "and batch statistics and metrics %d calls, %.1f ms (including waits for the slower process within the passes)",
                           dataParallel.group.size, Double(statistics.allreduceBytes) / 1e6 / steps,
                           statistics.allreduceCalls / stepsRun, statistics.allreduceSeconds * 1000 / steps,
                           Double(gradients.allreduceBytes) / 1e6 / steps, gradients.allreduceCalls / stepsRun, gradients.allreduceSeconds * 1000 / steps,
                           statistics.barrierSeconds * 1000 / steps, (statistics.allreduceCalls - gradients.allreduceCalls) / stepsRun,
                           (statistics.allreduceSeconds - gradients.allreduceSeconds) * 1000 / steps))
        }
        guard writesFiles else { return }
        try writeSamplingGenerator(to: generatorURL)
        message("generator written to \(generatorURL.path)")
    }

    /// Writes the sampling generator with its vocabulary and iteration (atomically): what
    /// `generator.safetensors` and the kept generators hold.
    func writeSamplingGenerator(to url: URL) throws {
        try TrainingCheckpoint(generator: samplingGenerator, vocabulary: vocabulary,
                               notes: ["iterations": String(state.iteration)]).write(to: url)
    }

    /// Keeps the sampling generator as `generators/iter_NNNNNN.safetensors`.
    @discardableResult
    func keepGenerator() throws -> URL {
        try FileManager.default.createDirectory(at: keptGeneratorsDirectory, withIntermediateDirectories: true)
        let url = keptGeneratorsDirectory.appendingPathComponent(String(format: "iter_%06d.safetensors", state.iteration))
        try writeSamplingGenerator(to: url)
        return url
    }

    /// The next real batch as tensors.
    func nextRealBatch() -> (Tensor, ConditionBatch) {
        let batch = loader.next()
        let size = batch.imageSize
        let images = Tensor(shape: [batch.count, 3, size, size], scalars: batch.pixels)
        return (images, ConditionBatch(labels: batch.labels, vocabulary: vocabulary))
    }

    /// A sampler over a snapshot of the sampling generator (training continues on the original).
    func currentSampler() throws -> Sampler {
        var unused = RandomGenerator(seed: 0)
        let copy = Generator(options.model, using: &unused)
        try copy.loadStateDict(samplingGenerator.stateDictValues())
        return Sampler(generator: copy, vocabulary: vocabulary, modelName: "iteration \(state.iteration)")
    }

    /// Draws the fixed-noise sample sheet of the current iteration.
    @discardableResult
    public func writeSampleSheet() throws -> URL {
        let image = try sheet.render(with: try currentSampler())
        fault.reached(.duringSampleSheet, iteration: state.iteration)
        let url = samplesDirectory.appendingPathComponent(String(format: "iter_%06d.png", state.iteration))
        try image.write(to: url)
        return url
    }
}
