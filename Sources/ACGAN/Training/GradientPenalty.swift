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

    /// The penalty's value (a scalar tensor recorded for D's parameters), for real images `real`
    /// (with `condition`, their condition, for a projection discriminator).
    /// With `dataParallel`, `real` is this process's rows: the random draws are made for the
    /// whole batch and DRAGAN's standard deviation is the whole batch's.
    public func value(discriminator: Discriminator, real: Tensor, condition: Tensor? = nil, using rng: inout RandomGenerator,
                      dataParallel: DataParallel? = nil) -> Tensor? {
        switch self {
        case .none:
            return nil
        case .r1:
            let x = real.detached().requiringGradient()
            let gradient = gradients(of: discriminator(x, condition: condition).adversarial.sum(), withRespectTo: [x], createGraph: true)[0]
            return gradient.squared().sum(alongAxes: [1, 2, 3]).mean()
        case .dragan:
            if let dataParallel {
                return dragan(discriminator: discriminator, real: real, condition: condition, using: &rng, dataParallel: dataParallel)
            }
            let n = real.shape[0]
            // The batch's standard deviation (unbiased, as torch.std), with tensor reductions.
            let x = real.detached()
            let count = Float(max(x.count - 1, 1))
            let std = ((x - x.mean()).squared().sum().item / count).squareRoot()
            let perturbed = real.detached() + Tensor.randomUniform(real.shape, using: &rng) * (0.5 * std)
            let alpha = Tensor.randomUniform([n, 1, 1, 1], using: &rng)
            let mixed = (real.detached() * alpha + perturbed * (1 - alpha)).detached().requiringGradient()
            let gradient = gradients(of: discriminator(mixed, condition: condition).adversarial.sum(), withRespectTo: [mixed], createGraph: true)[0]
            let norms = (gradient.squared().sum(alongAxes: [1, 2, 3]) + 1e-12).squareRoot()
            return (norms - 1).squared().mean()
        }
    }

    /// DRAGAN on this process's rows of a batch split over processes: the standard deviation of
    /// the whole batch (its sum and count, then its squared deviations, summed across
    /// processes), and the noise drawn for the whole batch, of which this process keeps its rows.
    private func dragan(discriminator: Discriminator, real: Tensor, condition: Tensor?, using rng: inout RandomGenerator,
                        dataParallel: DataParallel) -> Tensor {
        let x = real.detached()
        let values = x.scalars
        var sums = [values.reduce(0.0) { $0 + Double($1) }, Double(values.count)]
        dataParallel.sum(&sums)
        let mean = sums[0] / sums[1]
        var squares = [values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }]
        dataParallel.sum(&squares)
        let std = Float((squares[0] / max(sums[1] - 1, 1)).squareRoot())
        var globalShape = real.shape
        globalShape[0] = dataParallel.globalBatchSize
        let noise = dataParallel.localRows(Tensor.randomUniform(globalShape, using: &rng))
        let perturbed = x + noise * (0.5 * std)
        let alpha = dataParallel.localRows(Tensor.randomUniform([dataParallel.globalBatchSize, 1, 1, 1], using: &rng))
        let mixed = (x * alpha + perturbed * (1 - alpha)).detached().requiringGradient()
        let gradient = gradients(of: discriminator(mixed, condition: condition).adversarial.sum(), withRespectTo: [mixed], createGraph: true)[0]
        let norms = (gradient.squared().sum(alongAxes: [1, 2, 3]) + 1e-12).squareRoot()
        return (norms - 1).squared().mean()
    }
}
