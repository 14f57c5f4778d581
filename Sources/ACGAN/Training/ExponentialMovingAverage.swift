import NeuralNetwork
import Tensors

/// An exponential moving average of a module's weights (Karras et al.; Yazıcı et al. 2019,
/// "The unusual effectiveness of averaging in GAN training"): after each step,
/// `average = decay * average + (1 - decay) * weight` for every parameter, and buffers (batch-
/// norm running statistics) are copied. Sampling from the average gives smoother, better faces.
///
/// Early in training the decay is warmed up as TensorFlow's `ExponentialMovingAverage` does
/// with `num_updates`: step t uses min(decay, (1 + t) / (10 + t)), so the average does not
/// stay pinned to the random initial weights for the first thousands of steps.
public struct ExponentialMovingAverage {
    /// The averaged copy (same structure as the source).
    public let average: Module
    /// The weight of the past.
    public let decay: Float
    /// Each tensor of the average with its source tensor, matched by key once here, so that a
    /// training step does not walk the modules again.
    private let pairs: [(average: Tensor, source: Tensor, isParameter: Bool)]

    /// Starts the average of `source` at its current weights; `copy` must be a module of the
    /// same structure (its weights are overwritten). `update(step:)` then follows `source`.
    public init(of source: Module, into copy: Module, decay: Float) throws {
        try copy.loadStateDict(source.stateDictValues())
        let sources = Dictionary(uniqueKeysWithValues: source.stateDict().map { ($0.key, $0.tensor) })
        let parameters = Set(source.namedParameters().map(\.key))
        pairs = copy.stateDict().map { (average: $0.tensor, source: sources[$0.key]!, isParameter: parameters.contains($0.key)) }
        self.average = copy
        self.decay = decay
    }

    /// The decay used at update number `step` (counting from 1).
    public func effectiveDecay(atStep step: Int) -> Float {
        min(decay, Float(1 + step) / Float(10 + step))
    }

    /// Folds the source's current weights into the average; `step` is the training iteration
    /// (from 1), for the warm-up.
    public func update(step: Int) {
        let d = effectiveDecay(atStep: step)
        for (target, value, isParameter) in pairs {
            guard isParameter else { target.assign(from: value); continue }
            target.withUnsafeMutablePointer { t in
                value.withUnsafePointer { v in
                    for i in 0..<target.count { t[i] = d * t[i] + (1 - d) * v[i] }
                }
            }
        }
    }
}
