import NeuralNetwork
import Tensors
import Testing
import Randomness

@Suite struct LayerTests {
    @Test func batchNormRunningStatisticsFollowPyTorch() {
        let bn = BatchNorm2d(channels: 1)
        // One channel, values 1..4: mean 2.5, unbiased variance 5/3.
        _ = bn(Tensor(shape: [2, 1, 1, 2], scalars: [1, 2, 3, 4]))
        #expect(abs(bn.runningMean.item - 0.25) < 1e-6)
        #expect(abs(bn.runningVar.item - (0.9 + 0.1 * 5 / 3)) < 1e-6)
        #expect(bn.numBatchesTracked.item == 1)
        bn.eval()
        let y = bn(Tensor(shape: [1, 1, 1, 1], scalars: [0.25]))
        #expect(abs(y.item) < 1e-6)
        #expect(bn.numBatchesTracked.item == 1)   // eval does not update
    }

    @Test func spectralNormDividesByTheLargestSingularValue() {
        var rng = RandomGenerator(seed: 5)
        let layer = Linear(inputSize: 6, outputSize: 4, spectralNorm: true, using: &rng)
        #expect(layer.stateDict().map(\.key) == ["weight_orig", "weight_u", "weight_v", "bias"])
        let x = Tensor.randomNormal([2, 6], using: &rng)
        for _ in 0..<50 { _ = layer(x) }   // power iteration converges in training
        let w = layer.spectralNormalization!.weightOriginal.scalars.map(Double.init)
        // The largest singular value by power iteration on WᵀW in Double, the oracle.
        var v = [Double](repeating: 1, count: 6)
        var sigma = 0.0
        for _ in 0..<500 {
            let u = (0..<4).map { r in (0..<6).reduce(0.0) { $0 + w[r * 6 + $1] * v[$1] } }
            var next = (0..<6).map { c in (0..<4).reduce(0.0) { $0 + w[$1 * 6 + c] * u[$1] } }
            let norm = next.map { $0 * $0 }.reduce(0, +).squareRoot()
            next = next.map { $0 / norm }
            v = next
            sigma = norm.squareRoot()
        }
        let normalized = layer.spectralNormalization!.weight(training: false).scalars.map(Double.init)
        for (n, o) in zip(normalized, w) { #expect(abs(n - o / sigma) < 1e-4) }
        // Gradients flow to weight_orig through sigma.
        let loss = layer(x).sum()
        let g = gradients(of: loss, withRespectTo: [layer.spectralNormalization!.weightOriginal])[0]
        #expect(g.scalars.contains { $0 != 0 })
    }

    @Test func sequentialAppliesInOrder() {
        let seq = Sequential([LeakyReLU(slope: 0.5), Tanh()])
        let y = seq(Tensor(shape: [2], scalars: [-2, 1])).scalars
        #expect(abs(y[0] - Float(-1).tanhValue) < 1e-6 && abs(y[1] - Float(1).tanhValue) < 1e-6)
        #expect(PixelShuffle(factor: 2)(Tensor.zeros([1, 8, 2, 2])).shape == [1, 2, 4, 4])
    }
}

extension Float {
    var tanhValue: Float { Tensor(self).tanh().item }
}

@Suite struct ICNRTests {
    @Test func everySubPixelChannelCopiesTheFirstOfItsGroup() {
        // (O=8, C=1, 1x1) with factor 2: channels 0-3 become channel 0's values, 4-7 channel 4's.
        let weight = Tensor(shape: [8, 1, 1, 1], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let bias = Tensor(shape: [8], scalars: [10, 20, 30, 40, 50, 60, 70, 80])
        Initialization.icnr(weight: weight, bias: bias, factor: 2)
        #expect(weight.scalars == [1, 1, 1, 1, 5, 5, 5, 5])
        #expect(bias.scalars == [10, 10, 10, 10, 50, 50, 50, 50])
    }

    @Test func aConvolutionThenPixelShuffleStartsAsNearestNeighbourUpsampling() {
        var rng = RandomGenerator(seed: 3)
        let conv = Conv2d(inputChannels: 3, outputChannels: 12, kernelSize: 3, padding: 1, using: &rng)
        Initialization.icnr(weight: conv.weight!, bias: conv.bias, factor: 2)
        let x = Tensor.randomNormal([2, 3, 5, 5], using: &rng)
        let y = conv(x).pixelShuffled(factor: 2)   // (2, 3, 10, 10)
        let v = y.scalars
        var largest: Float = 0
        for plane in 0..<6 {
            for row in 0..<10 {
                for column in 0..<10 {
                    let corner = v[plane * 100 + (row / 2 * 2) * 10 + column / 2 * 2]
                    largest = max(largest, abs(v[plane * 100 + row * 10 + column] - corner))
                }
            }
        }
        #expect(largest == 0)
        // Not trivially zero: different 2x2 blocks differ.
        #expect(Set(v).count > 50)
    }
}

@Suite struct CumulativeBatchNormTests {
    @Test func withoutMomentumTheRunningStatisticsAverageEveryBatch() {
        let bn = BatchNorm2d(channels: 1, momentum: nil)
        // Batch means 2.5, 10, -1; unbiased variances 5/3, 0, 2/3... computed by hand below.
        let batches: [[Float]] = [[1, 2, 3, 4], [10, 10, 10, 10], [-2, -1, -1, 0]]
        for values in batches { _ = bn(Tensor(shape: [2, 1, 1, 2], scalars: values)) }
        func mean(_ v: [Float]) -> Float { v.reduce(0, +) / Float(v.count) }
        func unbiasedVariance(_ v: [Float]) -> Float {
            let m = mean(v)
            return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Float(v.count - 1)
        }
        #expect(abs(bn.runningMean.item - mean(batches.map(mean))) < 1e-6)
        #expect(abs(bn.runningVar.item - mean(batches.map(unbiasedVariance))) < 1e-6)
        #expect(bn.numBatchesTracked.item == 3)
        bn.resetRunningStatistics()
        #expect(bn.runningMean.item == 0 && bn.runningVar.item == 1 && bn.numBatchesTracked.item == 0)
    }
}
