import Testing
import Tensors

@Suite struct TensorMatMulTests {
    /// The naive product of row-major matrices, in Double.
    static func naive(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, ta: Bool, tb: Bool) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n {
            var s: Double = 0
            for p in 0..<k {
                let av = ta ? a[p * m + i] : a[i * k + p]
                let bv = tb ? b[j * k + p] : b[p * n + j]
                s += Double(av) * Double(bv)
            }
            c[i * n + j] = Float(s)
        } }
        return c
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func productAndGradients(transposeA: Bool, transposeB: Bool) {
        let (m, k, n) = (3, 5, 4)
        let a = GradientCheck.random(transposeA ? [k, m] : [m, k], seed: 41)
        let b = GradientCheck.random(transposeB ? [n, k] : [k, n], seed: 42)
        let c = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(c.shape == [m, n])
        GradientCheck.expectClose(c.scalars, Self.naive(a.scalars, b.scalars, m: m, k: k, n: n, ta: transposeA, tb: transposeB),
                                  tolerance: 1e-5, "product")
        let f: ([Tensor]) -> Tensor = { matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
        GradientCheck.checkFirstOrder(f, inputs: [a, b])
        GradientCheck.checkSecondOrder({ f($0).tanh() }, inputs: [a, b], wrt: 0)
    }

    @Test func linearIsXWTransposedPlusBias() {
        let x = GradientCheck.random([2, 3], seed: 43)
        let w = GradientCheck.random([4, 3], seed: 44)
        let b = GradientCheck.random([4], seed: 45)
        let y = linear(x, weight: w, bias: b).scalars
        let xv = x.scalars, wv = w.scalars, bv = b.scalars
        for i in 0..<2 { for o in 0..<4 {
            let expected = (0..<3).reduce(bv[o]) { $0 + xv[i * 3 + $1] * wv[o * 3 + $1] }
            #expect(abs(y[i * 4 + o] - expected) < 1e-5)
        } }
        GradientCheck.checkFirstOrder({ linear($0[0], weight: $0[1], bias: $0[2]) }, inputs: [x, w, b])
    }
}
