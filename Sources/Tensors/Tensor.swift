import Foundation

/// An n-dimensional array of `Float`, contiguous, row-major (NCHW for images), that records
/// the operations made on it so their gradients can be computed.
///
/// A tensor's values never change after the operation that made it, except for a leaf's, which
/// an optimiser updates in place between steps (`withUnsafeMutablePointer`). Operations return
/// new tensors; their buffers come from `BufferPool`, so a training loop reuses memory.
public final class Tensor: @unchecked Sendable {
    /// The size of each dimension.
    public let shape: [Int]
    /// The memory, possibly shared with tensors of other shapes (see `reshaped`).
    public let storage: TensorStorage
    /// The operation that made this tensor, when it was recorded.
    let node: GraphNode?
    /// Whether this is a leaf whose gradient is wanted (a parameter, or an input of a
    /// gradient penalty).
    public let isGradientLeaf: Bool

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// Whether gradients flow back through this tensor.
    public var requiresGradient: Bool { isGradientLeaf || node != nil }

    init(shape: [Int], storage: TensorStorage, node: GraphNode? = nil, isGradientLeaf: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) <= storage.count, "shape \(shape) larger than its storage")
        self.shape = shape
        self.storage = storage
        self.node = node
        self.isGradientLeaf = isGradientLeaf
    }

    /// An uninitialised tensor, for operations to fill.
    init(uninitializedShape shape: [Int]) {
        self.shape = shape
        self.storage = TensorStorage(count: shape.reduce(1, *))
        self.node = nil
        self.isGradientLeaf = false
    }

    /// A tensor with the given values (row-major).
    public convenience init(shape: [Int], scalars: [Float]) {
        precondition(scalars.count == shape.reduce(1, *),
                     "\(scalars.count) values do not fill shape \(shape)")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: scalars.count) }
    }

    /// A tensor with every element equal to `value`.
    public convenience init(repeating value: Float, shape: [Int]) {
        self.init(uninitializedShape: shape)
        storage.pointer.update(repeating: value, count: count)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
    /// A tensor of one element.
    public convenience init(_ scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// The values, row-major.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item of a tensor of shape \(shape)")
        return storage.pointer[0]
    }

    /// A leaf sharing these values whose gradient `gradients(of:withRespectTo:)` can compute.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, storage: storage, isGradientLeaf: true)
    }

    /// The same values, cut from the graph: no gradient flows back through the result.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// A copy in new memory (a leaf that does not require gradients).
    public func copy() -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        result.storage.pointer.update(from: storage.pointer, count: count)
        return result
    }

    /// Read access to the values.
    public func withUnsafePointer<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafePointer(storage.pointer))
    }

    /// Write access to the values, for optimisers and loaders updating a leaf in place.
    /// Never use it on a tensor that a recorded graph still needs.
    public func withUnsafeMutablePointer<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try body(storage.pointer)
    }

    /// Overwrites the values with `source`'s (same element count), in place.
    public func assign(from source: Tensor) {
        precondition(source.count == count, "assigning \(source.shape) to \(shape)")
        if source.storage !== storage { storage.pointer.update(from: source.storage.pointer, count: count) }
    }

    /// Overwrites the values with `values`, in place.
    public func assign(scalars values: [Float]) {
        precondition(values.count == count, "assigning \(values.count) values to \(shape)")
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: count) }
    }
}

extension Tensor: CustomStringConvertible {
    /// The shape and the first few values.
    public var description: String {
        let shown = scalars.prefix(8).map { String(format: "%.4g", Double($0)) }
        return "Tensor(\(shape): \(shown.joined(separator: ", "))\(count > 8 ? ", ..." : ""))"
    }
}
