import ACGAN
import Foundation
import Synchronization

/// How the studio keeps its workspace: where, which extra data folders it reads, and the
/// limits on what requests may make it store and run.
public struct WorkspaceConfiguration: Sendable, Equatable {
    /// The workspace folder (`--workspace`).
    public var root: URL
    /// Extra read-only folders of data sets (`--data-root`).
    public var dataRoots: [URL]
    /// The `acgan` program that runs training (`acgan train`); `acgan serve` passes itself.
    public var executable: URL
    /// Bytes the workspace may hold; a run that would go past it is refused. Nil: no quota.
    public var quotaBytes: Int64?
    /// Runs that may wait or train at once.
    public var maxQueuedRuns: Int
    /// Largest uploaded zip, in bytes.
    public var maxUploadBytes: Int
    /// Largest total of an upload's unpacked files, in bytes.
    public var maxUnpackedBytes: Int64
    /// Most entries (files and folders) in an uploaded zip.
    public var maxUploadEntries: Int

    /// Creates a configuration; the defaults suit one person's data sets of tens of
    /// thousands of small faces.
    public init(root: URL, dataRoots: [URL] = [], executable: URL, quotaBytes: Int64? = nil, maxQueuedRuns: Int = 8,
                maxUploadBytes: Int = 512 * 1024 * 1024, maxUnpackedBytes: Int64 = 2 * 1024 * 1024 * 1024,
                maxUploadEntries: Int = 200_000) {
        self.root = root
        self.dataRoots = dataRoots
        self.executable = executable
        self.quotaBytes = quotaBytes
        self.maxQueuedRuns = maxQueuedRuns
        self.maxUploadBytes = maxUploadBytes
        self.maxUnpackedBytes = maxUnpackedBytes
        self.maxUploadEntries = maxUploadEntries
    }
}

/// The "one stop" part of the studio: data sets, training runs and deployed models in a
/// workspace, behind `/api/datasets`, `/api/runs` and `/api/models`. Route handlers only
/// decode and encode; what each request means happens here, testable without HTTP.
public final class StudioWorkspace: Sendable {
    public let configuration: WorkspaceConfiguration
    public let workspace: Workspace
    public let registry: Registry
    /// The training queue.
    public let jobs: TrainingJobs
    /// The live model (shared with the generation engine).
    public let slot: ModelSlot
    /// The model the studio was started with (`--checkpoint` or the bundled one): always
    /// listed, so it can be restored.
    public let startupModel: LiveModel
    /// Inspections of data sets by folder, with the modification time they were made at.
    let inspections = Mutex<[String: (stamp: Date, summary: DatasetSummary)]>([:])
    /// Held while labels are written, so two requests never read and replace one tags.csv at once.
    let labelling = Mutex<Void>(())

    /// Opens the workspace: runs that were queued or running when the studio last stopped
    /// are marked interrupted (an orphaned child of a crashed studio is stopped), and the
    /// last deployed model is made live again if its file still loads.
    public init(configuration: WorkspaceConfiguration, startupModel: LiveModel, slot: ModelSlot,
                metrics: StudioMetrics?, log: @Sendable (String) -> Void = { _ in }) throws {
        self.configuration = configuration
        workspace = try Workspace(root: configuration.root, dataRoots: configuration.dataRoots)
        registry = try Registry(url: workspace.registryURL)
        jobs = TrainingJobs(workspace: workspace, registry: registry, executable: configuration.executable,
                            capacity: configuration.maxQueuedRuns, metrics: metrics)
        self.slot = slot
        self.startupModel = startupModel
        for run in try registry.interruptUnfinishedRuns() {
            if let pid = run.processID {
                TrainingJobs.stopOrphan(processID: pid, runFolder: workspace.runsDirectory.appendingPathComponent(run.name))
            }
        }
        if let last = try registry.deployments(limit: 1).first, last.modelID != startupModel.id {
            do {
                let live = try loadModel(id: last.modelID)
                slot.swap(to: live)
                log("live model: \(last.modelID) (deployed \(Date(timeIntervalSince1970: last.deployedAt)))")
            } catch {
                log("warning: the last deployed model \(last.modelID) does not load (\(error)); serving \(startupModel.id)")
            }
        }
    }

    /// The folder of run `name` (`run-<id>`).
    func runFolder(_ record: RunRecord) -> URL {
        workspace.runsDirectory.appendingPathComponent(record.name)
    }

    /// Runs `work` off Swift's cooperative threads (loading data and models is seconds of
    /// blocking work, which would stall every other request on a two-core machine).
    static func blocking<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
