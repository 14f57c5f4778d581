/// How a classifier was trained and how well it does on the faces it never saw; stored in its
/// file so every evaluation can show the classifier's own accuracy beside the generator's.
public struct ClassifierTrainingSummary: Codable, Sendable, Equatable {
    /// The data folder it was trained on (as given on the command line).
    public var dataSet: String
    /// The train / held-out split of that data set.
    public var split: HeldOutSplit
    /// Images trained on.
    public var trainingCount: Int
    /// Images held out and scored.
    public var heldOutCount: Int
    /// Passes over the training images.
    public var epochs: Int
    /// Images per step.
    public var batchSize: Int
    /// Seed of the weights, shuffles and flips.
    public var seed: UInt64
    /// Wall-clock training time in seconds.
    public var seconds: Double
    /// Accuracy on the held-out real faces.
    public var heldOutAccuracy: ClassifierAccuracy
    /// The root-mean-square error of each continuous attribute on the held-out real faces
    /// (absent without continuous attributes).
    public var heldOutContinuousError: [ContinuousReadError]?

    /// A summary from its parts.
    public init(dataSet: String, split: HeldOutSplit, trainingCount: Int, heldOutCount: Int, epochs: Int,
                batchSize: Int, seed: UInt64, seconds: Double, heldOutAccuracy: ClassifierAccuracy,
                heldOutContinuousError: [ContinuousReadError]? = nil) {
        self.dataSet = dataSet
        self.split = split
        self.trainingCount = trainingCount
        self.heldOutCount = heldOutCount
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
        self.seconds = seconds
        self.heldOutAccuracy = heldOutAccuracy
        self.heldOutContinuousError = heldOutContinuousError
    }
}
