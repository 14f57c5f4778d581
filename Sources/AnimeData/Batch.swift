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

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast generator whose whole state is one
/// UInt64, so shuffles are reproducible from a seed on every platform.
struct BatchShuffleGenerator: RandomNumberGenerator {
    var state: UInt64

    /// A generator for one (seed, stream) pair, e.g. (training seed, epoch).
    init(seed: UInt64, stream: UInt64) {
        state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
