import Kernels
import Testing

@Suite struct GemmTests {
    /// Row-major C = alpha op(A) op(B) + beta C with plain loops.
    func naive(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
               a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float, c: [Float],
               ldc: Int) -> [Float] {
        var result = c
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                result[i * ldc + j] = alpha * Float(sum) + beta * c[i * ldc + j]
            }
        }
        return result
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matchesNaiveProduct(transposeA: Bool, transposeB: Bool) {
        var numbers = SeededNumbers(seed: 7)
        // Small odd shapes, and one big enough to be split over threads; padded leading
        // dimensions check that lda/ldb/ldc are honoured.
        for (m, n, k) in [(3, 5, 7), (1, 1, 1), (17, 2, 9), (70, 90, 40), (5, 300, 130)] {
            let lda = (transposeA ? m : k) + 2, ldb = (transposeB ? k : n) + 1, ldc = n + 3
            let a = numbers.array((transposeA ? k : m) * lda)
            let b = numbers.array((transposeB ? n : k) * ldb)
            let c = numbers.array(m * ldc)
            let expected = naive(transposeA: transposeA, transposeB: transposeB, m: m, n: n,
                                 k: k, alpha: 0.75, a: a, lda: lda, b: b, ldb: ldb, beta: -0.5,
                                 c: c, ldc: ldc)
            var actual = c
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    actual.withUnsafeMutableBufferPointer { cp in
                        Gemm.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n,
                                   k: k, alpha: 0.75, a: ap.baseAddress!, lda: lda,
                                   b: bp.baseAddress!, ldb: ldb, beta: -0.5,
                                   c: cp.baseAddress!, ldc: ldc)
                    }
                }
            }
            #expect(relativeError(actual, expected) < 1e-5, "m \(m) n \(n) k \(k)")
        }
    }

    @Test func betaZeroIgnoresGarbageInC() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: .nan, count: 4)
        Gemm.sgemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, alpha: 1, a: a,
                   lda: 2, b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
        #expect(c == [19, 22, 43, 50])
    }
}
