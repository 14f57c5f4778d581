import ACGAN
import AnimeData
import ArgumentParser
import Distributed
import Evaluation
import Foundation
import Kernels

/// `acgan train`: trains an ACGAN on a tagged face folder.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an ACGAN on a folder of tagged faces.",
        discussion: """
            The defaults are the acgan64 model (shared/spec/acgan64.md): SRResNet generator, \
            8 residual blocks, width 64; discriminator width 32; except that the generator \
            upsamples by resize-convolution (--upsampling nearest; acgan64 and `acgan bench` use \
            PixelShuffle, which draws a checkerboard texture, see docs/quality.md); Adam lr 2e-4, betas (0.5, 0.999), \
            batch 64. The data layouts `acgan inspect` recognises are accepted (images/ + tags.csv, \
            faces/ + tags_clean.csv, a folder with tags.csv, one subfolder per class), with any \
            tags: a built-in vocabulary is used when it labels 95% of the tags.csv lines, else one \
            is inferred from the tags (see `acgan inspect --help`; `acgan vocabulary --data DIR` \
            prints it, --vocabulary FILE passes an edited one). The vocabulary is saved in the \
            checkpoint, so `acgan generate --tags` and the studio use the data's own tags.

            RUN_DIR receives checkpoint.safetensors (resume with --resume), generator.safetensors \
            (for `acgan generate --checkpoint`), metrics.jsonl, losses.png and samples/iter_*.png.

            Example: acgan synth --out data/synth --count 20000 --balanced && \
            acgan train --data data/synth --out runs/synth --iterations 5000

            Many processes or machines (OpenMPI): mpirun -np N acgan train ... trains one model \
            with N processes; --batch is the batch of all of them together (a multiple of N), \
            each process computes its share and the gradients are averaged, so the run is the \
            one-process run with the same seed. Rank 0 alone writes RUN_DIR; --resume may use \
            another N. Give each process --threads cores. See the README, "Many machines".
            """)

    @Option(help: "The data folder.")
    var data: String
    @OptionGroup var vocabularyOptions: VocabularyOptions
    @Option(help: "The run directory (created if needed).")
    var out: String
    @Flag(help: "Continue from RUN_DIR/checkpoint.safetensors with its settings; the model, batch, seed and flags stay as saved, and only the training options given here change.")
    var resume = false
    @Flag(help: "Start afresh in a RUN_DIR that holds a run: its checkpoint, generator, metrics, loss plot and sample sheets are removed first.")
    var overwrite = false

    @Option(help: "Image size: 32, 64 or 128 (default 64; --resume keeps the size of the run's checkpoint).")
    var imageSize: Int?
    @Option(help: "Length of the noise vector z.")
    var zSize = 128
    @Option(help: "Residual blocks in the generator.")
    var gBlocks = 8
    @Option(help: "Channels of the generator.")
    var gWidth = 64
    @Option(help: "Channels of the discriminator's first stage (doubling per stage).")
    var dWidth = 32
    @Flag(inversion: .prefixedNo, help: "A projection discriminator beside ACGAN's classifier (Miyato & Koyama 2018; on by default): D's real/fake logit also gets the inner product of the tags' condition vector with a linear map of its features, so it judges whether a face shows its tags, not only whether it looks real. It adds one condition-by-features matrix to D (6% more D parameters for the synthetic avatars' 34 condition entries and D width 32) and nothing at generation; on the synthetic avatars G drew the tags right about 4,000 iterations sooner (docs/quality.md rows 11 and 12). --no-projection is ACGAN's discriminator alone, as the PyTorch reference. --resume keeps the run's.")
    var projection = true
    @Flag(help: "Spectral normalisation of every discriminator weight.")
    var spectralNorm = false
    @Option(help: ArgumentHelp("How the generator doubles its side: nearest (the default: nearest-neighbour x2, then a 3x3 convolution; resize-convolution has no sub-pixel filters to drift into a checkerboard) or pixel-shuffle (a 3x3 convolution to 4x the channels, then PixelShuffle, as acgan64; its faces carry a period-2 texture, 8x real in docs/quality.md). The same cost.", valueName: "nearest|pixel-shuffle"))
    var upsampling: GeneratorUpsampling = .nearest

    @Option(help: "Images per batch (under mpirun: of all processes together, a multiple of their number).")
    var batch = 64
    @Option(help: "Learning rate of G (default 2e-4).")
    var gLr: Float?
    @Option(help: "Learning rate of D (default 2e-4).")
    var dLr: Float?
    @Option(help: "Adam beta1 (default 0.5).")
    var beta1: Float?
    @Option(help: "Adam beta2 (default 0.999).")
    var beta2: Float?
    @Option(help: "Training iterations (one G step each; default 10000).")
    var iterations: Int?
    @Option(help: "Train for this many passes over the data instead of --iterations.")
    var epochs: Int?
    @Option(help: "D steps per G step (default 1).")
    var dSteps: Int?
    @Option(help: "Weight of the classification loss (default 1).")
    var classWeight: Float?
    @Flag(inversion: .prefixedNo, help: "Start the generator's upsampling convolutions with ICNR, as nearest-neighbour upsampling (no checkerboard at the start).")
    var icnr = true
    @Option(help: ArgumentHelp("How on/off tags weigh in the classification loss: per-tag (each like a categorical group, the default) or pooled (one mean over all of them, as the PyTorch reference).", valueName: "per-tag|pooled"))
    var binaryTags: BinaryTagWeighting?
    @Option(help: ArgumentHelp("The regression term of continuous attributes (name=value in tags.csv) and learned codes in the classification loss: gaussian (the default: a Gaussian negative log-likelihood, D also reads its uncertainty per attribute, so an attribute it reads precisely pulls harder on G; faces followed the values asked for more closely at equal iterations) or mse (squared error). --resume keeps the run's.", valueName: "mse|gaussian"))
    var continuousLoss: ContinuousLoss?
    @Option(help: "Learned codes (InfoGAN): K more inputs of G, uniform in [-1, 1], named code1 ... codeK, that D learns to read back from the face, so each comes to control something the tags do not (a pose, a size, a colour); `acgan evaluate` says what. Set them with `acgan generate --codes` or the studio's sliders. --resume keeps the run's (default 0).")
    var infoCodes: Int?
    @Option(help: "Weight of the learned codes' information term (a Gaussian log-likelihood of each code given the face) in D's and G's losses (default 1).")
    var infoWeight: Float?
    @Flag(inversion: .prefixedNo, help: "Train D's classifier on fakes too, as in the ACGAN paper.")
    var classLossOnFake = true
    @Option(help: "Gradient penalty on D (default none).")
    var penalty: GradientPenalty?
    @Option(help: "Weight of the gradient penalty (default 10).")
    var penaltyWeight: Float?
    @Option(help: "Decay of the moving average of G's weights used for samples; 0 turns it off (default 0.999).")
    var ema: Float?
    @Flag(inversion: .prefixedNo, help: "Random horizontal flips of real images (on by default: a mirrored face shows the same tags, and twice the poses). Turn them off with --no-flip when a mirror changes what an image means: text, digits, or tags such as 'looking left'.")
    var flip = true

    @OptionGroup var threadOptions: ThreadOptions
    @Option(help: "Seed of weights, noise and data order.")
    var seed: UInt64 = 1
    @Option(help: "Write a sample sheet and redraw losses.png every N iterations (default 500).")
    var sampleEvery: Int?
    @Option(help: "Write a checkpoint every N iterations (default 500).")
    var checkpointEvery: Int?
    @Option(help: "Report progress and append to metrics.jsonl every N iterations (default 10).")
    var logEvery: Int?
    @Option(help: "Every N iterations, score the generator with --classifier (attribute accuracy, MS-SSIM, FID) into metrics.jsonl and losses.png.")
    var evalEvery: Int?
    @Option(help: "An attribute classifier (`acgan classifier train`) for --eval-every.")
    var classifier: String?
    @Flag(help: "Keep the generator of every --eval-every measurement (every checkpoint without it) as RUN_DIR/generators/iter_NNNNNN.safetensors, so the best one can be exported.")
    var keepGenerators = false
    @Option(help: "Faces generated per --eval-every measurement (10 to \(TrainCommand.largestEvalSamples)).")
    var evalSamples = 500

    /// More --eval-samples than this would make each measurement longer than training itself.
    static let largestEvalSamples = 100_000
    /// More --epochs than this is a typo (the reference runs train for about 100).
    static let largestEpochs = 1_000_000

    func validate() throws {
        if iterations != nil && epochs != nil { throw ValidationError("give --iterations or --epochs, not both") }
        if let epochs, !(1...Self.largestEpochs).contains(epochs) {
            throw ValidationError("--epochs \(epochs): must be from 1 to \(Self.largestEpochs)")
        }
        // The library's checks, before any data is loaded (the data sets only the condition
        // length, which any value passes here).
        do { try requestedOptions(conditionLength: 1).validate() } catch { throw ValidationError("\(error)") }
        if let evalEvery {
            guard evalEvery >= 1 else { throw ValidationError("--eval-every must be at least 1") }
            guard let classifier else { throw ValidationError("--eval-every needs --classifier (make one with `acgan classifier train`)") }
            try requireFile(classifier, option: "--classifier")
        }
        guard (10...Self.largestEvalSamples).contains(evalSamples) else {
            throw ValidationError("--eval-samples \(evalSamples): must be from 10 to \(Self.largestEvalSamples)")
        }
        try requireFolder(data, option: "--data")
        try requireOutputFolder(out, option: "--out")
    }

    /// With --resume, the run's checkpoint (nil when there is none yet: the trainer then says
    /// so), whose image size and vocabulary the data is read with unless others are given.
    func resumedCheckpoint() throws -> TrainingCheckpoint? {
        let checkpoint = URL(fileURLWithPath: out).appendingPathComponent("checkpoint.safetensors")
        guard resume, FileManager.default.fileExists(atPath: checkpoint.path) else { return nil }
        return try TrainingCheckpoint(contentsOf: checkpoint)
    }

    /// The options of a fresh run: the defaults, then every option given here.

    func requestedOptions(conditionLength: Int) -> TrainingOptions {
        var options = TrainingOptions()
        options.model = ModelConfiguration(imageSize: imageSize ?? 64, latentSize: zSize, conditionLength: conditionLength,
                                           generatorWidth: gWidth, generatorBlocks: gBlocks, discriminatorWidth: dWidth,
                                           spectralNorm: spectralNorm, upsampling: upsampling, projection: projection)
        options.batchSize = batch
        options.horizontalFlip = flip
        options.icnr = icnr
        options.seed = seed
        options.step.classLossOnFake = classLossOnFake
        if let continuousLoss { options.step.continuousLoss = continuousLoss }
        if let infoCodes { options.infoCodes = infoCodes }
        if let iterations { options.iterations = iterations }
        applyTrainingOptions(to: &options)
        return options
    }

    func run() throws {
        // MPI starts only when mpirun (or another MPI launcher) started this process.
        guard let processes = try ProcessGroup.joinIfLaunched(environment: ProcessInfo.processInfo.environment) else {
            return try train(processes: nil)
        }
        do {
            try train(processes: processes)
        } catch {
            // This process alone may have failed (a file it could not write): stop the whole
            // job, or the others would wait for it in their next collective forever.
            printError("Error: rank \(processes.rank) of \(processes.size): \(error)")
            processes.abort(code: 1)
        }
        processes.finish()
    }

    /// Trains as the only process, or as one of `processes` (only rank 0 prints).
    func train(processes: ProcessGroup?) throws {
        let printsMessages = processes?.isRoot ?? true
        func say(_ text: String) { if printsMessages { printError(text) } }
        threadOptions.apply()
        let dataURL = URL(fileURLWithPath: data)
        let saved = try resumedCheckpoint()
        let imageSize = self.imageSize ?? saved?.configuration.imageSize ?? 64
        say("loading \(data) at \(imageSize)x\(imageSize)...")
        // A resumed run reads the data with its own vocabulary, so --min-tag-count or a built-in
        // choice cannot drift between the runs.
        let dataset = try AnimeDataset.load(from: dataURL, imageSize: imageSize,
                                            vocabulary: vocabularyOptions.givenVocabulary() ?? saved?.vocabulary.withoutLearnedCodes,
                                            minimumTagCount: vocabularyOptions.minimumTagCount)
        let report = dataset.report
        if vocabularyOptions.vocabulary == nil, saved != nil {
            say("vocabulary: the run's own, from its checkpoint")
        } else if let choice = report.vocabularyChoice {
            say(choice.description)
        }
        say("\(dataset.count) images (\(report.layout)), \(dataset.vocabulary.conditionLength) condition entries"
                   + (report.rejections.isEmpty ? "" : "; \(report.rejections.count) files or lines skipped (see `acgan inspect`)"))
        if let warning = report.cacheWarning { say("warning: \(warning)") }

        var options = requestedOptions(conditionLength: dataset.vocabulary.conditionLength)
        if let epochs { options.setIterations(epochs: epochs, imageCount: dataset.count) }
        let runURL = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: runURL, withIntermediateDirectories: true)
        let trainer = try Trainer(dataset: dataset, options: options, runDirectory: runURL, resume: resume, overwrite: overwrite,
                                  processes: processes) { saved in
            applyTrainingOptions(to: &saved)
            if let iterations { saved.iterations = iterations }
            if let epochs { saved.setIterations(epochs: epochs, imageCount: dataset.count) }
        }
        if let evalEvery, let classifier {
            let model = try AttributeClassifier.load(from: URL(fileURLWithPath: classifier))
            trainer.evaluateEvery = evalEvery
            trainer.evaluation = try trainingEvaluation(classifier: model, dataset: dataset, samples: evalSamples, seed: seed)
        }
        trainer.keepsGenerators = keepGenerators
        let o = trainer.options
        say("G \(trainer.generator.parameterCount) parameters (width \(o.model.generatorWidth), \(o.model.generatorBlocks) blocks, \(o.model.upsampling.rawValue) upsampling), "
                   + "D \(trainer.discriminator.parameterCount) (width \(o.model.discriminatorWidth)); "
                   + "\(o.iterations) iterations of batch \(o.batchSize) on \(threadOptions.threads) threads"
                   + (processes.map { " in each of \($0.size) processes (\(o.batchSize / $0.size) images each)" } ?? ""))
        if o.infoCodes > 0 {
            say("\(o.infoCodes) learned codes (\(trainer.vocabulary.learnedCodes.map(\.name).joined(separator: ", "))), information weight \(o.step.infoWeight)")
        }
        if !trainer.vocabulary.continuous.isEmpty {
            say("continuous attributes and codes: " + (o.step.continuousLoss == .gaussian ? "Gaussian negative log-likelihood" : "squared error"))
        }
        let interactive = printsMessages && isatty(STDERR_FILENO) != 0
        try trainer.run(progress: { p in
            if interactive {
                FileHandle.standardError.write(Data(("\r" + p.line() + "\u{1B}[K").utf8))
            } else {
                say(p.line())
            }
        }, message: { text in
            say((interactive ? "\r\u{1B}[K" : "") + text)
        })
        if interactive { say("") }
        say("done: \(trainer.generatorURL.path)")
    }
}

extension TrainCommand {
    /// Sets the options given on the command line (a fresh run starts from the defaults; a
    /// resumed run from the checkpoint's options).
    func applyTrainingOptions(to options: inout TrainingOptions) {
        if let gLr { options.generatorLearningRate = gLr }
        if let dLr { options.discriminatorLearningRate = dLr }
        if let beta1 { options.beta1 = beta1 }
        if let beta2 { options.beta2 = beta2 }
        if let dSteps { options.discriminatorSteps = dSteps }
        if let classWeight { options.step.classLossWeight = classWeight }
        if let penalty { options.step.penalty = penalty }
        if let penaltyWeight { options.step.penaltyWeight = penaltyWeight }
        if let infoWeight { options.step.infoWeight = infoWeight }
        if let binaryTags { options.step.binaryTagWeighting = binaryTags }
        if let ema { options.emaDecay = ema }
        if let sampleEvery { options.sampleEvery = sampleEvery }
        if let checkpointEvery { options.checkpointEvery = checkpointEvery }
        if let logEvery { options.logEvery = logEvery }
    }
}
