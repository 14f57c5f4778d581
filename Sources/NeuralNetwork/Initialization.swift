import Tensors
import Randomness

/// PyTorch's default initialisation of `nn.Linear` and `nn.Conv2d`: the weight from
/// `kaiming_uniform_(a=sqrt(5))`, which is uniform in ±1/sqrt(fan_in), and the bias uniform in
/// ±1/sqrt(fan_in) too.
public enum Initialization {
    /// Uniform in ±1/sqrt(fanIn).
    public static func pytorchDefault(_ shape: [Int], fanIn: Int, using rng: inout RandomGenerator) -> Tensor {
        let bound = 1 / Float(fanIn).squareRoot()
        return Tensor.randomUniform(shape, low: -bound, high: bound, using: &rng)
    }

    /// ICNR (Aitken et al. 2017, "Checkerboard artifact free sub-pixel convolution"): makes the
    /// convolution in front of a `PixelShuffle(factor)` start as its nearest-neighbour upsampling.
    /// Output channel `c * factor² + k` (the shuffle's sub-position k of channel c) gets the
    /// weights and bias of channel `c * factor²`, so all factor² sub-pixels of an output pixel
    /// start equal and no period-`factor` pattern is there to be learned from the start.
    /// - Precondition: the weight is (O, C, K, K) with O a multiple of factor²; the bias is (O).
    public static func icnr(weight: Tensor, bias: Tensor?, factor: Int) {
        let group = factor * factor
        precondition(weight.rank == 4 && weight.shape[0] % group == 0, "ICNR needs (O, C, K, K) with O a multiple of \(group)")
        let perChannel = weight.count / weight.shape[0]
        weight.withUnsafeMutablePointer { w in
            for first in stride(from: 0, to: weight.shape[0], by: group) {
                for k in 1..<group {
                    (w + (first + k) * perChannel).update(from: w + first * perChannel, count: perChannel)
                }
            }
        }
        bias?.withUnsafeMutablePointer { b in
            for first in stride(from: 0, to: bias!.count, by: group) {
                for k in 1..<group { b[first + k] = b[first] }
            }
        }
    }
}
