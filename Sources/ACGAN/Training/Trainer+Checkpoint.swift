import Foundation
import Randomness

extension Trainer {
    /// Writes `checkpoint.safetensors` atomically (see `TrainingCheckpoint`): G, D, the EMA of
    /// G, both Adam states, and in metadata the configuration, vocabulary, options and
    /// `TrainingState` (iteration, noise generator, data position). A run killed at any moment
    /// leaves the previous checkpoint or this one.
    public func saveCheckpoint() throws {
        var saved = state
        saved.random = RandomGeneratorState(rng.state)
        let position = loader.position
        saved.epoch = position.epoch
        saved.batchIndex = position.batchIndex
        saved.generatorOptimizerStep = step.generatorOptimizer.step
        saved.discriminatorOptimizerStep = step.discriminatorOptimizer.step
        var checkpoint = TrainingCheckpoint(generator: generator, discriminator: discriminator, averagedGenerator: averagedGenerator,
                                            generatorOptimizer: step.generatorOptimizer,
                                            discriminatorOptimizer: step.discriminatorOptimizer,
                                            vocabulary: vocabulary, options: options, state: saved)
        checkpoint.path = checkpointURL.path
        try checkpoint.write(to: checkpointURL, half: false) { [fault] in
            fault.reached(.duringCheckpoint, iteration: saved.iteration)
        }
    }

    /// Loads everything `saveCheckpoint` wrote.
    func restore(from checkpoint: TrainingCheckpoint) throws {
        let saved = try checkpoint.restore(generator: generator, discriminator: discriminator, averagedGenerator: averagedGenerator,
                                           generatorOptimizer: step.generatorOptimizer,
                                           discriminatorOptimizer: step.discriminatorOptimizer)
        // TrainingCheckpoint has checked the words when it decoded the state.
        guard let words = saved.random.values else {
            throw CheckpointError.invalidMetadata(path: checkpoint.path, key: "training_state", reason: "'random' is not a generator state")
        }
        rng = RandomGenerator(state: words)
        state = saved
        if loader.batchesPerEpoch > 0 {
            loader.seek(epoch: saved.epoch, batchIndex: min(saved.batchIndex, loader.batchesPerEpoch - 1))
        }
    }
}
