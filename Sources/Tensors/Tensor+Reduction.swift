import Kernels

extension Tensor {
    /// The sum over `axes` (negative axes count from the end); reduced axes are kept with size 1
    /// when `keepingDimensions`, and dropped otherwise.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let normalized = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        precondition(normalized.allSatisfy { (0..<rank).contains($0) }, "axes \(axes) out of range for \(shape)")
        let keptShape = shape.enumerated().map { normalized.contains($0.offset) ? 1 : $0.element }
        let result = Tensor(uninitializedShape: keptShape)
        Reduction.sum(input: storage.pointer, shape: shape, axes: normalized, output: result.storage.pointer)
        let inputShape = shape
        let summed = Tensor.recorded(result, name: "sum", inputs: [self]) { g in
            [g.expanded(toShape: inputShape)]
        }
        if keepingDimensions { return summed }
        return summed.reshaped(shape.enumerated().filter { !normalized.contains($0.offset) }.map(\.element))
    }

    /// The sum of all elements, as a tensor of shape [].
    public func sum() -> Tensor { sum(alongAxes: Array(0..<rank)) }

    /// The mean over `axes`.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let normalized = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        let n = normalized.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(n))
    }

    /// The mean of all elements, as a tensor of shape [].
    public func mean() -> Tensor { sum() * (1 / Float(max(count, 1))) }

    /// This tensor broadcast to `target` (NumPy rules), copied into new memory.
    /// Its gradient sums back over the broadcast axes.
    public func expanded(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        let result = Tensor(uninitializedShape: target)
        // x + 0 over the broadcast shape: a broadcasting copy.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 1) { zero in
            zero[0] = 0
            Elementwise.binary(
                .add, shape: target,
                a: storage.pointer, aStrides: broadcastStrides(shape, to: target),
                b: zero.baseAddress!, bStrides: [Int](repeating: 0, count: target.count),
                output: result.storage.pointer)
        }
        let inputShape = shape
        return Tensor.recorded(result, name: "expand", inputs: [self]) { g in
            [g.summed(toShape: inputShape)]
        }
    }

    /// The sum of this tensor over the axes along which `target` was broadcast to this
    /// tensor's shape: the adjoint of `expanded(toShape:)`.
    public func summed(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        let offset = rank - target.count
        precondition(offset >= 0, "cannot sum \(shape) to \(target)")
        var axes: [Int] = Array(0..<offset)
        for d in 0..<target.count where target[d] == 1 && shape[d + offset] != 1 { axes.append(d + offset) }
        let reduced = sum(alongAxes: axes, keepingDimensions: true)
        return reduced.reshaped(target)
    }
}
