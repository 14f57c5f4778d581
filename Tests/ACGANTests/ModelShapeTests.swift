import ACGAN
import NeuralNetwork
import Tensors
import Testing
import Randomness

@Suite struct ModelShapeTests {
    @Test func acgan64HasTheReferenceParameterCountsAndKeys() {
        var rng = RandomGenerator(seed: 0)
        let g = Generator(ModelConfiguration(), using: &rng)
        let d = Discriminator(ModelConfiguration(), using: &rng)
        // The counts torch_reference.py prints.
        #expect(g.parameterCount == 3_364_547)
        #expect(d.parameterCount == 2_352_055)
        let keys = g.stateDict().map(\.key)
        #expect(keys.first == "fc.weight" && keys.contains("res_blocks.7.bn2.num_batches_tracked")
                && keys.contains("up.1.conv.weight") && keys.last == "conv_out.bias")
        #expect(d.stateDict().map(\.key).suffix(4) == ["adv_head.weight", "adv_head.bias", "cls_head.weight", "cls_head.bias"])
    }

    @Test(arguments: [32, 64, 128])
    func everyImageSizeRunsThroughBothNetworks(size: Int) {
        var rng = RandomGenerator(seed: 1)
        let configuration = ModelConfiguration(imageSize: size, latentSize: 8, conditionLength: 5, generatorWidth: 4,
                                               generatorBlocks: 1, discriminatorWidth: 4, discriminatorMaxWidth: 16)
        #expect(configuration.upsamplingStages == [32: 1, 64: 2, 128: 3][size])
        #expect(configuration.discriminatorStages == [32: 3, 64: 4, 128: 5][size])
        let g = Generator(configuration, using: &rng), d = Discriminator(configuration, using: &rng)
        let images = g(Tensor.randomNormal([2, 8], using: &rng), Tensor.zeros([2, 5]))
        #expect(images.shape == [2, 3, size, size])
        #expect(images.scalars.allSatisfy { abs($0) <= 1 })
        let (adversarial, classes) = d(images)
        #expect(adversarial.shape == [2] && classes.shape == [2, 5])
    }

    @Test func invalidConfigurationsAreRejectedWithAReason() {
        #expect(throws: ConfigurationError.self) { try ModelConfiguration(imageSize: 48).validate() }
        #expect(throws: ConfigurationError.self) { try ModelConfiguration(generatorWidth: 0).validate() }
        #expect((try? ModelConfiguration().validate()) != nil)
    }
}
