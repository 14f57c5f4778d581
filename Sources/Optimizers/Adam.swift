import Kernels
import NeuralNetwork
import Tensors

/// Adam (Kingma & Ba 2015) with PyTorch's semantics (`torch.optim.Adam`): bias-corrected
/// moments, `eps` added outside the square root of the corrected second moment, weight decay
/// as L2 added to the gradient. One instance updates a fixed list of parameters in place.
public final class Adam {
    /// The hyperparameters.
    public struct Options: Codable, Sendable, Equatable {
        public var learningRate: Float = 1e-3
        public var beta1: Float = 0.9
        public var beta2: Float = 0.999
        public var epsilon: Float = 1e-8
        public var weightDecay: Float = 0
        public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                    epsilon: Float = 1e-8, weightDecay: Float = 0) {
            self.learningRate = learningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.weightDecay = weightDecay
        }
    }

    /// The parameters with their keys (the keys name the state in checkpoints).
    public let parameters: [(key: String, tensor: Tensor)]
    /// The hyperparameters; they may change between steps (learning-rate schedules).
    public var options: Options
    /// Steps taken so far (PyTorch's per-parameter `step`, equal for all parameters here).
    public internal(set) var step = 0
    /// Running averages of the gradient (`exp_avg`) and of its square (`exp_avg_sq`).
    let firstMoments: [Tensor]
    let secondMoments: [Tensor]

    /// An optimiser for `module`'s trainable parameters.
    public convenience init(_ module: Module, options: Options) {
        self.init(parameters: module.namedParameters(), options: options)
    }

    /// An optimiser for the given parameters.
    public init(parameters: [(key: String, tensor: Tensor)], options: Options) {
        self.parameters = parameters
        self.options = options
        firstMoments = parameters.map { Tensor.zeros($0.tensor.shape) }
        secondMoments = parameters.map { Tensor.zeros($0.tensor.shape) }
    }

    /// Updates every parameter in place with its gradient (same order as `parameters`).
    public func update(gradients: [Tensor]) {
        precondition(gradients.count == parameters.count, "\(gradients.count) gradients for \(parameters.count) parameters")
        step += 1
        for (i, (_, parameter)) in parameters.enumerated() {
            precondition(gradients[i].shape == parameter.shape, "gradient \(gradients[i].shape) for parameter \(parameter.shape)")
            AdamKernel.update(
                parameter: parameter.storage.pointer, gradient: gradients[i].storage.pointer,
                firstMoment: firstMoments[i].storage.pointer, secondMoment: secondMoments[i].storage.pointer,
                count: parameter.count, learningRate: options.learningRate, beta1: options.beta1,
                beta2: options.beta2, epsilon: options.epsilon, weightDecay: options.weightDecay, step: step)
        }
    }
}
