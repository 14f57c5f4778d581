import ACGAN
import NeuralNetwork
import Tensors
import Testing
import Randomness

@Suite struct GradientPenaltyTests {
    static func discriminator() -> Discriminator {
        var rng = RandomGenerator(seed: 4)
        return Discriminator(ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 3, generatorWidth: 4,
                                                generatorBlocks: 1, discriminatorWidth: 4, discriminatorMaxWidth: 8), using: &rng)
    }

    @Test func draganIsReproducibleAndTrainsTheDiscriminator() {
        let d = Self.discriminator()
        var data = RandomGenerator(seed: 5)
        let real = Tensor.randomUniform([3, 3, 32, 32], low: -1, high: 1, using: &data)
        var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9), c = RandomGenerator(seed: 10)
        let penalty = GradientPenalty.dragan.value(discriminator: d, real: real, using: &a)!
        #expect(penalty.item.isFinite && penalty.item > 0)
        #expect(GradientPenalty.dragan.value(discriminator: d, real: real, using: &b)!.item == penalty.item)
        #expect(GradientPenalty.dragan.value(discriminator: d, real: real, using: &c)!.item != penalty.item)
        // A gradient of a gradient: it must reach D's convolution weights.
        let weight = d.parameters[0]
        let gradient = gradients(of: penalty, withRespectTo: [weight])[0]
        #expect(gradient.scalars.contains { $0 != 0 } && gradient.scalars.allSatisfy(\.isFinite))
        #expect(GradientPenalty.none.value(discriminator: d, real: real, using: &a) == nil)
    }
}
