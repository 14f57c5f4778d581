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
/// an adversarial logit and class logits. Keys: `stages.N.down|conv1|conv2`, `adv_head`, `cls_head`.
public final class Discriminator: Module {
    public let stages: Sequential
    public let advHead: Linear
    public let clsHead: Linear
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
    }

    /// x is (N, 3, S, S); returns the adversarial logits (N) and the class logits (N, conditionLength
    /// + varianceOutputs: the condition's columns, then the log-variances of a Gaussian regression).
    public func callAsFunction(_ x: Tensor) -> (adversarial: Tensor, classes: Tensor) {
        let h = stages(x).flattenedBatch()
        return (advHead(h).reshaped([-1]), clsHead(h))
    }
}
