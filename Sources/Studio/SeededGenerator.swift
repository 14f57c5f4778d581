import Foundation

/// A small, fast, seedable random number generator: SplitMix64 (Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014).
///
/// The Studio needs reproducible draws from a seed that a person can type and share, on
/// every platform and in every Swift version; `SystemRandomNumberGenerator` cannot be seeded.
/// The output sequence for a seed is part of the share-link contract: changing it changes
/// every shared face.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Starts the sequence for `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits of the next output, so the mapping
    /// from bits to numbers is exact and the same on every platform.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw by the Box-Muller transform (one of the two values is used, so
    /// each draw consumes exactly two outputs and draws never depend on earlier ones' parity).
    public mutating func nextStandardNormal() -> Double {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let radius = (-2 * log(1 - nextUnitInterval())).squareRoot()
        let angle = 2 * Double.pi * nextUnitInterval()
        return radius * cos(angle)
    }
}
