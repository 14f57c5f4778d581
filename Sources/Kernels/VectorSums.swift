// Reductions written with SIMD accumulators.
//
// Why: swiftc (rightly) does not reorder Float additions, so `sum += x[i]` is one long
// dependency chain, a few times slower than memory. Several SIMD accumulators give the
// compiler independent chains (and SSE/AVX lanes on baseline x86-64) without fast-math.

/// Sums over contiguous Float runs, 16 lanes at a time in two SIMD8 accumulators.
enum VectorSums {
    /// sum of x[0..<count].
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var a = SIMD8<Float>(), b = SIMD8<Float>()
        let raw = UnsafeRawPointer(x)
        var i = 0
        while i + 16 <= count {
            a += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            b += raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        var total = (a + b).sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }

    /// sum of (x[i] - center)^2.
    @inline(__always)
    static func sumOfSquaredDeviations(_ x: UnsafePointer<Float>, _ count: Int,
                                       from center: Float) -> Float {
        var a = SIMD8<Float>(), b = SIMD8<Float>()
        let c = SIMD8<Float>(repeating: center)
        let raw = UnsafeRawPointer(x)
        var i = 0
        while i + 16 <= count {
            let u = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - c
            let v = raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) - c
            a += u * u
            b += v * v
            i += 16
        }
        var total = (a + b).sum()
        while i < count { let d = x[i] - center; total += d * d; i += 1 }
        return total
    }

    /// (sum of g[i], sum of g[i] * (x[i] - center)): what batch-norm backward needs.
    @inline(__always)
    static func sumAndCenteredDot(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                  _ count: Int, center: Float) -> (Float, Float) {
        var sumA = SIMD8<Float>(), sumB = SIMD8<Float>()
        var dotA = SIMD8<Float>(), dotB = SIMD8<Float>()
        let c = SIMD8<Float>(repeating: center)
        let rawG = UnsafeRawPointer(g), rawX = UnsafeRawPointer(x)
        var i = 0
        while i + 16 <= count {
            let g0 = rawG.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let g1 = rawG.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            let x0 = rawX.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - c
            let x1 = rawX.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) - c
            sumA += g0
            sumB += g1
            dotA += g0 * x0
            dotB += g1 * x1
            i += 16
        }
        var total = (sumA + sumB).sum(), dot = (dotA + dotB).sum()
        while i < count {
            total += g[i]
            dot += g[i] * (x[i] - center)
            i += 1
        }
        return (total, dot)
    }
}
