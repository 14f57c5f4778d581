import AnimeData
import NeuralNetwork
import Optimizers
import Randomness
import SafeTensors

extension TrainingCheckpoint {
    /// A training checkpoint of a run: G, D, the moving average of G, both Adam states,
    /// the options and where the run is.
    public init(generator: Generator, discriminator: Discriminator, averagedGenerator: Generator?,
                generatorOptimizer: Adam, discriminatorOptimizer: Adam, vocabulary: TagVocabulary,
                options: TrainingOptions, state: TrainingState) {
        self.init(configuration: generator.configuration, vocabulary: vocabulary,
                  generator: generator.stateDictTensors(), averagedGenerator: averagedGenerator?.stateDictTensors(),
                  discriminator: discriminator.stateDictTensors(),
                  generatorOptimizer: Self.tensors(of: generatorOptimizer),
                  discriminatorOptimizer: Self.tensors(of: discriminatorOptimizer),
                  options: options, state: state)
    }

    /// A generator file: `generator`'s weights (under `G.`) to sample with, with `state`
    /// (where the run it came from was) and `notes` kept for provenance.
    public init(generator: Generator, vocabulary: TagVocabulary, state: TrainingState? = nil, notes: [String: String] = [:]) {
        self.init(configuration: generator.configuration, vocabulary: vocabulary, generator: generator.stateDictTensors(),
                  state: state, notes: notes)
    }

    /// Adam's moments under PyTorch's names (`<parameter>.exp_avg`, `.exp_avg_sq`).
    static func tensors(of optimizer: Adam) -> [String: SafeTensor] {
        var result: [String: SafeTensor] = [:]
        for (key, tensor) in optimizer.stateTensors().tensors {
            result[key] = SafeTensor(shape: tensor.shape, values: tensor.scalars)
        }
        return result
    }

    /// The generator to sample with, in eval mode: the moving average (`G_ema.`) when the file
    /// has one, else `G.` (or the bare keys of a PyTorch export).
    public func samplingGenerator() throws -> Generator {
        var rng = RandomGenerator(seed: 0)
        let generator = Generator(configuration, using: &rng)
        if let averagedGenerator {
            try load(averagedGenerator, prefix: "G_ema.", into: generator)
        } else {
            try load(self.generator, prefix: "G.", into: generator)
        }
        generator.eval()
        return generator
    }

    /// Loads a training checkpoint into a run's modules and optimisers (built for this
    /// checkpoint's configuration) and returns where the run was. A trainer with a moving
    /// average resumed from a checkpoint without one starts the average from G.
    /// - Throws: `CheckpointError` naming the missing metadata key or tensor, or the tensor
    ///   whose shape does not fit.
    public func restore(generator: Generator, discriminator: Discriminator, averagedGenerator: Generator?,
                        generatorOptimizer: Adam, discriminatorOptimizer: Adam) throws -> TrainingState {
        guard options != nil else { throw CheckpointError.missingMetadata(path: path, key: "training_options") }
        guard let state else { throw CheckpointError.missingMetadata(path: path, key: "training_state") }
        guard let discriminatorWeights = self.discriminator else { throw CheckpointError.missingTensors(path: path, keys: ["D.*"]) }
        guard let generatorMoments = self.generatorOptimizer else { throw CheckpointError.missingTensors(path: path, keys: ["optimizer_G.*"]) }
        guard let discriminatorMoments = self.discriminatorOptimizer else { throw CheckpointError.missingTensors(path: path, keys: ["optimizer_D.*"]) }
        try load(self.generator, prefix: "G.", into: generator)
        try load(discriminatorWeights, prefix: "D.", into: discriminator)
        if let averagedGenerator {
            if let saved = self.averagedGenerator {
                try load(saved, prefix: "G_ema.", into: averagedGenerator)
            } else {
                try load(self.generator, prefix: "G.", into: averagedGenerator)
            }
        }
        try load(generatorMoments, prefix: "optimizer_G.", into: generatorOptimizer, step: state.generatorOptimizerStep)
        try load(discriminatorMoments, prefix: "optimizer_D.", into: discriminatorOptimizer, step: state.discriminatorOptimizerStep)
        return state
    }


    /// Loads a state dict into `module`, with errors that name the file and the full key.
    private func load(_ tensors: [String: SafeTensor], prefix: String, into module: Module) throws {
        do {
            try module.loadStateDict(tensors.mapValues { (shape: $0.shape, scalars: $0.values) }, strict: false)
        } catch StateDictError.missingKeys(let keys) {
            throw CheckpointError.missingTensors(path: path, keys: keys.map { prefix + $0 })
        } catch StateDictError.shapeMismatch(let key, let expected, let found) {
            throw CheckpointError.wrongShape(path: path, key: prefix + key, expected: expected, found: found)
        }
    }

    /// Loads Adam's moments into `optimizer`, with errors that name the file and the full key.
    private func load(_ tensors: [String: SafeTensor], prefix: String, into optimizer: Adam, step: Int) throws {
        do {
            try optimizer.loadState(tensors.mapValues { (shape: $0.shape, scalars: $0.values) }, step: step)
        } catch OptimizerStateError.missing(let key) {
            throw CheckpointError.missingTensors(path: path, keys: [prefix + key])
        } catch OptimizerStateError.shapeMismatch(let key, let expected, let found) {
            throw CheckpointError.wrongShape(path: path, key: prefix + key, expected: expected, found: found)
        }
    }
}
