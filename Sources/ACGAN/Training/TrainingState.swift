/// Where a run is: saved in every checkpoint's metadata, so a resumed run continues exactly.
public struct TrainingState: Codable, Sendable, Equatable {
    /// Iterations completed.
    public var iteration: Int
    /// The noise generator's state.
    public var random: RandomGeneratorState
    /// The data loader's position.
    public var epoch: Int
    public var batchIndex: Int
    /// Training time so far, in seconds (not counting time between runs).
    public var elapsedSeconds: Double
    /// Adam's step counts of G and D.
    public var generatorOptimizerStep: Int
    public var discriminatorOptimizerStep: Int

    public init(iteration: Int, random: RandomGeneratorState, epoch: Int, batchIndex: Int, elapsedSeconds: Double,
                generatorOptimizerStep: Int, discriminatorOptimizerStep: Int) {
        self.iteration = iteration
        self.random = random
        self.epoch = epoch
        self.batchIndex = batchIndex
        self.elapsedSeconds = elapsedSeconds
        self.generatorOptimizerStep = generatorOptimizerStep
        self.discriminatorOptimizerStep = discriminatorOptimizerStep
    }
}

/// A random generator's state in a form JSON keeps exactly (64-bit words as strings, since
/// JSON numbers lose precision past 2^53).
public struct RandomGeneratorState: Codable, Sendable, Equatable {
    public var words: [String]
    public init(_ words: [UInt64]) { self.words = words.map { String($0) } }
    public var values: [UInt64]? {
        let parsed = words.compactMap(UInt64.init)
        return parsed.count == 4 && parsed.contains { $0 != 0 } ? parsed : nil
    }
}
