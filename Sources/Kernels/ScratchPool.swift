// Reusable scratch memory for kernels (im2col columns, blocked copies, partial sums).
import Synchronization

/// A set of growable, 64-byte aligned buffers, one per slot. A buffer only reallocates when
/// asked for more than it ever held, so a training loop with fixed shapes stops allocating
/// after its first step.
///
/// Threading: `ensureSlots` runs before a kernel fans out; afterwards each parallel chunk calls
/// `reserve` only on its own slots. Slots live in a manually managed array so that chunks
/// growing different slots touch disjoint memory.
final class ScratchSet: @unchecked Sendable {
    private struct Slot {
        var pointer: UnsafeMutableRawPointer?
        var byteCount: Int
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var slotCount: Int

    init(slots count: Int) {
        slotCount = max(count, 1)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: Slot(pointer: nil, byteCount: 0), count: slotCount)
    }

    /// Makes sure there are at least `count` slots. Call it before fanning out, never from chunks.
    func ensureSlots(_ count: Int) {
        if count <= slotCount { return }
        let grown = UnsafeMutablePointer<Slot>.allocate(capacity: count)
        grown.moveInitialize(from: slots, count: slotCount)
        (grown + slotCount).initialize(repeating: Slot(pointer: nil, byteCount: 0),
                                       count: count - slotCount)
        slots.deallocate()
        slots = grown
        slotCount = count
    }

    /// Grows slot `slot` to at least `count` floats (contents are not kept) and returns it.
    @discardableResult
    func reserve(slot: Int, count: Int) -> UnsafeMutablePointer<Float> {
        reserveBytes(slot: slot, byteCount: count * MemoryLayout<Float>.stride)
            .assumingMemoryBound(to: Float.self)
    }

    /// Grows slot `slot` to at least `byteCount` bytes (contents are not kept) and returns it.
    func reserveBytes(slot: Int, byteCount: Int) -> UnsafeMutableRawPointer {
        precondition(slot < slotCount, "scratch slot \(slot) was not ensured")
        if let pointer = slots[slot].pointer, slots[slot].byteCount >= byteCount { return pointer }
        slots[slot].pointer?.deallocate()
        let size = max(byteCount, 64)
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        // Bind once so later typed access is well-defined.
        pointer.bindMemory(to: Float.self, capacity: size / MemoryLayout<Float>.stride)
        slots[slot] = Slot(pointer: pointer, byteCount: size)
        return pointer
    }

    /// The buffer in `slot`, reserved earlier.
    func pointer(slot: Int) -> UnsafeMutablePointer<Float> {
        slots[slot].pointer!.assumingMemoryBound(to: Float.self)
    }

    deinit {
        for index in 0..<slotCount { slots[index].pointer?.deallocate() }
        slots.deinitialize(count: slotCount)
        slots.deallocate()
    }
}

/// A process-wide free list of scratch sets. Each kernel call takes one set and gives it back,
/// so concurrent callers (tests run in parallel) never share buffers, and a steady state
/// reuses the same memory on every call.
enum ScratchPool {
    private static let free = Mutex<[ScratchSet]>([])

    /// Runs `body` with a private scratch set of at least `slots` slots, then returns it.
    @discardableResult
    static func withScratch<Result>(slots: Int, _ body: (ScratchSet) -> Result) -> Result {
        let set = free.withLock { list in list.popLast() } ?? ScratchSet(slots: slots)
        set.ensureSlots(slots)
        defer { free.withLock { list in list.append(set) } }
        return body(set)
    }
}
