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
/// Runs inline (one call with the whole range) for 1 thread, ranges shorter than
/// `2 * minimumChunkSize`, or when called inside another `parallelFor`.
public func parallelFor(_ range: Range<Int>, minimumChunkSize: Int = 1,
                        _ body: (Range<Int>) -> Void) {
    parallelChunks(range, minimumChunkSize: minimumChunkSize) { _, chunk in body(chunk) }
}

/// Like `parallelFor`, but also passes the chunk's index; kernels use it to pick a private
/// scratch buffer or partial sum. Chunk indices are `0..<used`, where `used` is the return
/// value: at most `parallelChunkCount(range.count, minimumChunkSize:)`, and 1 when the call
/// ran inline (nested, one thread, or a short range).
@discardableResult
public func parallelChunks(_ range: Range<Int>, minimumChunkSize: Int = 1,
                           _ body: (_ chunkIndex: Int, Range<Int>) -> Void) -> Int {
    if range.isEmpty { return 0 }
    let chunkCount = parallelChunkCount(range.count, minimumChunkSize: minimumChunkSize)
    if chunkCount <= 1 {
        body(0, range)
        return 1
    }
    // Claim the fan-out; if someone else holds it, run inline rather than oversubscribe.
    guard Threads.fanOutInProgress.compareExchange(
        expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
        body(0, range)
        return 1
    }
    defer { Threads.fanOutInProgress.store(false, ordering: .releasing) }
    let lower = range.lowerBound, total = range.count
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
            let start = lower + total * index / chunkCount
            let end = lower + total * (index + 1) / chunkCount
            box.value(index, start..<end)
        }
    }
    return chunkCount
}

/// The most chunks `parallelChunks` uses for `count` items: `min(Threads.count,
/// count / minimumChunkSize)`, at least 1 (0 for an empty range).
public func parallelChunkCount(_ count: Int, minimumChunkSize: Int = 1) -> Int {
    if count <= 0 { return 0 }
    let bySize = count / max(1, minimumChunkSize)
    return max(1, min(Threads.count, bySize))
}
