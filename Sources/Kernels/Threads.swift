// The one thread policy of ACGAN Studio: a single level of parallelism, owned by `parallelFor`.
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How many threads the kernels use.
///
/// The default is the `ACGAN_THREADS` environment variable when it holds a positive integer,
/// otherwise the number of active cores. Policy: there is exactly one level of parallelism.
/// The outermost `parallelFor` splits its range over `count` threads; a `parallelFor` that is
/// started while another one is running (inside its body, or from another thread at the same
/// time) runs inline. OpenBLAS is told to use one thread (see `Gemm`), and `Gemm.sgemm` splits
/// large products itself with `parallelFor`, so BLAS threads never stack on top of ours.
public enum Threads {
    private static let configured = Atomic<Int>(0)
    /// Set while an outermost `parallelFor` fans out; nested calls then run inline.
    static let fanOutInProgress = Atomic<Bool>(false)

    /// The number of threads `parallelFor` splits work over (at least 1).
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        if value > 0 { return value }
        let initial = defaultCount
        configured.store(initial, ordering: .relaxed)
        return initial
    }

    /// Sets the number of threads; values below 1 are treated as 1.
    public static func set(count: Int) {
        configured.store(max(1, count), ordering: .relaxed)
    }

    /// `ACGAN_THREADS` if set to a positive integer, else the active core count.
    public static var defaultCount: Int {
        if let text = getenv("ACGAN_THREADS"), let value = Int(String(cString: text)), value > 0 {
            return value
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// Lets a non-escaping, non-Sendable closure be called from Dispatch worker threads.
/// Safe because `parallelChunks` waits for every worker before returning and its callers write
/// disjoint memory per chunk (that is the contract of `parallelFor`).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Runs `body` over `range` split into at most `Threads.count` contiguous chunks, in parallel,
/// and returns when all chunks are done. Each chunk must touch memory no other chunk touches.
///
/// Runs on the calling thread for 1 thread, ranges shorter than `2 * minimumChunkSize`, or
/// when called inside another `parallelFor` (then the chunks run one after another).
public func parallelFor(_ range: Range<Int>, minimumChunkSize: Int = 1,
                        _ body: (Range<Int>) -> Void) {
    parallelChunks(range, minimumChunkSize: minimumChunkSize) { _, chunk in body(chunk) }
}

/// Like `parallelFor`, but also passes the chunk's index; kernels use it to pick a private
/// scratch buffer or partial sum. The split is fixed: exactly
/// `parallelChunkCount(range.count, minimumChunkSize:)` chunks (the return value), with the
/// same ranges whether they run in parallel or, when nested, one after another on the
/// calling thread. So results (for example the order of partial sums) do not depend on how
/// busy the machine is, only on `Threads.count`.
@discardableResult
public func parallelChunks(_ range: Range<Int>, minimumChunkSize: Int = 1,
                           _ body: (_ chunkIndex: Int, Range<Int>) -> Void) -> Int {
    let chunkCount = parallelChunkCount(range.count, minimumChunkSize: minimumChunkSize)
    let lower = range.lowerBound, total = range.count
    func chunk(_ index: Int) -> Range<Int> {
        (lower + total * index / chunkCount)..<(lower + total * (index + 1) / chunkCount)
    }
    if chunkCount <= 1 {
        if chunkCount == 1 { body(0, range) }
        return chunkCount
    }
    // Claim the fan-out; if someone else holds it, run inline rather than oversubscribe.
    guard Threads.fanOutInProgress.compareExchange(
        expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
        for index in 0..<chunkCount { body(index, chunk(index)) }
        return chunkCount
    }
    defer { Threads.fanOutInProgress.store(false, ordering: .releasing) }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
            let start = lower + total * index / chunkCount
            box.value(index, start..<(lower + total * (index + 1) / chunkCount))
        }
    }
    return chunkCount
}

/// The number of chunks `parallelChunks` splits `count` items into: `min(Threads.count,
/// count / minimumChunkSize)`, at least 1 (0 for an empty range).
public func parallelChunkCount(_ count: Int, minimumChunkSize: Int = 1) -> Int {
    if count <= 0 { return 0 }
    let bySize = count / max(1, minimumChunkSize)
    return max(1, min(Threads.count, bySize))
}
