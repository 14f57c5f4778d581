import Kernels

/// Mean binary cross-entropy between `sigmoid(logits)` and `targets` (PyTorch's
/// `binary_cross_entropy_with_logits`, reduction "mean"), computed stably.
/// Gradient: (sigmoid(x) - t) / n, written with differentiable ops.
public func binaryCrossEntropyWithLogits(_ logits: Tensor, targets: Tensor) -> Tensor {
    precondition(logits.shape == targets.shape, "BCE: logits \(logits.shape), targets \(targets.shape)")
    let value = LossKernels.binaryCrossEntropyWithLogits(
        logits: logits.storage.pointer, targets: targets.storage.pointer, count: logits.count)
    let n = Float(logits.count)
    return Tensor.recorded(Tensor(value), name: "binaryCrossEntropyWithLogits", inputs: [logits]) { g in
        [(logits.sigmoid() - targets.detached()) * g * (1 / n)]
    }
}

/// Mean softmax cross-entropy of rows of `logits` (N, K) against class indices (PyTorch's
/// `cross_entropy`, reduction "mean"). Gradient: (softmax(x) - onehot) / N.
public func softmaxCrossEntropy(_ logits: Tensor, labels: [Int32]) -> Tensor {
    precondition(logits.rank == 2 && labels.count == logits.shape[0], "cross-entropy: logits \(logits.shape), \(labels.count) labels")
    let (rows, columns) = (logits.shape[0], logits.shape[1])
    precondition(labels.allSatisfy { $0 >= 0 && Int($0) < columns }, "cross-entropy: a label is outside 0..<\(columns)")
    let value = labels.withUnsafeBufferPointer {
        LossKernels.softmaxCrossEntropy(logits: logits.storage.pointer, rows: rows, columns: columns,
                                        rowStride: columns, targets: $0.baseAddress!)
    }
    return Tensor.recorded(Tensor(value), name: "softmaxCrossEntropy", inputs: [logits]) { g in
        var oneHot = [Float](repeating: 0, count: rows * columns)
        for (r, label) in labels.enumerated() { oneHot[r * columns + Int(label)] = 1 }
        let target = Tensor(shape: [rows, columns], scalars: oneHot)
        return [(logits.softmax() - target) * g * (1 / Float(rows))]
    }
}

extension Tensor {
    /// Softmax over the last axis of a matrix (N, K).
    public func softmax() -> Tensor {
        precondition(rank == 2, "softmax over rows of a matrix, not \(shape)")
        let result = Tensor(uninitializedShape: shape)
        LossKernels.softmax(input: storage.pointer, rows: shape[0], columns: shape[1], output: result.storage.pointer)
        let x = self
        return Tensor.recorded(result, name: "softmax", inputs: [x]) { g in
            // dy = y * (g - sum(g * y, row)); recompute y as a recorded op for second derivatives.
            let y = GradientMode.isEnabled ? x.softmax() : result
            return [y * (g - (g * y).sum(alongAxes: [1], keepingDimensions: true))]
        }
    }
}

/// Mean squared error between `predictions` and `targets` of one shape (PyTorch's `mse_loss`,
/// reduction "mean"): the mean of (p - t)². Written with differentiable ops (gradient
/// 2 (p - t) / n); the targets are constants.
public func meanSquaredError(_ predictions: Tensor, targets: Tensor) -> Tensor {
    precondition(predictions.shape == targets.shape, "MSE: predictions \(predictions.shape), targets \(targets.shape)")
    return (predictions - targets.detached()).squared().mean()
}
