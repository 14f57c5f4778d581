import Testing
import Tensors

@Suite struct TensorReductionTests {
    @Test func sumsOverAxesMatchNaiveLoops() {
        let x = GradientCheck.random([2, 3, 4, 5], seed: 11)
        let v = x.scalars
        let s = x.sum(alongAxes: [0, 2, 3]).scalars
        #expect(x.sum(alongAxes: [0, 2, 3]).shape == [3])
        for c in 0..<3 {
            var expected: Double = 0
            for n in 0..<2 { for h in 0..<4 { for w in 0..<5 { expected += Double(v[((n * 3 + c) * 4 + h) * 5 + w]) } } }
            #expect(abs(Double(s[c]) - expected) < 1e-5)
        }
        let rows = x.sum(alongAxes: [-1], keepingDimensions: true)
        #expect(rows.shape == [2, 3, 4, 1])
        #expect(abs(rows.scalars[0] - v[0..<5].reduce(0, +)) < 1e-5)
        #expect(abs(x.mean().item - v.reduce(0, +) / 120) < 1e-6)
        #expect(abs(x.sum().item - v.reduce(0, +)) < 1e-4)
    }

    @Test func reductionGradients() {
        let x = GradientCheck.random([2, 3, 4], seed: 12)
        GradientCheck.checkFirstOrder({ $0[0].sum(alongAxes: [1]) }, inputs: [x])
        GradientCheck.checkFirstOrder({ $0[0].mean(alongAxes: [0, 2], keepingDimensions: true) }, inputs: [x])
        GradientCheck.checkFirstOrder({ $0[0].expanded(toShape: [5, 2, 3, 4]) }, inputs: [x])
        GradientCheck.checkFirstOrder({ $0[0].summed(toShape: [3, 1]) }, inputs: [x])
        GradientCheck.checkSecondOrder({ ($0[0].squared()).mean(alongAxes: [2]) }, inputs: [x])
    }
}
