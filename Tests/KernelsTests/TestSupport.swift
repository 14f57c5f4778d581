// Shared helpers for the kernel tests: seeded numbers and an error measure.

/// SplitMix64: the same numbers on every run, so a failure reproduces.
struct SeededNumbers {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A uniform value in [-1, 1).
    mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 23) - 1
    }

    /// `count` uniform values in [-1, 1).
    mutating func array(_ count: Int) -> [Float] { (0..<count).map { _ in next() } }
}

/// max |actual - expected| / max |expected|: the error relative to the scale of the result,
/// which stays meaningful when single entries of the expected result are near zero.
func relativeError(_ actual: [Float], _ expected: [Float]) -> Float {
    precondition(actual.count == expected.count, "compared arrays differ in length")
    var difference: Float = 0, scale: Float = 0
    for (a, e) in zip(actual, expected) {
        difference = max(difference, abs(a - e))
        scale = max(scale, abs(e))
    }
    return difference / max(scale, 1e-20)
}
