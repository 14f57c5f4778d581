import Testing
import Tensors
import Foundation

@Suite struct TensorActivationTests {
    /// Values at least 0.1 away from 0, so finite differences never straddle a kink.
    static func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
        let x = GradientCheck.random(shape, seed: seed)
        return Tensor(shape: shape, scalars: x.scalars.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 })
    }

    @Test func valuesMatchTheirDefinitions() {
        let x = Tensor(shape: [5], scalars: [-2, -0.5, 0, 0.5, 3])
        #expect(x.relu().scalars == [0, 0, 0, 0.5, 3])
        #expect(x.leakyRelu(slope: 0.2).scalars == [-0.4, -0.1, 0, 0.5, 3])
        for (y, v) in zip(x.tanh().scalars, x.scalars) { #expect(abs(y - Foundation.tanh(v)) < 1e-6) }
        for (y, v) in zip(x.sigmoid().scalars, x.scalars) { #expect(abs(y - 1 / (1 + Foundation.exp(-v))) < 1e-6) }
        for (y, v) in zip(x.exp().scalars, x.scalars) { #expect(abs(y - Foundation.exp(v)) < 1e-5) }
        // Large logits do not overflow the sigmoid.
        let extremes = Tensor(shape: [2], scalars: [-100, 100]).sigmoid().scalars
        #expect(extremes[0] >= 0 && extremes[0] < 1e-40 && extremes[1] == 1)
    }

    @Test func firstOrder() {
        let x = Self.awayFromZero([3, 4], seed: 31)
        GradientCheck.checkFirstOrder({ $0[0].relu() }, inputs: [x])
        GradientCheck.checkFirstOrder({ $0[0].leakyRelu(slope: 0.2) }, inputs: [x])
        GradientCheck.checkFirstOrder({ $0[0].tanh() }, inputs: [x])
        GradientCheck.checkFirstOrder({ $0[0].sigmoid() }, inputs: [x])
        GradientCheck.checkFirstOrder({ $0[0].exp() }, inputs: [x * 0.5])
        GradientCheck.checkFirstOrder({ $0[0].log() }, inputs: [x.absolute() + 0.5])
        GradientCheck.checkFirstOrder({ $0[0].squareRoot() }, inputs: [x.absolute() + 0.5])
        GradientCheck.checkFirstOrder({ $0[0].absolute() }, inputs: [x])
    }

    @Test func secondOrder() {
        let x = Self.awayFromZero([2, 3], seed: 32)
        GradientCheck.checkSecondOrder({ $0[0].tanh() }, inputs: [x])
        GradientCheck.checkSecondOrder({ $0[0].sigmoid() }, inputs: [x])
        GradientCheck.checkSecondOrder({ $0[0].exp() }, inputs: [x * 0.5])
        GradientCheck.checkSecondOrder({ $0[0].squareRoot() }, inputs: [x.absolute() + 0.5])
        // A mask times a smooth function: the second derivative goes through the mask.
        GradientCheck.checkSecondOrder({ $0[0].leakyRelu(slope: 0.2).squared() }, inputs: [x])
    }
}
