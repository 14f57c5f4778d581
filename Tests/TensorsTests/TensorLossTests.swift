import Testing
import Tensors
import Foundation

@Suite struct TensorLossTests {
    @Test func binaryCrossEntropyMatchesItsDefinition() {
        let x = Tensor(shape: [4], scalars: [-3, -0.5, 0.7, 40])
        let t = Tensor(shape: [4], scalars: [0, 1, 1, 0])
        let expected = zip(x.scalars, t.scalars).map { (x, t) -> Double in
            let p = 1 / (1 + Foundation.exp(-Double(x)))
            return t == 1 ? -Foundation.log(p) : x > 30 ? Double(x) : -Foundation.log(1 - p)
        }.reduce(0, +) / 4
        #expect(abs(Double(binaryCrossEntropyWithLogits(x, targets: t).item) - expected) < 1e-5)
        GradientCheck.checkFirstOrder({ binaryCrossEntropyWithLogits($0[0], targets: t) }, inputs: [x * 0.1])
        GradientCheck.checkSecondOrder({ binaryCrossEntropyWithLogits($0[0], targets: t) }, inputs: [x * 0.1])
    }

    @Test func softmaxCrossEntropyMatchesItsDefinition() {
        let logits = GradientCheck.random([3, 4], seed: 81)
        let labels: [Int32] = [2, 0, 3]
        let v = logits.scalars
        var expected: Double = 0
        for r in 0..<3 {
            let row = (0..<4).map { Double(v[r * 4 + $0]) }
            expected += Foundation.log(row.map(Foundation.exp).reduce(0, +)) - row[Int(labels[r])]
        }
        #expect(abs(Double(softmaxCrossEntropy(logits, labels: labels).item) - expected / 3) < 1e-5)
        GradientCheck.checkFirstOrder({ softmaxCrossEntropy($0[0], labels: labels) }, inputs: [logits])
        GradientCheck.checkFirstOrder({ $0[0].softmax() }, inputs: [logits])
        GradientCheck.checkSecondOrder({ softmaxCrossEntropy($0[0], labels: labels) }, inputs: [logits])
    }
}
