import ACGAN
import AnimeData
import Foundation
import Imaging
import NeuralNetwork
import Tensors
import Testing
import Randomness
import SafeTensors

/// A tiny tagged data set in memory: 16 images of 32x32, whose colour follows the first
/// group's label, so the labels mean something.
func tinyDataset() -> AnimeDataset {
    let vocabulary = TagVocabulary(groups: [.init(name: "color", values: ["red thing", "blue thing"])],
                                   binaryTags: [.init(name: "dot", prior: 0.5)])
    var rng = RandomGenerator(seed: 5)
    var images: [RGBImage] = [], labels: [TagLabels] = []
    for i in 0..<16 {
        let color = i % 2
        let pixels = (0..<32 * 32).flatMap { _ -> [UInt8] in
            let noise = UInt8(rng.next() % 40)
            return color == 0 ? [200 + noise / 2, noise, noise] : [noise, noise, 200 + noise / 2]
        }
        images.append(RGBImage(width: 32, height: 32, pixels: pixels))
        labels.append(TagLabels(groupIndices: [color], binaryTags: [i % 3 == 0]))
    }
    return AnimeDataset(images: images, labels: labels, vocabulary: vocabulary)
}

func tinyOptions(iterations: Int) -> TrainingOptions {
    var options = TrainingOptions()
    options.model = ModelConfiguration(imageSize: 32, latentSize: 8, generatorWidth: 4, generatorBlocks: 1, discriminatorWidth: 4)
    options.batchSize = 4
    options.iterations = iterations
    options.sampleEvery = 3
    options.checkpointEvery = 3
    options.logEvery = 1
    options.sampleColumns = 2
    options.emaDecay = 0.9
    return options
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-test-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func metrics(in run: URL) throws -> [MetricsRecord] {
    let data = try Data(contentsOf: run.appendingPathComponent("metrics.jsonl"))
    return try data.split(separator: 0x0A).map { try JSONDecoder().decode(MetricsRecord.self, from: Data($0)) }
}

@Suite(.serialized) struct TrainerTests {
    @Test func resumedRunGivesTheSameLossesAsAnUninterruptedOne() throws {
        let dataset = tinyDataset()
        let straight = temporaryDirectory(), interrupted = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: straight); try? FileManager.default.removeItem(at: interrupted) }

        try Trainer(dataset: dataset, options: tinyOptions(iterations: 7), runDirectory: straight, resume: false).run()
        try Trainer(dataset: dataset, options: tinyOptions(iterations: 3), runDirectory: interrupted, resume: false).run()
        // A line past the checkpoint, as a run killed between a log line and a checkpoint
        // leaves; resuming must drop it.
        let handle = try FileHandle(forWritingTo: interrupted.appendingPathComponent("metrics.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"iteration":4,"d_loss":9,"g_loss":9,"d_real_accuracy":0,"d_fake_accuracy":0,"penalty":0,"images_per_s":1,"elapsed_s":1}"#.utf8 + [0x0A]))
        try handle.close()
        try Trainer(dataset: dataset, options: tinyOptions(iterations: 7), runDirectory: interrupted, resume: true) {
            $0.iterations = 7
        }.run()

        let a = try metrics(in: straight), b = try metrics(in: interrupted)
        #expect(a.map(\.iteration) == Array(1...7))
        #expect(b.map(\.iteration) == Array(1...7))
        #expect(a.map(\.discriminatorLoss) == b.map(\.discriminatorLoss))
        #expect(a.map(\.generatorLoss) == b.map(\.generatorLoss))
        // The same final weights, EMA included.
        let fa = try SafeTensorsFile(contentsOf: straight.appendingPathComponent("checkpoint.safetensors"))
        let fb = try SafeTensorsFile(contentsOf: interrupted.appendingPathComponent("checkpoint.safetensors"))
        #expect(fa.tensors == fb.tensors)
        #expect(FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("samples/iter_000006.png").path))
    }

    @Test func divergenceStopsWithAClearErrorAndKeepsTheLastCheckpoint() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: run, resume: false).run()
        let checkpoint = run.appendingPathComponent("checkpoint.safetensors")
        let before = try Data(contentsOf: checkpoint)
        // Resume with an absurd learning rate: the weights overflow on the next step.
        let trainer = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 50), runDirectory: run, resume: true) {
            $0.iterations = 50
            $0.generatorLearningRate = 1e30
            $0.discriminatorLearningRate = 1e30
            $0.checkpointEvery = 1
        }
        #expect(trainer.options.generatorLearningRate == 1e30)
        var caught: TrainingError?
        do { try trainer.run() } catch let error as TrainingError { caught = error }
        guard case .nonFiniteLoss(let iteration, _, _, let last)? = caught else {
            Issue.record("expected a non-finite loss error, got \(String(describing: caught))")
            return
        }
        #expect(iteration == 4)
        #expect("\(caught!)".contains("diverged at iteration 4"))
        #expect(last == checkpoint.path)
        // Nothing after the last good checkpoint was written: it is byte for byte the same,
        // every logged line is finite, and the run resumes from it.
        #expect(try Data(contentsOf: checkpoint) == before)
        #expect(try metrics(in: run).allSatisfy { $0.discriminatorLoss.isFinite && $0.generatorLoss.isFinite })
        _ = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 5), runDirectory: run, resume: true)
    }

    @Test func resumeWithoutACheckpointIsAClearError() {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        #expect(throws: TrainingError.self) {
            try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 2), runDirectory: run, resume: true)
        }
    }

    @Test func generatorFileSamplesTheSameFacesAsTheTrainer() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        let trainer = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: run, resume: false)
        try trainer.run()
        let sampler = try Sampler(checkpoint: trainer.generatorURL)
        let labels = [TagLabels(groupIndices: [1], binaryTags: [true])]
        let latents = sampler.latents(count: 1, seed: 3)
        let direct = Sampler(generator: trainer.samplingGenerator, vocabulary: trainer.dataset.vocabulary, modelName: "direct")
        #expect(sampler.generate(labels: labels, latents: latents) == direct.generate(labels: labels, latents: latents))
        #expect(sampler.vocabulary == trainer.dataset.vocabulary)
    }

    @Test func evaluationHookAddsQualityNumbersToTheMetrics() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        let trainer = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 4), runDirectory: run, resume: false)
        var calls: [String] = []
        trainer.evaluateEvery = 2
        trainer.evaluation = { sampler in
            calls.append(sampler.modelName)
            return ["attribute_accuracy": 0.5, "fid": Double(calls.count)]
        }
        try trainer.run()
        #expect(calls == ["iteration 2", "iteration 4"])
        let records = try metrics(in: run)
        #expect(records.map { $0.evaluation?["fid"] } == [nil, 1, nil, 2])
        #expect(FileManager.default.fileExists(atPath: trainer.lossPlotURL.path))
    }

    @Test func keptGeneratorsAreTheSamplingGeneratorOfEachEvaluation() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        let trainer = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 4), runDirectory: run, resume: false)
        trainer.evaluateEvery = 2
        trainer.evaluation = { _ in ["fid": 1] }
        trainer.keepsGenerators = true
        try trainer.run()
        let kept = try FileManager.default.contentsOfDirectory(atPath: trainer.keptGeneratorsDirectory.path).sorted()
        #expect(kept == ["iter_000002.safetensors", "iter_000004.safetensors"])
        // The last one is the final sampling generator, tensor for tensor.
        let last = try TrainingCheckpoint(contentsOf: trainer.keptGeneratorsDirectory.appendingPathComponent(kept[1]))
        let final = try TrainingCheckpoint(contentsOf: trainer.generatorURL)
        #expect(last.notes["iterations"] == "4")
        #expect(last.generator == final.generator)
        // --overwrite clears them with the rest of the run.
        let again = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 1), runDirectory: run, resume: false,
                                overwrite: true)
        try again.run()
        #expect(!FileManager.default.fileExists(atPath: trainer.keptGeneratorsDirectory.path))
    }

    @Test func aFreshRunIntoAFolderHoldingARunIsRefused() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        // An empty folder, or one with unrelated files, is fine.
        try Data("notes".utf8).write(to: run.appendingPathComponent("notes.txt"))
        try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 6), runDirectory: run, resume: false).run()
        let metricsBefore = try Data(contentsOf: run.appendingPathComponent("metrics.jsonl"))
        let checkpointBefore = try Data(contentsOf: run.appendingPathComponent("checkpoint.safetensors"))

        for marker in ["checkpoint.safetensors", "metrics.jsonl"] {
            let only = temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: only) }
            try FileManager.default.copyItem(at: run.appendingPathComponent(marker), to: only.appendingPathComponent(marker))
            #expect {
                try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: only, resume: false)
            } throws: { error in
                guard case .existingRun(only.path, [marker])? = error as? TrainingError else { return false }
                return "\(error)".contains("--resume") && "\(error)".contains("--overwrite")
            }
        }
        #expect(throws: TrainingError.self) {
            try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: run, resume: false)
        }
        #expect {
            try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: run, resume: true, overwrite: true)
        } throws: { error in
            guard case .resumeAndOverwrite? = error as? TrainingError else { return false }
            return true
        }
        // Nothing was touched by the refusals.
        #expect(try Data(contentsOf: run.appendingPathComponent("metrics.jsonl")) == metricsBefore)
        #expect(try Data(contentsOf: run.appendingPathComponent("checkpoint.safetensors")) == checkpointBefore)
    }

    @Test func overwriteReplacesTheOldRunAndKeepsOtherFiles() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 6), runDirectory: run, resume: false).run()
        try Data("notes".utf8).write(to: run.appendingPathComponent("notes.txt"))
        try Data("mine".utf8).write(to: run.appendingPathComponent("samples/favourite.png"))
        // A temporary file a killed write left behind.
        try Data("half".utf8).write(to: run.appendingPathComponent(".checkpoint.safetensors.tmp-1-2"))
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("samples/iter_000006.png").path))

        var options = tinyOptions(iterations: 2)
        options.seed = 9
        let trainer = try Trainer(dataset: tinyDataset(), options: options, runDirectory: run, resume: false, overwrite: true)
        try trainer.run()
        #expect(try metrics(in: run).map(\.iteration) == [1, 2])
        #expect(try TrainingCheckpoint(contentsOf: trainer.checkpointURL).options?.seed == 9)
        let samples = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("samples").path).sorted()
        #expect(samples == ["favourite.png", "iter_000002.png"])
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path).sorted()
        #expect(names == ["checkpoint.safetensors", "generator.safetensors", "losses.png", "metrics.jsonl", "notes.txt", "samples"])
    }

    @Test func resumeDropsRecordsPastTheCheckpointAndATornLastLine() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: run, resume: false).run()
        let url = run.appendingPathComponent("metrics.jsonl")
        var text = try String(contentsOf: url, encoding: .utf8)
        let record = #"{"iteration":4,"d_loss":9,"g_loss":9,"d_real_accuracy":0,"d_fake_accuracy":0,"penalty":0,"images_per_s":1,"elapsed_s":1}"#
        text += record + "\n" + record.replacingOccurrences(of: ":4,", with: ":5,").prefix(40)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 5), runDirectory: run, resume: true) { $0.iterations = 5 }.run()
        let records = try metrics(in: run)
        #expect(records.map(\.iteration) == [1, 2, 3, 4, 5])
        #expect(records[3].discriminatorLoss != 9)
        #expect(try Data(contentsOf: url).last == 0x0A)
    }

    @Test func resumeRefusesACorruptLineBeforeTheLast() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: run, resume: false).run()
        let url = run.appendingPathComponent("metrics.jsonl")
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = "garbage"
        let corrupt = lines.joined(separator: "\n") + "\n"
        try corrupt.write(to: url, atomically: true, encoding: .utf8)
        let trainer = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 5), runDirectory: run, resume: true) { $0.iterations = 5 }
        #expect {
            try trainer.run()
        } throws: { error in
            guard case .corruptMetrics(url.path, 2, _)? = error as? TrainingError else { return false }
            return true
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == corrupt)
    }

    @Test func corruptTrainingStateIsInvalidMetadataNotMissing() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 3), runDirectory: run, resume: false).run()
        let url = run.appendingPathComponent("checkpoint.safetensors")
        for key in ["training_options", "training_state"] {
            var file = try SafeTensorsFile(contentsOf: url)
            let good = file.metadata[key]
            file.metadata[key] = "{not json"
            try file.write(to: url)
            #expect {
                try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 5), runDirectory: run, resume: true)
            } throws: { error in
                guard case .invalidMetadata(url.path, key, let reason)? = error as? CheckpointError else { return false }
                return reason.contains("JSON")
            }
            file.metadata[key] = good
            try file.write(to: url)
        }
        _ = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 5), runDirectory: run, resume: true)
    }
}
