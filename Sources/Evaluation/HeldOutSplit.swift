import AnimeData
import Randomness
/// Which images of a data set the classifier trains on and which it is scored on. A seeded
/// shuffle of the indices: the first `ceil(fraction * count)` are held out. Stored in the
/// classifier file, so `acgan evaluate` can score the classifier on the very faces it never saw.
public struct HeldOutSplit: Codable, Sendable, Equatable {
    /// Number of images in the data set that was split.
    public var datasetCount: Int
    /// Share of images held out, in (0, 1).
    public var fraction: Double
    /// Seed of the shuffle.
    public var seed: UInt64

    /// A split of `datasetCount` images.
    public init(datasetCount: Int, fraction: Double, seed: UInt64) {
        self.datasetCount = datasetCount
        self.fraction = fraction
        self.seed = seed
    }

    /// Number of held-out images: `ceil(fraction * count)`, at least 1 and leaving at least 1.
    public var heldOutCount: Int {
        guard datasetCount >= 2 else { return 0 }
        return min(datasetCount - 1, max(1, Int((fraction * Double(datasetCount)).rounded(.up))))
    }

    /// The held-out indices, ascending.
    public var heldOut: [Int] { Array(shuffled.prefix(heldOutCount)).sorted() }
    /// The training indices, ascending.
    public var training: [Int] { Array(shuffled.dropFirst(heldOutCount)).sorted() }

    /// 0..<count in the order of a Fisher-Yates shuffle seeded with `seed`.
    private var shuffled: [Int] {
        var rng = SplitMix64(seed: seed ^ 0x5EED_0F_C1A5_51F1)
        var order = Array(0..<datasetCount)
        for position in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(position, rng.nextIndex(below: position + 1))
        }
        return order
    }
}
