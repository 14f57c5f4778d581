import ACGAN
import NeuralNetwork
import Tensors
import Testing
import Randomness

@Suite struct ExponentialMovingAverageTests {
    @Test func averagesParametersWithWarmUpAndCopiesBuffers() throws {
        var rng = RandomGenerator(seed: 1)
        let source = Linear(inputSize: 2, outputSize: 1, using: &rng)
        let copy = Linear(inputSize: 2, outputSize: 1, using: &rng)
        let bn = BatchNorm2d(channels: 1), bnCopy = BatchNorm2d(channels: 1)
        let ema = try ExponentialMovingAverage(of: source, into: copy, decay: 0.999)
        #expect(copy.weight!.scalars == source.weight!.scalars)
        let start = source.weight!.scalars
        source.weight!.assign(scalars: [1, 1])
        ema.update(step: 1)
        // Step 1 uses min(0.999, 2/11).
        let d: Float = 2 / 11
        for (a, s) in zip(copy.weight!.scalars, start) { #expect(abs(a - (d * s + (1 - d) * 1)) < 1e-6) }
        #expect(ema.effectiveDecay(atStep: 100_000) == 0.999)
        // Buffers are copied, not averaged.
        let bnEMA = try ExponentialMovingAverage(of: bn, into: bnCopy, decay: 0.5)
        _ = bn(Tensor(shape: [2, 1, 1, 1], scalars: [1, 3]))
        bnEMA.update(step: 50)
        #expect(bnCopy.runningMean.scalars == bn.runningMean.scalars)
    }
}
