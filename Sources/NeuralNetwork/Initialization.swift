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
}
