import Tensors
import Randomness

/// A 2-D convolution layer, as PyTorch's `nn.Conv2d` (square kernel, equal stride and padding
/// on both axes): weight (O, C, K, K), bias (O).
public final class Conv2d: Module, UnaryLayer {
    /// The weight (O, C, K, K); nil when spectrally normalised.
    public let weight: Tensor?
    /// The bias (O), if any.
    public let bias: Tensor?
    /// The spectral normalisation of the weight, when enabled.
    public let spectralNormalization: SpectralNormalization?
    /// The stride and zero padding of both spatial axes.
    public let stride: Int, padding: Int

    /// A layer with PyTorch's default initialisation.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias hasBias: Bool = true, spectralNorm: Bool = false, using rng: inout RandomGenerator) {
        let fanIn = inputChannels * kernelSize * kernelSize
        let w = Initialization.pytorchDefault([outputChannels, inputChannels, kernelSize, kernelSize], fanIn: fanIn, using: &rng)
        bias = hasBias ? Module.parameter(Initialization.pytorchDefault([outputChannels], fanIn: fanIn, using: &rng)) : nil
        if spectralNorm {
            spectralNormalization = SpectralNormalization(weight: w, using: &rng)
            weight = nil
        } else {
            spectralNormalization = nil
            weight = Module.parameter(w)
        }
        self.stride = stride
        self.padding = padding
    }

    public override func members() -> [(name: String, member: ModuleMember)] {
        SpectralNormalization.layerMembers(weight: weight, spectralNormalization: spectralNormalization, bias: bias)
    }

    /// x is (N, C, H, W); the result is (N, O, OH, OW).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let w = spectralNormalization?.weight(training: isTraining) ?? weight!
        return conv2d(x, weight: w, bias: bias, stride: stride, padding: padding)
    }
}
