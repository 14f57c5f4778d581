/// One training batch, ready to wrap in tensors.
public struct Batch: Sendable {
    /// Number of images N.
    public let count: Int
    /// Image side S.
    public let imageSize: Int
    /// (N, 3, S, S), NCHW, values in [-1, 1] (`byte / 127.5 - 1`).
    public let pixels: [Float]
    /// (N, T) condition vectors, `T = vocabulary.conditionLength` (one-hot groups, 0/1 tags).
    public let conditions: [Float]
    /// The N labels the conditions were made from.
    public let labels: [TagLabels]
    /// Which data-set images these are, in batch order.
    public let datasetIndices: [Int]
    /// Whether each image was mirrored (augmentation).
    public let flipped: [Bool]

    /// Creates a batch from its parts (the loader does this; tests may too).
    public init(count: Int, imageSize: Int, pixels: [Float], conditions: [Float], labels: [TagLabels],
                datasetIndices: [Int], flipped: [Bool]) {
        precondition(pixels.count == count * 3 * imageSize * imageSize, "pixels must be (N, 3, S, S)")
        precondition(labels.count == count && datasetIndices.count == count && flipped.count == count)
        self.count = count
        self.imageSize = imageSize
        self.pixels = pixels
        self.conditions = conditions
        self.labels = labels
        self.datasetIndices = datasetIndices
        self.flipped = flipped
    }
}
