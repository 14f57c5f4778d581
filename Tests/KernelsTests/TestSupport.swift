import Randomness
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
    mutating func array(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = next() }
            initialized = count
        }
    }
}

/// max |actual - expected| / max |expected|: the error relative to the scale of the result,
/// which stays meaningful when single entries of the expected result are near zero.
func relativeError(_ actual: [Float], _ expected: [Float]) -> Float {
    precondition(actual.count == expected.count, "compared arrays differ in length")
    // Pointer loops: tests build without optimisation, and some arrays have millions of values.
    return actual.withUnsafeBufferPointer { a in
        expected.withUnsafeBufferPointer { e in
            var difference: Float = 0, scale: Float = 0
            var i = 0
            while i < a.count {
                let d = a[i] - e[i], m = e[i]
                if d > difference { difference = d } else if -d > difference { difference = -d }
                if m > scale { scale = m } else if -m > scale { scale = -m }
                i += 1
            }
            return difference / max(scale, 1e-20)
        }
    }
}
