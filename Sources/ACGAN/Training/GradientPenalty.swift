import NeuralNetwork
import Tensors
import Randomness

/// A penalty on the discriminator's input gradient, added to its loss to stabilise training.
public enum GradientPenalty: String, Codable, Sendable, CaseIterable {
    /// No penalty.
    case none
    /// R1 (Mescheder et al. 2018): mean over real samples of ||dD(x)/dx||^2.
    case r1
    /// DRAGAN (Kodali et al. 2017): mean of (||dD(x̂)/dx̂|| - 1)^2 at points x̂ between real
    /// samples and perturbed real samples x + 0.5 * std(x) * U[0,1).
    case dragan

    /// The penalty's value (a scalar tensor recorded for D's parameters), for real images `real`.
    public func value(discriminator: Discriminator, real: Tensor, using rng: inout RandomGenerator) -> Tensor? {
        switch self {
        case .none:
            return nil
        case .r1:
            let x = real.detached().requiringGradient()
            let gradient = gradients(of: discriminator(x).adversarial.sum(), withRespectTo: [x], createGraph: true)[0]
            return gradient.squared().sum(alongAxes: [1, 2, 3]).mean()
        case .dragan:
            let n = real.shape[0]
            // The batch's standard deviation (unbiased, as torch.std), with tensor reductions.
            let x = real.detached()
            let count = Float(max(x.count - 1, 1))
            let std = ((x - x.mean()).squared().sum().item / count).squareRoot()
            let perturbed = real.detached() + Tensor.randomUniform(real.shape, using: &rng) * (0.5 * std)
            let alpha = Tensor.randomUniform([n, 1, 1, 1], using: &rng)
            let mixed = (real.detached() * alpha + perturbed * (1 - alpha)).detached().requiringGradient()
            let gradient = gradients(of: discriminator(mixed).adversarial.sum(), withRespectTo: [mixed], createGraph: true)[0]
            let norms = (gradient.squared().sum(alongAxes: [1, 2, 3]) + 1e-12).squareRoot()
            return (norms - 1).squared().mean()
        }
    }
}
