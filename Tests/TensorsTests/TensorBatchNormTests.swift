import Testing
import Tensors

@Suite struct TensorBatchNormTests {
    @Test func fusedMatchesCompositeAndStatistics() {
        let x = GradientCheck.random([3, 2, 4, 5], seed: 61, scale: 2) + 1
        let gamma = Tensor(shape: [2], scalars: [1.5, -0.5])
        let beta = Tensor(shape: [2], scalars: [0.25, 2])
        let fused = batchNormTraining(x, gamma: gamma, beta: beta, epsilon: 1e-5)
        let composite = batchNormComposite(x, gamma: gamma, beta: beta, epsilon: 1e-5)
        GradientCheck.expectClose(fused.output.scalars, composite.scalars, tolerance: 1e-5, "output")
        // Statistics of channel 1 by hand: biased variance normalises, unbiased is reported.
        let v = x.scalars
        var channel1: [Double] = []
        for n in 0..<3 { for i in 0..<20 { channel1.append(Double(v[(n * 2 + 1) * 20 + i])) } }
        let mean: Double = channel1.reduce(0, +) / 60
        var squares: Double = 0
        for value in channel1 { squares += (value - mean) * (value - mean) }
        let unbiased = squares / 59
        #expect(abs(Double(fused.mean[1]) - mean) < 1e-5)
        #expect(abs(Double(fused.unbiasedVariance[1]) - unbiased) < 1e-4)
    }

    @Test func fusedGradientsMatchFiniteDifferencesAndComposite() {
        let x = GradientCheck.random([2, 3, 3, 2], seed: 62)
        let gamma = GradientCheck.random([3], seed: 63)
        let beta = GradientCheck.random([3], seed: 64)
        GradientCheck.checkFirstOrder({ batchNormTraining($0[0], gamma: $0[1], beta: $0[2], epsilon: 1e-5).output },
                                      inputs: [x, gamma, beta], step: 1e-2, tolerance: 5e-3)
        let leaves = [x, gamma, beta].map { $0.requiringGradient() }
        let w = GradientCheck.random(x.shape, seed: 65)
        let fused = gradients(of: (batchNormTraining(leaves[0], gamma: leaves[1], beta: leaves[2], epsilon: 1e-5).output * w).sum(), withRespectTo: leaves)
        let composite = gradients(of: (batchNormComposite(leaves[0], gamma: leaves[1], beta: leaves[2], epsilon: 1e-5) * w).sum(), withRespectTo: leaves)
        for i in 0..<3 { GradientCheck.expectClose(fused[i].scalars, composite[i].scalars, tolerance: 1e-4, "input \(i)") }
    }

    @Test func secondOrderThroughTheCompositePath() {
        let x = GradientCheck.random([2, 2, 2, 2], seed: 66)
        let gamma = GradientCheck.random([2], seed: 67)
        let beta = GradientCheck.random([2], seed: 68)
        GradientCheck.checkSecondOrder({ batchNormTraining($0[0], gamma: $0[1], beta: $0[2], epsilon: 1e-3).output.tanh() },
                                       inputs: [x, gamma, beta], wrt: 0, step: 1e-2, tolerance: 1e-2)
    }

    @Test func inferenceUsesRunningStatistics() {
        let x = Tensor(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4])
        let y = batchNormInference(x, gamma: Tensor(shape: [2], scalars: [2, 1]), beta: Tensor(shape: [2], scalars: [0, 1]),
                                   runningMean: Tensor(shape: [2], scalars: [1, 3]),
                                   runningVariance: Tensor(shape: [2], scalars: [4, 1]), epsilon: 0)
        GradientCheck.expectClose(y.scalars, [0, 1, 1, 2], tolerance: 1e-6, "eval batch norm")
    }
}
