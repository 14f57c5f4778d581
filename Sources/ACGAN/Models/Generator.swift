import NeuralNetwork
import Tensors
import Randomness

/// One generator residual block: `x + BN(Conv3x3(ReLU(BN(Conv3x3(x)))))`.
public final class GeneratorResidualBlock: Module, UnaryLayer {
    public let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d

    public init(channels: Int, using rng: inout RandomGenerator) {
        conv1 = Conv2d(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, using: &rng)
        bn1 = BatchNorm2d(channels: channels)
        conv2 = Conv2d(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, using: &rng)
        bn2 = BatchNorm2d(channels: channels)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x + bn2(conv2(bn1(conv1(x)).relu()))
    }
}

/// One upsampling stage, doubling the side, as `ModelConfiguration.upsampling` says:
/// - `.pixelShuffle`: `ReLU(BN(PixelShuffle(2)(Conv3x3(C -> 4C))))`. With `icnr`, the
///   convolution starts with ICNR (`Initialization.icnr`): the four sub-pixels of each output
///   pixel start equal, as nearest-neighbour upsampling, so training does not begin from a
///   period-2 checkerboard. The random draws are the same either way.
/// - `.nearest`: `ReLU(BN(Conv3x3(C -> C)(NearestUpsample(2)(x))))` (resize-convolution); `icnr`
///   does not apply (there are no sub-pixel filters).
public final class UpsampleBlock: Module, UnaryLayer {
    public let conv: Conv2d, bn: BatchNorm2d
    /// The PixelShuffle of a sub-pixel stage; nil in a resize-convolution stage.
    public let shuffle: PixelShuffle?
    /// The side's factor (2).
    public let factor = 2

    public init(channels: Int, upsampling: GeneratorUpsampling = .pixelShuffle, icnr: Bool = true,
                using rng: inout RandomGenerator) {
        switch upsampling {
        case .pixelShuffle:
            conv = Conv2d(inputChannels: channels, outputChannels: channels * factor * factor, kernelSize: 3, padding: 1,
                          using: &rng)
            if icnr { Initialization.icnr(weight: conv.weight!, bias: conv.bias, factor: factor) }
            shuffle = PixelShuffle(factor: factor)
        case .nearest:
            conv = Conv2d(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, using: &rng)
            shuffle = nil
        }
        bn = BatchNorm2d(channels: channels)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        if let shuffle { return bn(shuffle(conv(x))).relu() }
        return bn(conv(x.upsampledNearest(factor: factor))).relu()
    }
}

/// The ACGAN generator G of shared/spec/acgan64.md (SRResNet style): noise z and condition c
/// to an image in [-1, 1]. Property names give the PyTorch reference's `state_dict` keys
/// (`fc`, `bn0`, `res_blocks.N.conv1`, `bn_post`, `up.N.conv`, `conv_out`).
public final class Generator: Module {
    public let fc: Linear
    public let bn0: BatchNorm2d
    public let resBlocks: Sequential
    public let bnPost: BatchNorm2d
    public let up: Sequential
    public let convOut: Conv2d
    /// The configuration it was built from.
    public let configuration: ModelConfiguration

    /// A generator with PyTorch's default initialisation from `rng`, and ICNR in sub-pixel
    /// upsampling convolutions unless `icnr` is false (the initialisation of runs before ICNR
    /// existed).
    public init(_ configuration: ModelConfiguration, icnr: Bool = true, using rng: inout RandomGenerator) {
        self.configuration = configuration
        let width = configuration.generatorWidth, base = ModelConfiguration.baseSize
        fc = Linear(inputSize: configuration.latentSize + configuration.conditionLength,
                    outputSize: width * base * base, using: &rng)
        bn0 = BatchNorm2d(channels: width)
        resBlocks = Sequential((0..<configuration.generatorBlocks).map { _ in
            GeneratorResidualBlock(channels: width, using: &rng)
        })
        bnPost = BatchNorm2d(channels: width)
        up = Sequential((0..<configuration.upsamplingStages).map { _ in UpsampleBlock(channels: width, upsampling: configuration.upsampling, icnr: icnr, using: &rng) })
        convOut = Conv2d(inputChannels: width, outputChannels: 3, kernelSize: 3, padding: 1, using: &rng)
    }

    /// z is (N, latentSize), c is (N, conditionLength); the result is (N, 3, S, S) in [-1, 1].
    public func callAsFunction(_ z: Tensor, _ c: Tensor) -> Tensor {
        let width = configuration.generatorWidth, base = ModelConfiguration.baseSize
        let h = fc(Tensor.concatenate([z, c], alongAxis: 1)).reshaped([z.shape[0], width, base, base])
        let h0 = bn0(h).relu()
        let trunk = bnPost(resBlocks(h0)).relu() + h0   // long skip
        return convOut(up(trunk)).tanh()
    }
}
