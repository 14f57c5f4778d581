import Kernels

/// The result of a training-mode batch normalisation: the output, and the batch statistics a
/// `BatchNorm2d` layer folds into its running averages.
public struct BatchNormResult {
    /// (N,C,H,W), normalised with the batch statistics, then scaled and shifted.
    public let output: Tensor
    /// The batch mean per channel.
    public let mean: [Float]
    /// The unbiased (n-1) batch variance per channel, which PyTorch uses for `running_var`.
    public let unbiasedVariance: [Float]
}

/// Batch normalisation with batch statistics (training mode), as PyTorch's `batch_norm` with
/// `training=True`: y = (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance.
///
/// The backward pass uses the fused kernel; when the backward pass is itself recorded (for a
/// second derivative), it is computed from the same formula written with differentiable ops.
///
/// With a `reducer`, `x` is this process's part of a batch split over several processes, and
/// the statistics are those of the whole batch (see `batchNormAcrossProcesses`).
public func batchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float,
                              reducer: BatchStatisticsReducer? = nil) -> BatchNormResult {
    precondition(x.rank == 4 && gamma.shape == [x.shape[1]] && beta.shape == [x.shape[1]],
                 "batch norm of \(x.shape) with gamma \(gamma.shape), beta \(beta.shape)")
    if let reducer { return batchNormAcrossProcesses(x, gamma: gamma, beta: beta, epsilon: epsilon, reducer: reducer) }
    let (n, c, spatial) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
    precondition(n * spatial > 1, "batch norm in training needs more than one value per channel, got \(x.shape)")
    let result = Tensor(uninitializedShape: x.shape)
    var mean = [Float](repeating: 0, count: c)
    var invStd = [Float](repeating: 0, count: c)
    var unbiased = [Float](repeating: 0, count: c)
    BatchNormKernels.trainingForward(
        input: x.storage.pointer, batch: n, channels: c, spatial: spatial,
        gamma: gamma.storage.pointer, beta: beta.storage.pointer, epsilon: epsilon,
        output: result.storage.pointer, mean: &mean, invStd: &invStd, unbiasedVariance: &unbiased)
    let savedMean = mean, savedInvStd = invStd
    let output = Tensor.recorded(result, name: "batchNorm", inputs: [x, gamma, beta]) { g in
        if GradientMode.isEnabled {
            let composite = batchNormComposite(x, gamma: gamma, beta: beta, epsilon: epsilon)
            let inputs = [x, gamma, beta]
            var computed = gradients(of: composite, withRespectTo: inputs.filter(\.needsGradient),
                                     seed: g, createGraph: true).makeIterator()
            return inputs.map { $0.needsGradient ? computed.next() : nil }
        }
        let gradInput = Tensor(uninitializedShape: x.shape)
        let gradGamma = Tensor(uninitializedShape: [c]), gradBeta = Tensor(uninitializedShape: [c])
        savedMean.withUnsafeBufferPointer { m in
            savedInvStd.withUnsafeBufferPointer { s in
                BatchNormKernels.backward(
                    gradOutput: g.storage.pointer, input: x.storage.pointer,
                    mean: m.baseAddress!, invStd: s.baseAddress!, gamma: gamma.storage.pointer,
                    batch: n, channels: c, spatial: spatial, gradInput: gradInput.storage.pointer,
                    gradGamma: gradGamma.storage.pointer, gradBeta: gradBeta.storage.pointer)
            }
        }
        return [gradInput, gradGamma, gradBeta]
    }
    return BatchNormResult(output: output, mean: mean, unbiasedVariance: unbiased)
}

/// Training-mode batch normalisation written with differentiable ops: the oracle of the fused
/// kernel, and the path of second derivatives.
public func batchNormComposite(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> Tensor {
    let c = x.shape[1]
    let mean = x.mean(alongAxes: [0, 2, 3], keepingDimensions: true)
    let centered = x - mean
    let variance = centered.squared().mean(alongAxes: [0, 2, 3], keepingDimensions: true)
    let normalized = centered / (variance + epsilon).squareRoot()
    return normalized * gamma.reshaped([1, c, 1, 1]) + beta.reshaped([1, c, 1, 1])
}

/// Batch normalisation with fixed statistics (eval mode): y = (x - mean) / sqrt(var + eps) *
/// gamma + beta, computed as one per-channel scale and shift.
public func batchNormInference(
    _ x: Tensor, gamma: Tensor, beta: Tensor, runningMean: Tensor, runningVariance: Tensor, epsilon: Float
) -> Tensor {
    let c = x.shape[1]
    let scale = gamma / (runningVariance.detached() + epsilon).squareRoot()
    let shift = beta - runningMean.detached() * scale
    return x * scale.reshaped([1, c, 1, 1]) + shift.reshaped([1, c, 1, 1])
}
