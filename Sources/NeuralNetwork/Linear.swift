import Tensors
import Randomness

/// A fully connected layer, `y = x Wᵀ + b`, as PyTorch's `nn.Linear`: weight (out, in), bias (out).
public final class Linear: Module, UnaryLayer {
    /// The weight (out, in); nil when spectrally normalised (see `spectralNormalization`).
    public let weight: Tensor?
    /// The bias (out), if any.
    public let bias: Tensor?
    /// The spectral normalisation of the weight, when enabled.
    public let spectralNormalization: SpectralNormalization?

    /// A layer with PyTorch's default initialisation.
    public init(inputSize: Int, outputSize: Int, bias hasBias: Bool = true, spectralNorm: Bool = false,
                using rng: inout RandomGenerator) {
        let w = Initialization.pytorchDefault([outputSize, inputSize], fanIn: inputSize, using: &rng)
        bias = hasBias ? Module.parameter(Initialization.pytorchDefault([outputSize], fanIn: inputSize, using: &rng)) : nil
        if spectralNorm {
            spectralNormalization = SpectralNormalization(weight: w, using: &rng)
            weight = nil
        } else {
            spectralNormalization = nil
            weight = Module.parameter(w)
        }
    }

    public override func members() -> [(name: String, member: ModuleMember)] {
        SpectralNormalization.layerMembers(weight: weight, spectralNormalization: spectralNormalization, bias: bias)
    }

    /// x is (N, in); the result is (N, out).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let w = spectralNormalization?.weight(training: isTraining) ?? weight!
        return linear(x, weight: w, bias: bias)
    }
}
