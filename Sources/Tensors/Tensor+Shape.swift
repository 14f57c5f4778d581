extension Tensor {
    /// The same values with another shape of the same element count; shares memory.
    /// One dimension may be -1, inferred from the others.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        if resolved == shape { return self }
        let inputShape = shape
        return Tensor.recorded(Tensor(shape: resolved, storage: storage), name: "reshape", inputs: [self]) { g in
            [g.reshaped(inputShape)]
        }
    }

    /// (N, d1, d2, ...) -> (N, d1*d2*...), like `torch.flatten(x, 1)`.
    public func flattenedBatch() -> Tensor { reshaped([shape[0], -1]) }

    /// Splits `shape` around `axis` into (outer, size, inner) element counts.
    fileprivate func layout(around axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// The tensors joined along `axis`; all other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenating no tensors")
        let first = tensors[0]
        let axis = axis < 0 ? axis + first.rank : axis
        var shape = first.shape
        shape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        for t in tensors {
            precondition(t.rank == first.rank && (0..<t.rank).allSatisfy { $0 == axis || t.shape[$0] == first.shape[$0] },
                         "cannot concatenate \(t.shape) with \(first.shape) along axis \(axis)")
        }
        let result = Tensor(uninitializedShape: shape)
        let outer = first.layout(around: axis).outer
        let inner = first.layout(around: axis).inner
        let rowOut = shape[axis] * inner
        var offset = 0
        for t in tensors {
            let rowIn = t.shape[axis] * inner
            for o in 0..<outer {
                (result.storage.pointer + o * rowOut + offset).update(from: t.storage.pointer + o * rowIn, count: rowIn)
            }
            offset += rowIn
        }
        let sizes = tensors.map { $0.shape[axis] }
        return recorded(result, name: "concatenate", inputs: tensors) { g in
            var start = 0
            return sizes.map { size in
                defer { start += size }
                return g.slice(alongAxis: axis, range: start..<(start + size))
            }
        }
    }

    /// The elements whose index along `axis` lies in `range`.
    public func slice(alongAxis axis: Int, range: Range<Int>) -> Tensor {
        let axis = axis < 0 ? axis + rank : axis
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "slice \(range) of axis \(axis) of \(shape)")
        if range.count == shape[axis] { return self }
        var outShape = shape
        outShape[axis] = range.count
        let result = Tensor(uninitializedShape: outShape)
        let (outer, size, inner) = layout(around: axis)
        for o in 0..<outer {
            (result.storage.pointer + o * range.count * inner)
                .update(from: storage.pointer + (o * size + range.lowerBound) * inner, count: range.count * inner)
        }
        let inputShape = shape
        return Tensor.recorded(result, name: "slice", inputs: [self]) { g in
            [g.padded(alongAxis: axis, to: inputShape[axis], at: range.lowerBound)]
        }
    }

    /// This tensor placed at index `start` of a zero tensor of size `size` along `axis`:
    /// the adjoint of `slice`.
    func padded(alongAxis axis: Int, to size: Int, at start: Int) -> Tensor {
        var outShape = shape
        outShape[axis] = size
        let result = Tensor(repeating: 0, shape: outShape)
        let (outer, mine, inner) = layout(around: axis)
        for o in 0..<outer {
            (result.storage.pointer + (o * size + start) * inner)
                .update(from: storage.pointer + o * mine * inner, count: mine * inner)
        }
        return Tensor.recorded(result, name: "pad", inputs: [self]) { g in
            [g.slice(alongAxis: axis, range: start..<(start + mine))]
        }
    }

    /// The transpose of a matrix (rank 2).
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed() needs a matrix, not \(shape)")
        let (rows, columns) = (shape[0], shape[1])
        let result = Tensor(uninitializedShape: [columns, rows])
        let src = storage.pointer, dst = result.storage.pointer
        for r in 0..<rows { for c in 0..<columns { dst[c * rows + r] = src[r * columns + c] } }
        return Tensor.recorded(result, name: "transpose", inputs: [self]) { g in [g.transposed()] }
    }
}
