import Foundation

/// A small seeded pseudo-random generator (SplitMix64, Steele, Lea & Flood 2014), the one used
/// for data order, synthetic avatars, evaluation sampling and the studio's seeds.
///
/// Results must be the same for the same seed on every machine and every Swift version, so it
/// never uses the system generator and never relies on the standard library's
/// `random(in:using:)` algorithms: every draw below is written out here. (`RandomGenerator`,
/// xoshiro256**, beside it draws noise and weights.)
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The whole state: a 64-bit counter advanced by the golden-ratio increment.
    public private(set) var state: UInt64

    /// Starts the sequence at `seed`; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for item `index` of a stream seeded with `seed`. Items of one data set get
    /// independent, order-free generators, so images can be rendered in any order (or in
    /// parallel) and still come out identical.
    public init(seed: UInt64, index: Int) {
        var mixer = SplitMix64(seed: seed ^ 0x6A09_E667_F3BC_C909)
        let base = mixer.next()
        state = SplitMix64.mix(base &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
    }

    /// A generator for stream `stream` of `seed` (e.g. the shuffle of one epoch).
    public init(seed: UInt64, stream: UInt64) {
        state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform `Double` in [0, 1) from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Double` in `range` (lower bound included, upper excluded).
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// A uniform integer in 0..<count (tiny modulo bias, irrelevant for drawing).
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0, "index(below:) needs a positive count")
        return Int(next() % UInt64(count))
    }

    /// A uniform integer in 0..<bound by the multiply-high method (no modulo bias).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A standard normal value by the Box-Muller transform (1 - u lies in (0, 1], so the
    /// logarithm is finite).
    public mutating func nextStandardNormal() -> Double {
        let radius = (-2 * log(1 - nextUnit())).squareRoot()
        let angle = 2 * Double.pi * nextUnit()
        return radius * cos(angle)
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        nextUnit() < probability
    }

    /// An index drawn with probability proportional to `weights` (which need not sum to 1).
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return index(below: weights.count) }
        var remaining = nextUnit() * total
        for (position, weight) in weights.enumerated() {
            remaining -= weight
            if remaining < 0 { return position }
        }
        return weights.count - 1
    }

    /// The SplitMix64 output function (a 64-bit finaliser).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
