import ACGAN
import AnimeData
import Foundation
import NeuralNetwork
import Optimizers
import Randomness
import SafeTensors
import Tensors
import Testing

/// The checkpoint format: everything round-trips, and every way a file can be wrong is a
/// typed error that names the file and the key.
@Suite struct TrainingCheckpointTests {
    static let vocabulary = TagVocabulary(groups: [.init(name: "color", values: ["red thing", "blue thing"])],
                                          binaryTags: [.init(name: "dot", prior: 0.5)])
    static let configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 3,
                                                  generatorWidth: 4, generatorBlocks: 1, discriminatorWidth: 4)

    /// A run's modules and optimisers; `seed` picks the weights and the Adam moments.
    struct Parts {
        let generator: Generator, discriminator: Discriminator, average: Generator
        let generatorOptimizer: Adam, discriminatorOptimizer: Adam

        init(seed: UInt64) throws {
            var rng = RandomGenerator(seed: seed)
            generator = Generator(configuration, using: &rng)
            discriminator = Discriminator(configuration, using: &rng)
            average = Generator(configuration, using: &rng)
            generatorOptimizer = Adam(generator, options: .init())
            discriminatorOptimizer = Adam(discriminator, options: .init())
            // Moments that are not zeros, and BatchNorm statistics that are not the defaults.
            for (optimizer, module, step) in [(generatorOptimizer, generator as Module, 7), (discriminatorOptimizer, discriminator, 9)] {
                var moments: [String: (shape: [Int], scalars: [Float])] = [:]
                for (key, tensor) in module.namedParameters() {
                    for suffix in ["exp_avg", "exp_avg_sq"] {
                        moments["\(key).\(suffix)"] = (tensor.shape, (0..<tensor.count).map { _ in abs(rng.nextNormal()) })
                    }
                }
                try optimizer.loadState(moments, step: step)
            }
            for (key, tensor) in generator.stateDict() where key.hasSuffix("running_var") {
                tensor.assign(scalars: (0..<tensor.count).map { _ in 1 + abs(rng.nextNormal()) })
            }
        }

        func checkpoint(state: TrainingState = TrainingCheckpointTests.state) -> TrainingCheckpoint {
            TrainingCheckpoint(generator: generator, discriminator: discriminator, averagedGenerator: average,
                               generatorOptimizer: generatorOptimizer, discriminatorOptimizer: discriminatorOptimizer,
                               vocabulary: vocabulary, options: TrainingCheckpointTests.options, state: state)
        }
    }

    static var options: TrainingOptions {
        var options = TrainingOptions()
        options.model = configuration
        options.batchSize = 4
        options.iterations = 123
        options.emaDecay = 0.9
        return options
    }

    static let state = TrainingState(iteration: 42, random: RandomGeneratorState([1, UInt64.max, 3, 1 << 60]), epoch: 2,
                                     batchIndex: 5, elapsedSeconds: 12.25, generatorOptimizerStep: 7,
                                     discriminatorOptimizerStep: 9)

    static func values(_ module: Module) -> [String: [Float]] { module.stateDictValues().mapValues(\.scalars) }
    static func moments(_ optimizer: Adam) -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: optimizer.stateTensors().tensors.map { ($0.key, $0.tensor.scalars) })
    }

    /// A written training checkpoint and its folder.
    static func written() throws -> (url: URL, parts: Parts) {
        let parts = try Parts(seed: 1)
        let url = temporaryDirectory().appendingPathComponent("checkpoint.safetensors")
        try parts.checkpoint().write(to: url)
        return (url, parts)
    }

    /// `file` with `change` applied, written next to `url` as `name`.
    static func variant(of url: URL, _ name: String, _ change: (inout SafeTensorsFile) -> Void) throws -> URL {
        var file = try SafeTensorsFile(contentsOf: url)
        change(&file)
        let target = url.deletingLastPathComponent().appendingPathComponent(name)
        try file.write(to: target)
        return target
    }

    /// Decodes `url` and restores it into fresh modules: the whole reading path.
    static func load(_ url: URL) throws {
        let checkpoint = try TrainingCheckpoint(contentsOf: url)
        let fresh = try Parts(seed: 2)
        _ = try checkpoint.restore(generator: fresh.generator, discriminator: fresh.discriminator,
                                   averagedGenerator: fresh.average, generatorOptimizer: fresh.generatorOptimizer,
                                   discriminatorOptimizer: fresh.discriminatorOptimizer)
    }

    /// The error `load` throws for `url`, checked to name the file.
    static func error(loading url: URL) -> CheckpointError? {
        do {
            try load(url)
            Issue.record("\(url.lastPathComponent) loaded")
            return nil
        } catch let error as CheckpointError {
            #expect(error.description.contains(url.path), "\(error)")
            return error
        } catch {
            Issue.record("expected a CheckpointError, got \(error)")
            return nil
        }
    }

    @Test func everythingRoundTripsThroughTheFile() throws {
        let (url, parts) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let checkpoint = try TrainingCheckpoint(contentsOf: url)
        #expect(checkpoint.isTraining)
        #expect(checkpoint.configuration == Self.configuration && checkpoint.vocabulary == Self.vocabulary)
        #expect(checkpoint.options == Self.options && checkpoint.state == Self.state)
        #expect(checkpoint.path == url.path)

        let fresh = try Parts(seed: 2)
        #expect(Self.values(fresh.generator) != Self.values(parts.generator))
        let state = try checkpoint.restore(generator: fresh.generator, discriminator: fresh.discriminator,
                                           averagedGenerator: fresh.average, generatorOptimizer: fresh.generatorOptimizer,
                                           discriminatorOptimizer: fresh.discriminatorOptimizer)
        #expect(state == Self.state)
        #expect(Self.values(fresh.generator) == Self.values(parts.generator))
        #expect(Self.values(fresh.discriminator) == Self.values(parts.discriminator))
        #expect(Self.values(fresh.average) == Self.values(parts.average))
        #expect(Self.moments(fresh.generatorOptimizer) == Self.moments(parts.generatorOptimizer))
        #expect(Self.moments(fresh.discriminatorOptimizer) == Self.moments(parts.discriminatorOptimizer))
        #expect(fresh.generatorOptimizer.step == 7 && fresh.discriminatorOptimizer.step == 9)
        // Sampling takes the moving average.
        #expect(Self.values(try checkpoint.samplingGenerator()) == Self.values(parts.average))
    }

    @Test func theFileFormatIsUnchanged() throws {
        let (url, _) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(Set(file.metadata.keys) == ["format", "configuration", "vocabulary", "training_options", "training_state"])
        #expect(file.metadata["format"] == "acgan-studio/1")
        #expect(file.metadata["training_state"] == #"{"batchIndex":5,"discriminatorOptimizerStep":9,"elapsedSeconds":12.25,"epoch":2,"generatorOptimizerStep":7,"iteration":42,"random":{"words":["1","18446744073709551615","3","1152921504606846976"]}}"#)
        #expect(file.metadata["configuration"] == #"{"conditionLength":3,"discriminatorMaxWidth":512,"discriminatorWidth":4,"generatorBlocks":1,"generatorWidth":4,"imageSize":32,"latentSize":8,"spectralNorm":false}"#)
        let prefixes = Set(file.tensors.keys.map { String($0.prefix { $0 != "." }) })
        #expect(prefixes == ["G", "G_ema", "D", "optimizer_G", "optimizer_D"])
        #expect(file.tensors.values.allSatisfy { $0.dtype == .float32 })
    }

    @Test func generatorFilesKeepTheirLayout() throws {
        let parts = try Parts(seed: 3)
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("generator.safetensors")
        try TrainingCheckpoint(generator: parts.average, vocabulary: Self.vocabulary, state: Self.state,
                               notes: ["exported_from": "checkpoint.safetensors"]).write(to: url, half: true)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(Set(file.metadata.keys) == ["format", "configuration", "vocabulary", "training_state", "exported_from"])
        #expect(file.tensors.keys.allSatisfy { $0.hasPrefix("G.") })
        #expect(file.tensors["G.bn0.num_batches_tracked"]?.dtype == .int64)
        #expect(file.tensors["G.fc.weight"]?.dtype == .float16)
        let checkpoint = try TrainingCheckpoint(contentsOf: url)
        #expect(!checkpoint.isTraining && checkpoint.state == Self.state && checkpoint.notes == ["exported_from": "checkpoint.safetensors"])
        let sampled = try checkpoint.samplingGenerator().stateDictValues()
        for (key, value) in parts.average.stateDictValues() {
            #expect(zip(sampled[key]!.scalars, value.scalars).allSatisfy { abs($0 - $1) <= 1e-3 * max(1, abs($1)) }, "\(key)")
        }
        // Resuming from a generator file says what is missing and what to do.
        let error = Self.error(loading: url)
        guard case .missingMetadata(_, "training_options")? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error!.description.contains("cannot resume"))
    }

    @Test func theBundledModelStillLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Models/\(BundledModel.fileName)")
        let checkpoint = try TrainingCheckpoint(contentsOf: url)
        #expect(checkpoint.configuration.imageSize == 64 && checkpoint.averagedGenerator == nil)
        // Exported by Scripts/train_bundled_model.sh from the kept generator it chose, with
        // standing batch-norm statistics.
        #expect(Int(checkpoint.notes["iterations"] ?? "") ?? 0 > 0 && checkpoint.notes["exported_from"]?.hasPrefix("iter_") == true)
        #expect(checkpoint.notes["standing_statistics"] != nil)
        _ = try checkpoint.samplingGenerator()
    }

    @Test(arguments: ["configuration", "vocabulary", "training_options", "training_state"])
    func corruptJSONInAMetadataKeyIsInvalidMetadata(key: String) throws {
        let (url, _) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let broken = try Self.variant(of: url, "broken-\(key).safetensors") { $0.metadata[key] = #"{"imageSize": 3"# }
        let error = Self.error(loading: broken)
        guard case .invalidMetadata(let path, let reportedKey, let reason)? = error else {
            Issue.record("expected invalidMetadata for \(key), got \(String(describing: error))")
            return
        }
        #expect(path == broken.path && reportedKey == key)
        #expect(reason.contains("JSON"), "\(reason)")
        #expect(error!.description.contains("'\(key)'"))
        // Valid JSON with a wrong field is also named.
        let wrongField = try Self.variant(of: url, "field-\(key).safetensors") { $0.metadata[key] = #"{"imageSize": "big"}"# }
        guard case .invalidMetadata(_, key, _)? = Self.error(loading: wrongField) else {
            Issue.record("a wrong field in \(key) was not invalidMetadata")
            return
        }
    }

    @Test func randomStateOfZerosIsInvalidMetadata() throws {
        let (url, parts) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var state = Self.state
        state.random = RandomGeneratorState([0, 0, 0, 0])
        try parts.checkpoint(state: state).write(to: url)
        guard case .invalidMetadata(_, "training_state", let reason)? = Self.error(loading: url) else {
            Issue.record("a zero random state loaded")
            return
        }
        #expect(reason.contains("random"))
    }

    @Test(arguments: ["format", "configuration", "vocabulary", "training_options", "training_state"])
    func missingMetadataKeyIsNamed(key: String) throws {
        let (url, _) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let missing = try Self.variant(of: url, "no-\(key).safetensors") { $0.metadata[key] = nil }
        if key == "format" {
            try Self.load(missing)  // files from before `format` existed still load
            let other = try Self.variant(of: url, "other-format.safetensors") { $0.metadata["format"] = "acgan-studio/2" }
            guard case .invalidMetadata(_, "format", let reason)? = Self.error(loading: other) else {
                Issue.record("another format loaded")
                return
            }
            #expect(reason.contains("acgan-studio/2"))
            return
        }
        guard case .missingMetadata(let path, let reportedKey)? = Self.error(loading: missing) else {
            Issue.record("expected missingMetadata for \(key)")
            return
        }
        #expect(path == missing.path && reportedKey == key)
    }

    @Test(arguments: ["D.fc.weight", "optimizer_G.fc.weight.exp_avg", "G_ema.conv_out.weight"])
    func wrongShapeNamesTheTensor(key: String) throws {
        let (url, _) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let file = try SafeTensorsFile(contentsOf: url)
        let target = file.tensors[key] != nil ? key : file.tensors.keys.sorted().first { $0.hasPrefix(key.prefix { $0 != "." } + ".") && $0.hasSuffix("weight") }!
        let original = file.tensors[target]!
        let reshaped = try Self.variant(of: url, "reshaped.safetensors") {
            $0.tensors[target] = SafeTensor(shape: [original.values.count + 1], values: original.values + [0])
        }
        guard case .wrongShape(_, let reportedKey, let expected, let found)? = Self.error(loading: reshaped) else {
            Issue.record("a wrong shape of \(target) loaded")
            return
        }
        #expect(reportedKey == target && expected == original.shape && found == [original.values.count + 1])
    }

    @Test(arguments: ["D.", "optimizer_D.", "G."])
    func missingTensorIsNamed(prefix: String) throws {
        let (url, _) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let file = try SafeTensorsFile(contentsOf: url)
        let removed = file.tensors.keys.sorted().first { $0.hasPrefix(prefix) }!
        let incomplete = try Self.variant(of: url, "incomplete.safetensors") { $0.tensors[removed] = nil }
        guard case .missingTensors(_, let keys)? = Self.error(loading: incomplete) else {
            Issue.record("a file without \(removed) loaded")
            return
        }
        #expect(keys == [removed])
    }

    @Test func truncatedFileIsUnreadableAndNamesTheTensor() throws {
        let (url, _) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let bytes = try Data(contentsOf: url)
        let truncated = url.deletingLastPathComponent().appendingPathComponent("truncated.safetensors")
        try bytes.prefix(bytes.count - 100).write(to: truncated)
        guard case .unreadable(let path, let reason)? = Self.error(loading: truncated) else {
            Issue.record("a truncated file loaded")
            return
        }
        #expect(path == truncated.path)
        #expect(reason.contains("tensor '"), "\(reason)")
        // Cut inside the header too.
        try bytes.prefix(20).write(to: truncated)
        guard case .unreadable? = Self.error(loading: truncated) else { Issue.record("a 20-byte file loaded"); return }
    }

    @Test func aFailedWriteLeavesThePreviousFile() throws {
        let (url, parts) = try Self.written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let before = try Data(contentsOf: url)
        var state = Self.state
        state.elapsedSeconds = .nan  // JSON cannot hold NaN: encoding fails before anything is written
        #expect {
            try parts.checkpoint(state: state).write(to: url)
        } throws: { error in
            guard case .invalidMetadata(url.path, "training_state", _)? = error as? CheckpointError else { return false }
            return true
        }
        #expect(try Data(contentsOf: url) == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(names == ["checkpoint.safetensors"])
    }
}
