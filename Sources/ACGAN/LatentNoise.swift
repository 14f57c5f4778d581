import AnimeData
import Foundation
import Randomness

/// Latent vectors `z` from seeds, with optional truncation.
///
/// The same seed, size and truncation always give the same floats, so a seed in a share
/// link or a history entry reproduces its face exactly.
public enum LatentNoise {
    /// The smallest truncation threshold: about 1 standard normal draw in 12.5 lies within
    /// ±0.1, so redrawing stays cheap. Below it the draws kept become vanishingly rare (one in
    /// 10^30 at 1e-30), which is why smaller thresholds are refused rather than drawn.
    public static let minimumTruncation = 0.1

    /// Draws per component before the redrawing stops and the last draw is clamped to the
    /// threshold. At the smallest allowed threshold a component needs more than 1,000 draws
    /// with probability 0.92^1000 < 10^-36, so this never changes a face drawn with a valid
    /// threshold; it only guarantees that no threshold, however small, loops forever.
    public static let maximumDraws = 1_000

    /// Checks a truncation threshold: a finite number of at least `minimumTruncation`.
    /// - Throws: `LatentNoiseError.invalidTruncation` with the allowed range.
    public static func validate(truncation: Double) throws(LatentNoiseError) {
        guard truncation.isFinite, truncation >= minimumTruncation else {
            throw LatentNoiseError.invalidTruncation(truncation)
        }
    }

    /// The latent for `seed`: `size` standard normal floats drawn with `SplitMix64`.
    ///
    /// With a `truncation` threshold, each component is redrawn while |z| > threshold (the
    /// "truncation trick" of Brock et al., BigGAN, 2019): faces get more typical and cleaner,
    /// less varied. Redrawing, rather than clamping, keeps the distribution smooth inside the
    /// bounds; at the smallest allowed threshold (`minimumTruncation`, 0.1) about 1 draw in
    /// 12 is kept. Check a threshold from outside with `validate(truncation:)` first: this
    /// function does not throw, and below the minimum it stops redrawing after
    /// `maximumDraws` and clamps (so it always returns, but those faces are not meaningful).
    public static func latent(seed: UInt64, size: Int, truncation: Double? = nil) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var latent = [Float](repeating: 0, count: size)
        for index in 0..<size {
            var value = rng.nextStandardNormal()
            if let truncation {
                var draws = 1
                while abs(value) > truncation {
                    guard draws < maximumDraws else {
                        value = max(-truncation, min(truncation, value))
                        break
                    }
                    value = rng.nextStandardNormal()
                    draws += 1
                }
            }
            latent[index] = Float(value)
        }
        return latent
    }

    /// Spherical linear interpolation between two latents at `fraction` in [0, 1].
    ///
    /// Gaussian latents live near a sphere of radius sqrt(size); straight-line blends pass
    /// closer to the origin, where a generator has seen few inputs and draws washed-out faces
    /// (White, "Sampling generative networks", 2016). Nearly parallel vectors fall back to a
    /// straight line, where the two agree anyway and the spherical formula divides by ~0.
    public static func slerp(from start: [Float], to end: [Float], fraction: Double) -> [Float] {
        precondition(start.count == end.count, "slerp: latents of different sizes")
        var dot = 0.0, startNorm = 0.0, endNorm = 0.0
        for index in start.indices {
            dot += Double(start[index]) * Double(end[index])
            startNorm += Double(start[index]) * Double(start[index])
            endNorm += Double(end[index]) * Double(end[index])
        }
        let cosine = startNorm > 0 && endNorm > 0
            ? max(-1, min(1, dot / (startNorm.squareRoot() * endNorm.squareRoot())))
            : 1
        let angle = acos(cosine)
        let startWeight: Double
        let endWeight: Double
        if sin(angle) < 1e-6 {
            startWeight = 1 - fraction
            endWeight = fraction
        } else {
            startWeight = sin((1 - fraction) * angle) / sin(angle)
            endWeight = sin(fraction * angle) / sin(angle)
        }
        return start.indices.map {
            Float(startWeight * Double(start[$0]) + endWeight * Double(end[$0]))
        }
    }

    /// Straight-line blend of two condition vectors at `fraction` in [0, 1]: one-hot blocks
    /// become mixtures, which a conditional generator renders as a gradual change of tag.
    public static func lerp(from start: [Float], to end: [Float], fraction: Double) -> [Float] {
        precondition(start.count == end.count, "lerp: vectors of different sizes")
        return start.indices.map {
            Float((1 - fraction) * Double(start[$0]) + fraction * Double(end[$0]))
        }
    }
}

/// A truncation threshold that cannot be used.
public enum LatentNoiseError: Error, CustomStringConvertible, Equatable {
    /// Not a finite number of at least `LatentNoise.minimumTruncation`.
    case invalidTruncation(Double)

    /// What a truncation threshold must be, for messages.
    public static let truncationRequirement = "use a number of at least \(LatentNoise.minimumTruncation) "
        + "(smaller thresholds keep almost no noise draws), or leave it out for no truncation"

    public var description: String {
        switch self {
        case .invalidTruncation(let value): return "truncation \(value): \(Self.truncationRequirement)"
        }
    }
}
