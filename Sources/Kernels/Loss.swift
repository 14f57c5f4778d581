/// Fused forward loops of the losses. Their gradients are written with differentiable tensor
/// ops in the Tensors target, so these only compute values.
public enum LossKernels {
    /// Mean binary cross-entropy with logits over `count` elements:
    /// `mean(max(x, 0) - x * t + log(1 + exp(-|x|)))`, PyTorch's stable form.
    public static func binaryCrossEntropyWithLogits(
        logits: UnsafePointer<Float>, targets: UnsafePointer<Float>, count: Int
    ) -> Float {
        var total: Double = 0
        for i in 0..<count {
            let x = logits[i], t = targets[i]
            total += Double(max(x, 0) - x * t + libmLog1p(libmExp(-abs(x))))
        }
        return Float(total / Double(count))
    }

    /// Mean softmax cross-entropy of `rows` rows of `columns` logits (row stride `rowStride`)
    /// against integer class indices: `mean(logsumexp(x_row) - x_row[target])`.
    public static func softmaxCrossEntropy(
        logits: UnsafePointer<Float>, rows: Int, columns: Int, rowStride: Int,
        targets: UnsafePointer<Int32>
    ) -> Float {
        var total: Double = 0
        for r in 0..<rows {
            let row = logits + r * rowStride
            var m = -Float.infinity
            for j in 0..<columns { m = max(m, row[j]) }
            var s: Double = 0
            for j in 0..<columns { s += Double(libmExp(row[j] - m)) }
            total += Double(m) + libmLogDouble(s) - Double(row[Int(targets[r])])
        }
        return Float(total / Double(rows))
    }

    /// Row-wise softmax of `rows` x `columns` contiguous values.
    public static func softmax(
        input: UnsafePointer<Float>, rows: Int, columns: Int, output: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows {
            let x = input + r * columns, y = output + r * columns
            var m = -Float.infinity
            for j in 0..<columns { m = max(m, x[j]) }
            var s: Float = 0
            for j in 0..<columns { let e = libmExp(x[j] - m); y[j] = e; s += e }
            let inv = 1 / s
            for j in 0..<columns { y[j] *= inv }
        }
    }
}
