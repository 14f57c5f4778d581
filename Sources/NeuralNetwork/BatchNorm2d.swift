import Tensors

/// Batch normalisation over (N, H, W) per channel, as PyTorch's `nn.BatchNorm2d`: in training,
/// batch statistics normalise and update the running averages with momentum 0.1, the running
/// variance from the unbiased batch variance; in eval mode the running averages normalise.
public final class BatchNorm2d: Module, UnaryLayer {
    /// The scale gamma (C), initialised to 1.
    public let weight: Tensor
    /// The shift beta (C), initialised to 0.
    public let bias: Tensor
    /// The running mean (C).
    @Buffer public var runningMean: Tensor
    /// The running variance (C), unbiased.
    @Buffer public var runningVar: Tensor
    /// How many training batches updated the running statistics (PyTorch keeps it as int64).
    @Buffer public var numBatchesTracked: Tensor
    /// Added to the variance, 1e-5 as in PyTorch.
    public let epsilon: Float
    /// The weight of the newest batch in the running averages, 0.1 as in PyTorch; nil makes
    /// them cumulative averages of every batch since `numBatchesTracked` was 0 (PyTorch's
    /// `momentum=None`), as for recomputing standing statistics.
    public var momentum: Float?
    /// Set in data-parallel training, where each process holds part of the batch: the batch
    /// statistics are then summed across processes, so they are the whole batch's (and equal on
    /// every process, as are the running averages). Nil (one process) uses this batch alone.
    public var statisticsReducer: BatchStatisticsReducer?

    /// A layer for `channels` channels.
    public init(channels: Int, epsilon: Float = 1e-5, momentum: Float? = 0.1) {
        weight = Module.parameter(Tensor.ones([channels]))
        bias = Module.parameter(Tensor.zeros([channels]))
        _runningMean = Buffer(wrappedValue: Tensor.zeros([channels]))
        _runningVar = Buffer(wrappedValue: Tensor.ones([channels]))
        _numBatchesTracked = Buffer(wrappedValue: Tensor.zeros([]))
        self.epsilon = epsilon
        self.momentum = momentum
    }

    /// Forgets the running statistics (mean 0, variance 1, no batches tracked).
    public func resetRunningStatistics() {
        runningMean.assign(from: Tensor.zeros(runningMean.shape))
        runningVar.assign(from: Tensor.ones(runningVar.shape))
        numBatchesTracked.assign(from: Tensor.zeros([]))
    }

    /// x is (N, C, H, W).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        guard isTraining else {
            return batchNormInference(x, gamma: weight, beta: bias, runningMean: runningMean,
                                      runningVariance: runningVar, epsilon: epsilon)
        }
        let result = batchNormTraining(x, gamma: weight, beta: bias, epsilon: epsilon, reducer: statisticsReducer)
        numBatchesTracked.withUnsafeMutablePointer { $0[0] += 1 }
        let m = momentum ?? 1 / numBatchesTracked.item
        runningMean.withUnsafeMutablePointer { p in
            for (c, mean) in result.mean.enumerated() { p[c] = (1 - m) * p[c] + m * mean }
        }
        runningVar.withUnsafeMutablePointer { p in
            for (c, variance) in result.unbiasedVariance.enumerated() { p[c] = (1 - m) * p[c] + m * variance }
        }
        return result.output
    }
}
