// The one thread policy of ACGAN Studio: a single level of parallelism, owned by `parallelFor`.
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How many threads the kernels use.
///
/// The default is the `ACGAN_THREADS` environment variable when it holds a positive integer,
/// otherwise the CPUs the process may use (see `defaultCount`). Policy: there is exactly one level of parallelism.
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

    /// Runs `body` with every `parallelFor` in it on the calling thread (same chunks, one
    /// after another, so the same results), and blocks no other caller: another thread's
    /// `parallelFor` meanwhile also runs inline, as it would beside any fan-out.
    public static func inline<Result>(_ body: () throws -> Result) rethrows -> Result {
        let claimed = fanOutInProgress.compareExchange(
            expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        defer { if claimed { fanOutInProgress.store(false, ordering: .releasing) } }
        return try body()
    }

    /// `ACGAN_THREADS` if set to a positive integer, else the CPUs this process may really use:
    /// the online cores, fewer when the calling thread's affinity mask (`taskset`, a container's
    /// cpuset) allows fewer, and fewer again when a cgroup CPU quota (`docker --cpus 1.5`,
    /// Kubernetes limits) grants fewer (rounded up).
    public static var defaultCount: Int {
        if let text = getenv("ACGAN_THREADS"), let value = Int(String(cString: text)), value > 0 {
            return value
        }
        return availableCPUs(online: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
                             affinity: readFile("/proc/thread-self/status").flatMap(affinityCount(status:)),
                             quota: cgroupQuota())
    }

    /// The smallest of the online cores, the affinity count and the quota (each when known), at least 1.
    public static func availableCPUs(online: Int, affinity: Int?, quota: Int?) -> Int {
        max(1, [online, affinity, quota].compactMap { $0 }.filter { $0 > 0 }.min() ?? 1)
    }

    /// The number of CPUs in the `Cpus_allowed_list:` line of a `/proc/.../status` text
    /// (`0-3,6,8-9` is 7), or nil when there is none or it does not parse.
    public static func affinityCount(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else {
            return nil
        }
        var count = 0
        for part in line.dropFirst("Cpus_allowed_list:".count).split(separator: ",") {
            let bounds = part.trimmingWhitespace.split(separator: "-")
            guard let first = bounds.first.flatMap({ Int($0) }), bounds.count <= 2 else { return nil }
            let last = bounds.count == 2 ? Int(bounds[1]) : first
            guard let last, last >= first else { return nil }
            count += last - first + 1
        }
        return count > 0 ? count : nil
    }

    /// CPUs granted by a cgroup v2 `cpu.max` text (`150000 100000` is 2; `max 100000` is no limit).
    public static func quotaCount(cpuMax: String) -> Int? {
        let fields = cpuMax.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]) else { return nil }
        return quotaCount(quota: quota, period: period)
    }

    /// CPUs granted by a quota per period in microseconds (cgroup v1 gives -1 for no limit).
    public static func quotaCount(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return (quota + period - 1) / period
    }

    /// This process's cgroup CPU quota: v2's `cpu.max` in its own cgroup or the root, else v1's
    /// `cpu.cfs_quota_us` / `cpu.cfs_period_us`.
    private static func cgroupQuota() -> Int? {
        let own = readFile("/proc/self/cgroup")?.split(separator: "\n")
            .first { $0.hasPrefix("0::") }.map { String($0.dropFirst(3)) } ?? "/"
        for path in ["/sys/fs/cgroup\(own == "/" ? "" : own)/cpu.max", "/sys/fs/cgroup/cpu.max"] {
            if let text = readFile(path) { return quotaCount(cpuMax: text) }
        }
        guard let quota = readFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").flatMap({ Int($0.trimmingWhitespace) }),
              let period = readFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us").flatMap({ Int($0.trimmingWhitespace) }) else {
            return nil
        }
        return quotaCount(quota: quota, period: period)
    }

    /// A small text file's contents (nil when it cannot be read).
    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let read = fread(&buffer, 1, buffer.count, file)
            if read <= 0 { break }
            bytes.append(contentsOf: buffer[0..<read])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private extension StringProtocol {
    var trimmingWhitespace: Substring {
        let text = Substring(self)
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return text[start..<Swift.max(start, end)]
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
