import NeuralNetwork
import Tensors
import Randomness

/// One discriminator stage: `x = LReLU(Conv4x4 s2(x))`, then `LReLU(x + Conv3x3(LReLU(Conv3x3(x))))`.
public final class DiscriminatorStage: Module, UnaryLayer {
    public let down: Conv2d, conv1: Conv2d, conv2: Conv2d

    public init(inputChannels: Int, outputChannels: Int, spectralNorm: Bool, using rng: inout RandomGenerator) {
        down = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 4, stride: 2, padding: 1,
                      spectralNorm: spectralNorm, using: &rng)
        conv1 = Conv2d(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1,
                       spectralNorm: spectralNorm, using: &rng)
        conv2 = Conv2d(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1,
                       spectralNorm: spectralNorm, using: &rng)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let h = down(x).leakyRelu(slope: 0.2)
        return (h + conv2(conv1(h).leakyRelu(slope: 0.2))).leakyRelu(slope: 0.2)
    }
}

/// The ACGAN discriminator D of shared/spec/acgan64.md (no normalisation layers): an image to
/// an adversarial logit and class logits. Keys: `stages.N.down|conv1|conv2`, `adv_head`, `cls_head`,
/// and with `ModelConfiguration.projection`, `projection` (a bias-free linear map of the features
/// to the condition's length).
public final class Discriminator: Module {
    public let stages: Sequential
    public let advHead: Linear
    public let clsHead: Linear
    /// The projection discriminator's map of features to condition space; nil without it.
    public let projection: Linear?
    /// The configuration it was built from.
    public let configuration: ModelConfiguration

    /// A discriminator with PyTorch's default initialisation from `rng`.
    public init(_ configuration: ModelConfiguration, using rng: inout RandomGenerator) {
        self.configuration = configuration
        var layers: [any UnaryLayer] = []
        var channels = 3
        for out in configuration.discriminatorChannels {
            layers.append(DiscriminatorStage(inputChannels: channels, outputChannels: out,
                                             spectralNorm: configuration.spectralNorm, using: &rng))
            channels = out
        }
        stages = Sequential(layers)
        let features = channels * 4 * 4
        advHead = Linear(inputSize: features, outputSize: 1, spectralNorm: configuration.spectralNorm, using: &rng)
        clsHead = Linear(inputSize: features, outputSize: configuration.conditionLength + configuration.varianceOutputs,
                         spectralNorm: configuration.spectralNorm, using: &rng)
        // Made last, so the other layers draw the same initial weights with or without it.
        projection = configuration.projection
            ? Linear(inputSize: features, outputSize: configuration.conditionLength, bias: false,
                     spectralNorm: configuration.spectralNorm, using: &rng)
            : nil
    }

    /// x is (N, 3, S, S); returns the adversarial logits (N) and the class logits (N, conditionLength
    /// + varianceOutputs: the condition's columns, then the log-variances of a Gaussian regression).
    /// With `projection`, `condition` (N, conditionLength) is the condition of each image (the
    /// real labels, or those a fake was made from) and the adversarial logit is
    /// `adv_head(h) + <condition, projection(h)>`; without it, `condition` is not used.
    public func callAsFunction(_ x: Tensor, condition: Tensor? = nil) -> (adversarial: Tensor, classes: Tensor) {
        let h = stages(x).flattenedBatch()
        var adversarial = advHead(h).reshaped([-1])
        if let projection {
            guard let condition else { preconditionFailure("a projection discriminator needs the images' condition") }
            adversarial = adversarial + (projection(h) * condition).sum(alongAxes: [1])
        }
        return (adversarial, clsHead(h))
    }
}
