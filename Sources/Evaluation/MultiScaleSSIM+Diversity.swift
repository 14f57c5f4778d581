import AnimeData
import Randomness
/// Intra-class diversity as in the ACGAN paper: the mean MS-SSIM of random pairs of images of
/// one class. Lower is more diverse; a class whose generated faces score above the real faces
/// of that class is less varied than the data.
extension MultiScaleSSIM {
    /// Mean MS-SSIM over `pairs` random pairs of distinct images (i != j, drawn with
    /// replacement between pairs), all `width` x `height` x `channels` bytes, HWC.
    /// Reproducible: the pairs depend only on `seed` and the image count.
    public func meanPairwiseMSSSIM(images: [[UInt8]], width: Int, height: Int, channels: Int = 3,
                                   pairs: Int = 100, seed: UInt64) throws -> Double {
        guard images.count >= 2 else {
            throw EvaluationError.tooFewSamples(name: "images for pairwise MS-SSIM",
                                                count: images.count, minimum: 2)
        }
        guard pairs > 0 else {
            throw EvaluationError.invalidParameter(name: "pairs", value: "\(pairs)",
                                                   reason: "must be at least 1")
        }
        var total = 0.0
        for (first, second) in Self.randomPairs(count: images.count, pairs: pairs, seed: seed) {
            total += try score(images[first], images[second], width: width, height: height,
                               channels: channels)
        }
        return total / Double(pairs)
    }

    /// The index pairs `meanPairwiseMSSSIM` uses: `pairs` pairs (i, j) with i != j, both in
    /// 0..<count, from a SplitMix64 stream seeded with `seed`.
    public static func randomPairs(count: Int, pairs: Int, seed: UInt64) -> [(Int, Int)] {
        guard count >= 2 else { return [] }
        var rng = SplitMix64(seed: seed)
        return (0..<pairs).map { _ in
            let first = rng.nextIndex(below: count)
            var second = rng.nextIndex(below: count - 1)
            if second >= first { second += 1 }
            return (first, second)
        }
    }
}
