/// A small seeded generator (Steele, Lea and Flood's SplitMix64) so that every random choice in
/// an evaluation (MS-SSIM pairs, KID subsets) depends only on the seed, not on the platform or on
/// the Swift standard library's sampling algorithms.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform index in 0..<bound by 128-bit multiply-shift (bias below 2^-40 for our sizes).
    mutating func nextIndex(below bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
