import Synchronization

/// The memory behind a tensor: a contiguous `Float` buffer that returns to `BufferPool` when
/// the last tensor using it goes away. Reshaped tensors share one storage.
public final class TensorStorage: @unchecked Sendable {
    /// The first element.
    public let pointer: UnsafeMutablePointer<Float>
    /// The number of elements.
    public let count: Int

    init(count: Int) {
        self.count = count
        self.pointer = BufferPool.shared.take(count: count)
    }

    deinit { BufferPool.shared.give(pointer, count: count) }
}

/// A caching allocator: buffers are kept by element count and handed out again, so a training
/// step, which asks for the same sizes every time, stops calling `malloc` for its big buffers
/// after the first step. (PyTorch's CPU allocator leaves this to malloc; its CUDA caching
/// allocator does what this does.)
public final class BufferPool: Sendable {
    /// The pool every tensor uses.
    public static let shared = BufferPool()

    /// Buffers of at most this many bytes in all are kept; beyond it they are freed.
    public let capacityBytes: Int

    private struct State {
        // Addresses (as integers, which are Sendable) of free buffers by element count.
        var free: [Int: [UInt]] = [:]
        var cachedBytes = 0
        var allocations = 0
        var reuses = 0
    }
    private let state = Mutex(State())

    init(capacityBytes: Int = 6 << 30) { self.capacityBytes = capacityBytes }

    /// A buffer of `count` floats, uninitialised.
    func take(count: Int) -> UnsafeMutablePointer<Float> {
        let cached: UInt? = state.withLock { s in
            if var list = s.free[count], let p = list.popLast() {
                s.free[count] = list
                s.cachedBytes -= count * 4
                s.reuses += 1
                return p
            }
            s.allocations += 1
            return nil
        }
        if let cached { return UnsafeMutablePointer<Float>(bitPattern: cached)! }
        // 64-byte alignment suits AVX-512 loads and BLAS.
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        let address = UInt(bitPattern: pointer)
        let keep = state.withLock { s in
            guard s.cachedBytes + count * 4 <= capacityBytes else { return false }
            s.free[count, default: []].append(address)
            s.cachedBytes += count * 4
            return true
        }
        if !keep { UnsafeMutableRawPointer(pointer).deallocate() }
    }

    /// How many buffers were allocated from the system, and how many were reused from the pool.
    public var statistics: (allocations: Int, reuses: Int, cachedBytes: Int) {
        state.withLock { ($0.allocations, $0.reuses, $0.cachedBytes) }
    }
}
