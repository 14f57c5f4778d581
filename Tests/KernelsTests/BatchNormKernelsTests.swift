import Kernels
import Testing

@Suite struct BatchNormKernelsTests {
    let batch = 2, channels = 3, spatial = 5
    let epsilon: Float = 1e-5

    func forward(_ x: [Float], gamma: [Float], beta: [Float])
        -> (y: [Float], mean: [Float], invStd: [Float], unbiased: [Float]) {
        var y = [Float](repeating: .nan, count: x.count)
        var mean = [Float](repeating: .nan, count: channels)
        var invStd = mean, unbiased = mean
        BatchNormKernels.trainingForward(input: x, batch: batch, channels: channels,
                                         spatial: spatial, gamma: gamma, beta: beta,
                                         epsilon: epsilon, output: &y, mean: &mean,
                                         invStd: &invStd, unbiasedVariance: &unbiased)
        return (y, mean, invStd, unbiased)
    }

    /// Hand computation: one channel, values 1, 2, 3, 4 (N = 2, HW = 2): mean 2.5,
    /// biased variance 1.25, unbiased 5/3.
    @Test func handComputedStatistics() {
        let x: [Float] = [1, 2, 3, 4]
        var y = [Float](repeating: 0, count: 4)
        var mean: Float = 0, invStd: Float = 0, unbiased: Float = 0
        let gamma: Float = 2, beta: Float = 1
        BatchNormKernels.trainingForward(input: x, batch: 2, channels: 1, spatial: 2,
                                         gamma: [gamma], beta: [beta], epsilon: 0,
                                         output: &y, mean: &mean, invStd: &invStd,
                                         unbiasedVariance: &unbiased)
        #expect(mean == 2.5)
        #expect(abs(invStd - 1 / Float(1.25).squareRoot()) < 1e-6)
        #expect(abs(unbiased - 5.0 / 3.0) < 1e-6)
        let expected = x.map { ($0 - 2.5) / Float(1.25).squareRoot() * gamma + beta }
        #expect(relativeError(y, expected) < 1e-6)
    }

    @Test func trainingForwardMatchesNaiveStatistics() {
        var numbers = SeededNumbers(seed: 3)
        // A large offset checks the two-pass variance (no E[x^2] - E[x]^2 cancellation).
        let x = numbers.array(batch * channels * spatial).map { $0 * 3 + 100 }
        let gamma = numbers.array(channels), beta = numbers.array(channels)
        let result = forward(x, gamma: gamma, beta: beta)
        var expectedY = [Float](repeating: 0, count: x.count)
        for c in 0..<channels {
            let values = (0..<batch).flatMap { n in
                (0..<spatial).map { Double(x[(n * channels + c) * spatial + $0]) }
            }
            let m = values.reduce(0, +) / Double(values.count)
            let v = values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count)
            #expect(abs(Double(result.mean[c]) - m) < 1e-4)
            #expect(abs(Double(result.invStd[c]) - 1 / (v + Double(epsilon)).squareRoot()) < 1e-3)
            #expect(abs(Double(result.unbiased[c]) - v * 10 / 9) < 1e-4)
            for n in 0..<batch {
                for i in 0..<spatial {
                    let index = (n * channels + c) * spatial + i
                    expectedY[index] = Float((Double(x[index]) - m) / (v + Double(epsilon)).squareRoot()
                        * Double(gamma[c]) + Double(beta[c]))
                }
            }
        }
        #expect(relativeError(result.y, expectedY) < 1e-4)
    }

    @Test func inferenceUsesRunningStatistics() {
        let x: [Float] = [1, 2, 3, 4, 5, 6]
        var y = [Float](repeating: 0, count: 6)
        // (N=1, C=2, HW=3): channel 0 mean 1 var 4, channel 1 mean 0 var 1.
        BatchNormKernels.inferenceForward(input: x, batch: 1, channels: 2, spatial: 3,
                                          gamma: [1, 2], beta: [0, -1], runningMean: [1, 0],
                                          runningVariance: [4, 1], epsilon: 0, output: &y)
        #expect(y == [0, 0.5, 1, 7, 9, 11])
    }

    /// Backward against central differences of L = sum(y * r), so dL/dy = r.
    @Test func backwardMatchesFiniteDifferences() {
        var numbers = SeededNumbers(seed: 11)
        let x = numbers.array(batch * channels * spatial)
        let gamma = numbers.array(channels).map { $0 + 1.5 }
        let beta = numbers.array(channels)
        let r = numbers.array(x.count)
        func loss(_ x: [Float], _ gamma: [Float], _ beta: [Float]) -> Double {
            zip(forward(x, gamma: gamma, beta: beta).y, r)
                .reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        let stats = forward(x, gamma: gamma, beta: beta)
        var dx = [Float](repeating: .nan, count: x.count)
        var dGamma = [Float](repeating: .nan, count: channels), dBeta = dGamma
        BatchNormKernels.backward(gradOutput: r, input: x, mean: stats.mean, invStd: stats.invStd,
                                  gamma: gamma, batch: batch, channels: channels,
                                  spatial: spatial, gradInput: &dx, gradGamma: &dGamma,
                                  gradBeta: &dBeta)
        let h: Float = 1e-2
        func difference(_ perturb: (inout [Float], inout [Float], inout [Float], Float) -> Void)
            -> Float {
            var (xp, gp, bp) = (x, gamma, beta), (xm, gm, bm) = (x, gamma, beta)
            perturb(&xp, &gp, &bp, h)
            perturb(&xm, &gm, &bm, -h)
            return Float((loss(xp, gp, bp) - loss(xm, gm, bm)) / Double(2 * h))
        }
        let numericX = (0..<x.count).map { i in difference { x, _, _, d in x[i] += d } }
        let numericGamma = (0..<channels).map { c in difference { _, g, _, d in g[c] += d } }
        let numericBeta = (0..<channels).map { c in difference { _, _, b, d in b[c] += d } }
        #expect(relativeError(dx, numericX) < 1e-2)
        #expect(relativeError(dGamma, numericGamma) < 1e-2)
        #expect(relativeError(dBeta, numericBeta) < 1e-2)
    }
}
