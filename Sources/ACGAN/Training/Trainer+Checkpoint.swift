import Foundation
import NeuralNetwork
import Tensors
import Randomness
import SafeTensors

extension Trainer {
    /// Writes `checkpoint.safetensors` atomically: G, D, the EMA of G, both Adam states,
    /// and in metadata the configuration, vocabulary, options and `TrainingState` (iteration,
    /// noise generator, data position). A run killed at any moment leaves the previous one.
    public func saveCheckpoint() throws {
        var tensors = generator.stateDictTensors(prefix: "G.")
        tensors.merge(discriminator.stateDictTensors(prefix: "D.")) { $1 }
        if let averagedGenerator { tensors.merge(averagedGenerator.stateDictTensors(prefix: "G_ema.")) { $1 } }
        for (prefix, optimizer) in [("optimizer_G.", step.generatorOptimizer), ("optimizer_D.", step.discriminatorOptimizer)] {
            for (key, tensor) in optimizer.stateTensors().tensors {
                tensors[prefix + key] = SafeTensor(shape: tensor.shape, values: tensor.scalars)
            }
        }
        var saved = state
        saved.random = RandomGeneratorState(rng.state)
        let position = loader.position
        saved.epoch = position.epoch
        saved.batchIndex = position.batchIndex
        saved.generatorOptimizerStep = step.generatorOptimizer.step
        saved.discriminatorOptimizerStep = step.discriminatorOptimizer.step
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata = try Checkpoint.metadata(configuration: options.model, vocabulary: dataset.vocabulary)
        metadata["training_options"] = String(decoding: try encoder.encode(options), as: UTF8.self)
        metadata["training_state"] = String(decoding: try encoder.encode(saved), as: UTF8.self)
        try SafeTensorsFile(tensors: tensors, metadata: metadata).write(to: checkpointURL)
    }

    /// Loads everything `saveCheckpoint` wrote.
    func restore(from file: SafeTensorsFile) throws {
        let path = checkpointURL.path
        guard let text = file.metadata["training_state"],
              let saved = try? JSONDecoder().decode(TrainingState.self, from: Data(text.utf8)),
              let words = saved.random.values else {
            throw CheckpointError.missingMetadata(path: path, key: "training_state")
        }
        do {
            try generator.loadStateDict(from: file, prefix: "G.")
            try discriminator.loadStateDict(from: file, prefix: "D.")
            if let averagedGenerator {
                let hasAverage = file.tensors.keys.contains { $0.hasPrefix("G_ema.") }
                try averagedGenerator.loadStateDict(from: file, prefix: hasAverage ? "G_ema." : "G.")
            }
            for (prefix, optimizer, count) in [("optimizer_G.", step.generatorOptimizer, saved.generatorOptimizerStep),
                                               ("optimizer_D.", step.discriminatorOptimizer, saved.discriminatorOptimizerStep)] {
                var values: [String: (shape: [Int], scalars: [Float])] = [:]
                for (key, tensor) in file.tensors where key.hasPrefix(prefix) {
                    values[String(key.dropFirst(prefix.count))] = (tensor.shape, tensor.values)
                }
                try optimizer.loadState(values, step: count)
            }
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.incompatible(path: path, reason: "\(error)")
        }
        rng = RandomGenerator(state: words)
        state = saved
        if loader.batchesPerEpoch > 0 {
            loader.seek(epoch: saved.epoch, batchIndex: min(saved.batchIndex, loader.batchesPerEpoch - 1))
        }
    }
}
