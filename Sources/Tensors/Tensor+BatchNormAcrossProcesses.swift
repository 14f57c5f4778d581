import Kernels

/// Training-mode batch normalisation of a batch split over several processes (synchronised
/// batch norm, as PyTorch's `SyncBatchNorm`): `x` is this process's rows; the mean and the
/// biased variance are those of the whole batch, so every process computes what one process
/// holding the whole batch would.
///
/// Forward: the per-channel sums and the value count are summed across processes (one
/// collective), then the sums of squared deviations from that mean (a second one: two passes,
/// as the one-process kernel, rather than E[x^2] - E[x]^2). Backward: sum dy and
/// sum dy * (x - mean) are summed across processes before the input gradient is formed; the
/// gradients of gamma and beta returned are this process's parts, which the gradient
/// averaging of data-parallel training adds up with the other parameters'.
///
/// No second derivative: nothing differentiates twice through a generator, and the
/// discriminator has no batch norm.
func batchNormAcrossProcesses(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float,
                              reducer: BatchStatisticsReducer) -> BatchNormResult {
    let (n, c, spatial) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
    // Channel sums, then the number of values this process holds, in one collective.
    var sums = [Double](repeating: 0, count: c + 1)
    sums.withUnsafeMutableBufferPointer { buffer in
        BatchNormKernels.channelSums(input: x.storage.pointer, batch: n, channels: c, spatial: spatial,
                                     sums: buffer.baseAddress!)
        buffer[c] = Double(n * spatial)
        reducer.sumAcrossProcesses(buffer)
    }
    let total = Int(sums[c].rounded())
    precondition(total > 1, "batch norm in training needs more than one value per channel over all processes, got \(total)")
    let mean = (0..<c).map { Float(sums[$0] / Double(total)) }
    var squares = [Double](repeating: 0, count: c)
    squares.withUnsafeMutableBufferPointer { buffer in
        BatchNormKernels.channelSquaredDeviations(input: x.storage.pointer, batch: n, channels: c, spatial: spatial,
                                                  mean: mean, sums: buffer.baseAddress!)
        reducer.sumAcrossProcesses(buffer)
    }
    let invStd = squares.map { Float(1 / ($0 / Double(total) + Double(epsilon)).squareRoot()) }
    let unbiased = squares.map { Float($0 / Double(total - 1)) }
    let result = Tensor(uninitializedShape: x.shape)
    BatchNormKernels.normalize(input: x.storage.pointer, batch: n, channels: c, spatial: spatial, mean: mean,
                               invStd: invStd, gamma: gamma.storage.pointer, beta: beta.storage.pointer,
                               output: result.storage.pointer)
    let output = Tensor.recorded(result, name: "batchNormAcrossProcesses", inputs: [x, gamma, beta]) { g in
        precondition(!GradientMode.isEnabled, "batch norm across processes has no second derivative")
        var parts = [Double](repeating: 0, count: 2 * c)
        parts.withUnsafeMutableBufferPointer { buffer in
            BatchNormKernels.backwardSums(gradOutput: g.storage.pointer, input: x.storage.pointer, mean: mean,
                                          batch: n, channels: c, spatial: spatial,
                                          sumGrad: buffer.baseAddress!, sumGradCentered: buffer.baseAddress! + c)
        }
        // This process's parts of dbeta and dgamma, as the one-process kernel rounds them.
        let gradBeta = Tensor(shape: [c], scalars: (0..<c).map { Float(parts[$0]) })
        let gradGamma = Tensor(shape: [c], scalars: (0..<c).map { Float(parts[c + $0]) * invStd[$0] })
        parts.withUnsafeMutableBufferPointer { reducer.sumAcrossProcesses($0) }
        let gradInput = Tensor(uninitializedShape: x.shape)
        parts.withUnsafeBufferPointer { totals in
            BatchNormKernels.backwardInput(gradOutput: g.storage.pointer, input: x.storage.pointer, mean: mean,
                                           invStd: invStd, gamma: gamma.storage.pointer,
                                           totalSumGrad: totals.baseAddress!, totalSumGradCentered: totals.baseAddress! + c,
                                           totalCount: total, batch: n, channels: c, spatial: spatial,
                                           gradInput: gradInput.storage.pointer)
        }
        return [gradInput, gradGamma, gradBeta]
    }
    return BatchNormResult(output: output, mean: mean, unbiasedVariance: unbiased)
}
