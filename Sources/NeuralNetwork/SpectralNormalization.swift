import Tensors
import Randomness

/// Spectral normalisation of a weight, as PyTorch's `torch.nn.utils.spectral_norm` (Miyato et
/// al. 2018): the weight used is `weight_orig / sigma`, sigma the largest singular value of
/// `weight_orig` viewed as (out, -1), estimated by one step of power iteration per training
/// forward pass with vectors `u` (out) and `v` (in), which persist as buffers. In eval mode the
/// stored vectors are used as they are.
public final class SpectralNormalization {
    /// The unnormalised weight, PyTorch's `weight_orig` (the trained parameter).
    public let weightOriginal: Tensor
    /// The left singular vector estimate, `weight_u`.
    public let u: Tensor
    /// The right singular vector estimate, `weight_v`.
    public let v: Tensor
    let epsilon: Float = 1e-12

    /// Wraps `weight` (out, ...) with `u`, `v` drawn from a normal distribution and normalised.
    public init(weight: Tensor, using rng: inout RandomGenerator) {
        weightOriginal = Module.parameter(weight)
        let rows = weight.shape[0], columns = weight.count / rows
        u = SpectralNormalization.normalized(Tensor.randomNormal([rows], using: &rng), epsilon: 1e-12)
        v = SpectralNormalization.normalized(Tensor.randomNormal([columns], using: &rng), epsilon: 1e-12)
    }

    static func normalized(_ x: Tensor, epsilon: Float) -> Tensor {
        let norm = max(x.squared().sum().item.squareRoot(), epsilon)
        return x * (1 / norm)
    }

    /// The normalised weight, after a power-iteration step when `training`.
    public func weight(training: Bool) -> Tensor {
        let rows = weightOriginal.shape[0]
        let matrix = weightOriginal.reshaped([rows, -1])
        if training {
            withoutGradients {
                let newV = SpectralNormalization.normalized(
                    matmul(matrix.detached(), u.reshaped([rows, 1]), transposeA: true).reshaped([-1]), epsilon: epsilon)
                v.assign(from: newV)
                let newU = SpectralNormalization.normalized(
                    matmul(matrix.detached(), v.reshaped([-1, 1])).reshaped([-1]), epsilon: epsilon)
                u.assign(from: newU)
            }
        }
        // sigma = uᵀ W v, differentiable in W (u and v are constants, as in PyTorch).
        let sigma = matmul(u.detached().reshaped([1, rows]), matmul(matrix, v.detached().reshaped([-1, 1])))
        return weightOriginal / sigma.reshaped([1] + [Int](repeating: 1, count: weightOriginal.rank - 1))
    }

    /// The state-dict members under PyTorch's names.
    var members: [(name: String, member: ModuleMember)] {
        [("weight_orig", .parameter(weightOriginal)), ("weight_u", .buffer(u)), ("weight_v", .buffer(v))]
    }

    /// The members of a layer with a weight that may be spectrally normalised and an optional
    /// bias, in PyTorch's order: `weight` (or `weight_orig`, `weight_u`, `weight_v`), `bias`.
    static func layerMembers(weight: Tensor?, spectralNormalization: SpectralNormalization?,
                             bias: Tensor?) -> [(name: String, member: ModuleMember)] {
        var result = spectralNormalization?.members ?? [("weight", .parameter(weight!))]
        if let bias { result.append(("bias", .parameter(bias))) }
        return result
    }
}
