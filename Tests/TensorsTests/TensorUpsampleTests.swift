import Testing
import Tensors

@Suite struct TensorUpsampleTests {
    /// Against the definition, element by element, for factors 2 and 3.
    @Test(arguments: [2, 3]) func copiesEachValueIntoItsBlock(r: Int) {
        let (n, c, h, w) = (2, 3, 3, 4)
        let x = GradientCheck.random([n, c, h, w], seed: 73)
        let y = x.upsampledNearest(factor: r)
        #expect(y.shape == [n, c, h * r, w * r])
        let xv = x.scalars, yv = y.scalars
        for plane in 0..<n * c { for i in 0..<h * r { for j in 0..<w * r {
            #expect(yv[(plane * h * r + i) * w * r + j] == xv[(plane * h + i / r) * w + j / r])
        } } }
    }

    /// The block sums against a naive sum, and the adjoint identity <up(x), g> = <x, sums(g)>.
    @Test func blockSumsAreTheAdjoint() {
        let (n, c, h, w, r) = (2, 2, 3, 2, 2)
        let x = GradientCheck.random([n, c, h, w], seed: 74)
        let g = GradientCheck.random([n, c, h * r, w * r], seed: 75)
        let sums = g.blockSums(factor: r).scalars, gv = g.scalars
        for plane in 0..<n * c { for i in 0..<h { for j in 0..<w {
            var naive: Float = 0
            for a in 0..<r { for b in 0..<r { naive += gv[(plane * h * r + i * r + a) * w * r + j * r + b] } }
            #expect(abs(sums[(plane * h + i) * w + j] - naive) <= 1e-5)
        } } }
        let left = zip(x.upsampledNearest(factor: r).scalars, gv).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let right = zip(x.scalars, sums).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)))
    }

    @Test func gradientsMatchFiniteDifferences() {
        let x = GradientCheck.random([1, 2, 3, 3], seed: 76)
        GradientCheck.checkFirstOrder({ $0[0].upsampledNearest(factor: 2) }, inputs: [x])
        let big = GradientCheck.random([1, 2, 4, 6], seed: 77)
        GradientCheck.checkFirstOrder({ $0[0].blockSums(factor: 2) }, inputs: [big])
    }
}
