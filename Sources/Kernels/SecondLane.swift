// A second thread for one latency-bound job at a time: the other half of every step of a
// batch-1 generation, handed over through two atomics (no queue, no allocation, no system
// call while the thread is awake).
import CFMAPeak
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Work cut into steps, each step in two halves (lanes) that write disjoint memory and read
/// only what earlier steps wrote. Lane 0 runs on the caller's thread, lane 1 on the second lane.
public protocol TwoLaneWork: AnyObject {
    func runLane(_ lane: Int, step: Int)
}

/// The second thread of `TwoLaneWork`. One persistent thread for the process, started on first
/// use. Between steps it spins on an atomic (with the CPU's pause hint), so a step starts on
/// both cores within a fraction of a microsecond; after `idleSpin` without work it sleeps on
/// a condition variable and the next job wakes it (once per job, not per step).
///
/// Lane 1 of a step is claimed, by the thread or by the caller: a caller that finishes lane 0
/// before the thread has started lane 1 (it was asleep, or lost its core to another process)
/// runs lane 1 itself. So a busy machine costs at most the time of one thread, never a
/// scheduler tick per step.
///
/// `run` takes the process's one level of parallelism (the same claim as `parallelFor`): when
/// another fan-out holds it, or `Threads.count` is 1, both lanes of each step run on the
/// calling thread, one after the other. The lanes are the same either way, so the results are.
public final class SecondLane: @unchecked Sendable {
    // @unchecked: `work` and `step` are written by the caller only before it publishes a new
    // `posted` value and read by the thread only after it sees that value (release/acquire);
    // `thread` is written once under `startLock`.
    public static let shared = SecondLane()

    /// How long the thread spins without work before it sleeps (nanoseconds).
    static let idleSpin: UInt64 = 2_000_000

    private let posted = Atomic<Int>(0)
    /// The last step (by `sequence`) whose lane 1 someone took: the thread or the caller.
    private let claimed = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    private var sequence = 0
    private var work: TwoLaneWork?
    private var step = 0
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private let startLock = Mutex<Bool>(false)

    private init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    /// Runs steps `0..<steps` of `work` in order: each step's lane 0 on the calling thread and
    /// lane 1 on the second lane, both finished before the next step starts.
    public func run(_ work: TwoLaneWork, steps: Int) {
        guard Threads.count >= 2, Threads.fanOutInProgress.compareExchange(
            expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            for index in 0..<steps {
                work.runLane(0, step: index)
                work.runLane(1, step: index)
            }
            return
        }
        defer { Threads.fanOutInProgress.store(false, ordering: .releasing) }
        startIfNeeded()
        self.work = work
        for index in 0..<steps {
            sequence += 1
            step = index
            posted.store(sequence, ordering: .sequentiallyConsistent)
            if sleeping.load(ordering: .sequentiallyConsistent) {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(condition)
                pthread_mutex_unlock(mutex)
            }
            work.runLane(0, step: index)
            if claimed.compareExchange(expected: sequence - 1, desired: sequence,
                                       ordering: .acquiringAndReleasing).exchanged {
                work.runLane(1, step: index)
                continue
            }
            var spins = 0
            while finished.load(ordering: .acquiring) != sequence {
                acgan_cpu_relax()
                spins += 1
                // The thread may have lost its core (more runnable threads than cores).
                if spins & 255 == 0 { sched_yield() }
            }
        }
        self.work = nil
    }

    private func startIfNeeded() {
        startLock.withLock { started in
            guard !started else { return }
            var thread = pthread_t()
            let context = Unmanaged.passUnretained(self).toOpaque()
            let created = pthread_create(&thread, nil, { context in
                Unmanaged<SecondLane>.fromOpaque(context!).takeUnretainedValue().serve()
            }, context)
            precondition(created == 0, "the second lane's thread could not be started (error \(created))")
            pthread_detach(thread)
            started = true
        }
    }

    private func serve() -> Never {
        var seen = 0
        while true {
            var idleSince = Self.now(), spins = 0
            while posted.load(ordering: .acquiring) == seen {
                acgan_cpu_relax()
                spins += 1
                guard spins & 1023 == 0, Self.now() - idleSince > Self.idleSpin else { continue }
                pthread_mutex_lock(mutex)
                sleeping.store(true, ordering: .sequentiallyConsistent)
                while posted.load(ordering: .sequentiallyConsistent) == seen {
                    pthread_cond_wait(condition, mutex)
                }
                sleeping.store(false, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
                idleSince = Self.now()
            }
            seen = posted.load(ordering: .acquiring)
            guard claimed.compareExchange(expected: seen - 1, desired: seen,
                                          ordering: .acquiringAndReleasing).exchanged else { continue }
            work?.runLane(1, step: step)
            finished.store(seen, ordering: .releasing)
        }
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
