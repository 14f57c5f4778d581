import ACGAN
import Foundation
import Randomness
import Tensors
import Testing

@Suite struct TrainingOptionsTests {
    @Test func theDefaultsAreValid() throws {
        try TrainingOptions().validate()
    }

    /// One row per option: the value that breaks it and the option the message must name.
    static let invalid: [(String, @Sendable (inout TrainingOptions) -> Void)] = [
        ("--image-size 48", { $0.model.imageSize = 48 }),
        ("--z-size 0", { $0.model.latentSize = 0 }),
        ("--z-size 1000000", { $0.model.latentSize = 1_000_000 }),
        ("--g-blocks -1", { $0.model.generatorBlocks = -1 }),
        ("--g-blocks 1000", { $0.model.generatorBlocks = 1_000 }),
        ("--g-width 0", { $0.model.generatorWidth = 0 }),
        ("--g-width 1000000000", { $0.model.generatorWidth = 1_000_000_000 }),
        ("--d-width -3", { $0.model.discriminatorWidth = -3 }),
        ("--batch 0", { $0.batchSize = 0 }),
        ("--batch 1", { $0.batchSize = 1 }),
        ("--g-lr nan", { $0.generatorLearningRate = .nan }),
        ("--g-lr 0.0", { $0.generatorLearningRate = 0 }),
        ("--d-lr inf", { $0.discriminatorLearningRate = .infinity }),
        ("--d-lr -0.1", { $0.discriminatorLearningRate = -0.1 }),
        ("--beta1 1.0", { $0.beta1 = 1 }),
        ("--beta2 nan", { $0.beta2 = .nan }),
        ("--iterations 0", { $0.iterations = 0 }),
        ("--d-steps 0", { $0.discriminatorSteps = 0 }),
        ("--ema -0.5", { $0.emaDecay = -0.5 }),
        ("--ema nan", { $0.emaDecay = .nan }),
        ("--sample-every 0", { $0.sampleEvery = 0 }),
        ("--checkpoint-every -1", { $0.checkpointEvery = -1 }),
        ("--log-every 0", { $0.logEvery = 0 }),
        ("--class-weight inf", { $0.step.classLossWeight = .infinity }),
        ("--penalty-weight -1.0", { $0.step.penaltyWeight = -1 }),
        ("--penalty-weight nan", { $0.step.penaltyWeight = .nan }),
    ]

    @Test(arguments: invalid.indices)
    func anInvalidValueNamesItsOption(row: Int) throws {
        let (expected, change) = Self.invalid[row]
        var options = TrainingOptions()
        change(&options)
        var message = ""
        #expect(throws: TrainingOptionsError.self) {
            do { try options.validate() } catch { message = "\(error)"; throw error }
        }
        #expect(message.hasPrefix(expected + ":"), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func epochsToIterations() {
        // 1,000 images in batches of 64: 15 full batches per epoch; with 3 D steps, 5 iterations.
        #expect(TrainingOptions.iterations(epochs: 2, imageCount: 1_000, batchSize: 64, discriminatorSteps: 1) == 30)
        #expect(TrainingOptions.iterations(epochs: 2, imageCount: 1_000, batchSize: 64, discriminatorSteps: 3) == 10)
        // Never 0 (fewer batches than D steps), never a division by zero, never an overflow.
        #expect(TrainingOptions.iterations(epochs: 1, imageCount: 10, batchSize: 8, discriminatorSteps: 5) == 1)
        #expect(TrainingOptions.iterations(epochs: 1, imageCount: 10, batchSize: 0, discriminatorSteps: 0) == 10)
        #expect(TrainingOptions.iterations(epochs: .max, imageCount: 1_000, batchSize: 2, discriminatorSteps: 1) == .max)
        var options = TrainingOptions()
        options.batchSize = 10
        options.discriminatorSteps = 2
        options.setIterations(epochs: 3, imageCount: 100)
        #expect(options.iterations == 15)
    }
}

@Suite struct TrainingOptionsCodingTests {
    @Test func optionsOfACheckpointBeforeICNRDecodeWithoutIt() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingOptions())) as! [String: Any]
        #expect(json["icnr"] as? Bool == true)
        json["icnr"] = nil
        let old = try JSONDecoder().decode(TrainingOptions.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.icnr == false)
        var expected = TrainingOptions()
        expected.icnr = false
        #expect(old == expected)
        let roundTrip = try JSONDecoder().decode(TrainingOptions.self, from: JSONEncoder().encode(TrainingOptions()))
        #expect(roundTrip == TrainingOptions())
    }

    @Test func configurationsSavedBeforeUpsamplingChoicesDecodeAsPixelShuffle() throws {
        let nearest = ModelConfiguration(generatorWidth: 8, upsampling: .nearest)
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(nearest)) as! [String: Any]
        #expect(json["upsampling"] as? String == "nearest")
        #expect(try JSONDecoder().decode(ModelConfiguration.self, from: JSONEncoder().encode(nearest)) == nearest)
        json["upsampling"] = nil
        let old = try JSONDecoder().decode(ModelConfiguration.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old == ModelConfiguration(generatorWidth: 8))
        // PixelShuffle, the default, is not written: such files are what older versions wrote.
        let shuffleJSON = try JSONSerialization.jsonObject(with: JSONEncoder().encode(old)) as! [String: Any]
        #expect(shuffleJSON["upsampling"] == nil && shuffleJSON.count == 8)
        json["upsampling"] = "bicubic"
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ModelConfiguration.self, from: JSONSerialization.data(withJSONObject: json))
        }
    }

    /// A resize-convolution stage is nearest-neighbour x2, then a C -> C convolution, BN, ReLU;
    /// ICNR leaves it alone (it has no sub-pixel filters).
    @Test func resizeConvolutionStagesUpsampleThenConvolve() {
        let configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 3, generatorWidth: 4,
                                               generatorBlocks: 1, discriminatorWidth: 4, upsampling: .nearest)
        var first = RandomGenerator(seed: 3), second = RandomGenerator(seed: 3)
        let with = Generator(configuration, icnr: true, using: &first)
        let without = Generator(configuration, icnr: false, using: &second)
        for ((key, a), (_, b)) in zip(with.namedParameters(), without.namedParameters()) {
            #expect(a.scalars == b.scalars, "\(key)")
        }
        let stage = with.up.layers[0] as! UpsampleBlock
        #expect(stage.shuffle == nil && stage.conv.weight!.shape == [4, 4, 3, 3])
        var rng = RandomGenerator(seed: 4)
        let x = Tensor.randomNormal([2, 4, 5, 5], using: &rng)
        let expected = stage.bn(stage.conv(x.upsampledNearest(factor: 2))).relu()
        let y = stage(x)
        #expect(y.shape == [2, 4, 10, 10] && y.scalars == expected.scalars)
        let z = Tensor.randomNormal([2, 8], using: &rng), c = Tensor.zeros([2, 3])
        #expect(with(z, c).shape == [2, 3, 32, 32])
    }

    @Test func icnrChangesOnlyTheUpsamplingConvolutions() {
        let configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 3, generatorWidth: 4,
                                               generatorBlocks: 1, discriminatorWidth: 4)
        var first = RandomGenerator(seed: 2), second = RandomGenerator(seed: 2)
        let with = Generator(configuration, icnr: true, using: &first)
        let without = Generator(configuration, icnr: false, using: &second)
        for ((key, a), (_, b)) in zip(with.namedParameters(), without.namedParameters()) {
            let isUpsamplingConv = key.hasPrefix("up.") && key.contains(".conv.")
            #expect((a.scalars == b.scalars) == !isUpsamplingConv, "\(key)")
        }
    }
}
