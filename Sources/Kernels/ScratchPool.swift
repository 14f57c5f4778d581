// Reusable scratch memory for kernels (im2col columns, partial sums).
import Synchronization

/// A set of growable Float buffers, one per (chunk, role) slot. A buffer only reallocates when
/// asked for more than it ever held, so a training loop with fixed shapes stops allocating
/// after its first step.
final class ScratchSet: @unchecked Sendable {
    // @unchecked: a set is used by one kernel call at a time (the pool's mutex hands it over),
    // and within that call each parallel chunk touches only its own slots.
    private var pointers: [UnsafeMutablePointer<Float>?]
    private var capacities: [Int]

    init(slots: Int) {
        pointers = Array(repeating: nil, count: slots)
        capacities = Array(repeating: 0, count: slots)
    }

    /// Makes sure there are `slots` slots. Called before fanning out, never from chunks.
    func ensureSlots(_ slots: Int) {
        if slots > pointers.count {
            pointers.append(contentsOf: Array(repeating: nil, count: slots - pointers.count))
            capacities.append(contentsOf: Array(repeating: 0, count: slots - capacities.count))
        }
    }

    /// Grows slot `slot` to at least `count` floats (contents are not kept) and returns it.
    /// Call it for every slot before fanning out, then read the pointers from the chunks.
    @discardableResult
    func reserve(slot: Int, count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacities[slot] || pointers[slot] == nil {
            pointers[slot]?.deallocate()
            capacities[slot] = max(count, 1)
            pointers[slot] = UnsafeMutablePointer<Float>.allocate(capacity: capacities[slot])
        }
        return pointers[slot]!
    }

    /// The buffer in `slot`, reserved earlier with `reserve(slot:count:)`.
    func pointer(slot: Int) -> UnsafeMutablePointer<Float> { pointers[slot]! }

    deinit { for pointer in pointers { pointer?.deallocate() } }
}

/// A process-wide free list of scratch sets. Each kernel call takes one set and gives it back,
/// so concurrent callers (tests run in parallel) never share buffers, and a steady state
/// reuses the same memory on every call.
enum ScratchPool {
    private static let free = Mutex<[ScratchSet]>([])

    /// Runs `body` with a private scratch set of at least `slots` slots, then returns it.
    static func withScratch<Result>(slots: Int, _ body: (ScratchSet) -> Result) -> Result {
        let set = free.withLock { list in list.popLast() } ?? ScratchSet(slots: slots)
        set.ensureSlots(slots)
        defer { free.withLock { list in list.append(set) } }
        return body(set)
    }
}
