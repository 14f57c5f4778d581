import CMPI
#if canImport(Glibc)
import Glibc
#endif

/// The processes of one MPI job (OpenMPI), as data-parallel training uses them: each has a
/// rank from 0 to size - 1, and they add up flat `Float` or `Double` buffers (`MPI_Allreduce`)
/// and copy rank 0's buffers to everyone (`MPI_Bcast`).
///
/// MPI is initialised only in a process that an MPI launcher started (`joinIfLaunched`): a
/// process run directly, or the test runner, never touches MPI. Every call here is collective:
/// all ranks must make the same calls in the same order with the same counts. MPI is called
/// from one thread only (`MPI_THREAD_FUNNELED`); the compute threads never call it.
///
/// Errors are MPI's default, fatal: if a rank dies, `mpirun` stops the others and exits with
/// an error that names the lost rank, so a collective never returns a failure here.
public final class ProcessGroup: @unchecked Sendable {
    /// This process's rank, 0 ..< size.
    public let rank: Int
    /// The number of processes.
    public let size: Int
    /// Rank 0: the one that writes files and prints.
    public var isRoot: Bool { rank == 0 }
    /// Time and bytes of the collectives so far (for `docs/scaling.md` and the end-of-run line).
    public private(set) var statistics = CollectiveStatistics()

    /// Variables an MPI launcher sets in every process it starts: OpenMPI's `mpirun`
    /// (`OMPI_COMM_WORLD_SIZE`), and PMIx/PMI launchers such as Slurm's `srun` (`PMIX_RANK`,
    /// `PMI_RANK`).
    public static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"]

    /// Whether an MPI launcher started this process, judged by its environment.
    public static func isLaunchedByMPI(environment: [String: String]) -> Bool {
        launcherVariables.contains { environment[$0] != nil }
    }

    /// Joins the MPI job this process was started in (`MPI_Init_thread`), or returns nil
    /// without touching MPI when no launcher started it.
    /// - Throws: `DistributedError.initialisationFailed` when MPI cannot start.
    public static func joinIfLaunched(environment: [String: String]) throws -> ProcessGroup? {
        guard isLaunchedByMPI(environment: environment) else { return nil }
        var initialised: Int32 = 0
        MPI_Initialized(&initialised)
        if initialised == 0 {
            var provided: Int32 = 0
            let status = MPI_Init_thread(nil, nil, acgan_mpi_thread_funneled(), &provided)
            guard status == acgan_mpi_success() else { throw DistributedError.initialisationFailed(code: status) }
        }
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(acgan_mpi_comm_world(), &rank)
        MPI_Comm_size(acgan_mpi_comm_world(), &size)
        return ProcessGroup(rank: Int(rank), size: Int(size))
    }

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Replaces every value by its sum over all ranks (`MPI_Allreduce`, in place).
    public func sum(_ values: UnsafeMutableBufferPointer<Float>) {
        allreduce(values.baseAddress, count: values.count, elementSize: 4, type: acgan_mpi_float())
    }

    /// Replaces every value by its sum over all ranks (`MPI_Allreduce`, in place).
    public func sum(_ values: UnsafeMutableBufferPointer<Double>) {
        allreduce(values.baseAddress, count: values.count, elementSize: 8, type: acgan_mpi_double())
    }

    /// Copies rank `root`'s values into every rank's buffer (`MPI_Bcast`).
    public func broadcast(_ values: UnsafeMutableBufferPointer<Float>, from root: Int = 0) {
        var offset = 0
        while offset < values.count {
            let count = min(values.count - offset, Self.largestCount)
            let status = MPI_Bcast(values.baseAddress! + offset, Int32(count), acgan_mpi_float(), Int32(root),
                                   acgan_mpi_comm_world())
            precondition(status == acgan_mpi_success(), "MPI_Bcast failed with code \(status)")
            offset += count
        }
    }

    /// Waits until every rank has called it (the time is counted in `barrierSeconds`).
    public func barrier() {
        let start = Self.now()
        MPI_Barrier(acgan_mpi_comm_world())
        statistics.barrierSeconds += Self.now() - start
    }

    /// Ends MPI in this process (`MPI_Finalize`); call once, when every rank is done.
    public func finish() {
        MPI_Finalize()
    }

    /// Stops every process of the job with `code` (`MPI_Abort`): what a rank does after an
    /// error the others cannot know about, so that they do not wait for it forever.
    public func abort(code: Int32) -> Never {
        MPI_Abort(acgan_mpi_comm_world(), code)
        exit(code)
    }

    /// MPI counts are `int`; longer buffers go in pieces.
    static let largestCount = Int(Int32.max)

    private func allreduce(_ base: UnsafeMutableRawPointer?, count: Int, elementSize: Int, type: MPI_Datatype?) {
        guard let base, count > 0 else { return }
        let start = Self.now()
        var offset = 0
        while offset < count {
            let piece = min(count - offset, Self.largestCount)
            let status = MPI_Allreduce(acgan_mpi_in_place(), base + offset * elementSize, Int32(piece), type,
                                       acgan_mpi_sum(), acgan_mpi_comm_world())
            precondition(status == acgan_mpi_success(), "MPI_Allreduce failed with code \(status)")
            offset += piece
        }
        statistics.allreduceCalls += 1
        statistics.allreduceBytes += count * elementSize
        statistics.allreduceSeconds += Self.now() - start
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// What the collectives of a `ProcessGroup` have cost so far.
public struct CollectiveStatistics: Sendable, Equatable {
    /// `MPI_Allreduce` calls, the bytes each rank contributed to them, and the wall time spent
    /// in them (including waiting for slower ranks).
    public var allreduceCalls = 0
    public var allreduceBytes = 0
    public var allreduceSeconds = 0.0
    /// Wall time in `barrier()`: waiting for the slowest rank, so that the allreduce after it
    /// measures the transfer rather than the imbalance.
    public var barrierSeconds = 0.0
    public init() {}
}

/// MPI could not be used.
public enum DistributedError: Error, CustomStringConvertible {
    case initialisationFailed(code: Int32)

    public var description: String {
        switch self {
        case .initialisationFailed(let code):
            return "MPI_Init_thread failed (code \(code)): check that mpirun and the program use the same OpenMPI (Debian's openmpi-bin and libopenmpi-dev)"
        }
    }
}
