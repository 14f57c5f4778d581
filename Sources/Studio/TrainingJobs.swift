import Foundation
import Subprocess
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Training runs, one at a time, each as child processes of `acgan` (swift-subprocess): one
/// `acgan train` for a GAN run, `acgan classifier train` then `acgan classifier suggest` for a
/// classifier run. A crash in training never takes the server down.
///
/// Runs wait on a bounded queue. The children's output goes to `runs/run-N/train.log`;
/// its progress is read from the files it writes (`metrics.jsonl`, `samples/`). Cancelling
/// stops the child with SIGTERM (SIGKILL after 10 s); its last checkpoint stays, and resuming
/// continues from it. The child is in its own process group, so a Ctrl+C meant for the
/// server does not kill it midway: `stop()` ends it and marks the run interrupted.
public actor TrainingJobs {
    /// A run waiting for its turn: the `acgan` commands it runs one after the other (each the
    /// arguments after the program), and what the run's message says while each runs.
    struct Job: Sendable {
        var id: Int64
        var commands: [[String]]
        var messages: [String?]
    }

    let workspace: Workspace
    let registry: Registry
    /// The `acgan` program the children run.
    let executable: URL
    /// Runs that may wait or train at once.
    public let capacity: Int
    let metrics: StudioMetrics?

    private var waiting: [Job] = []
    private var current: (id: Int64, task: Task<Void, Never>)?
    private var cancelled: Set<Int64> = []
    private var stopping = false

    /// Creates the queue; nothing runs until `submit`.
    public init(workspace: Workspace, registry: Registry, executable: URL, capacity: Int, metrics: StudioMetrics?) {
        self.workspace = workspace
        self.registry = registry
        self.executable = executable
        self.capacity = capacity
        self.metrics = metrics
        metrics?.setTrainingJobs(running: 0, queued: 0)
    }

    /// Puts run `id` on the queue with its `acgan train` arguments (after `train`).
    /// - Throws: `StudioError.runQueueFull` when `capacity` runs wait or train already.
    public func submit(id: Int64, arguments: [String]) throws {
        try submit(id: id, commands: [["train"] + arguments])
    }

    /// Puts run `id` on the queue with the `acgan` commands it runs in turn (each stops the run
    /// when it fails); `messages[i]`, when given, is the run's message while command i runs.
    /// - Throws: `StudioError.runQueueFull` when `capacity` runs wait or train already.
    public func submit(id: Int64, commands: [[String]], messages: [String?] = []) throws {
        guard !stopping else { throw StudioError.conflict("The studio is stopping; start the run after it restarts") }
        guard waiting.count + (current == nil ? 0 : 1) < capacity else { throw StudioError.runQueueFull(capacity: capacity) }
        waiting.append(Job(id: id, commands: commands, messages: messages))
        publishCounts()
        startNextIfIdle()
    }

    /// Whether a run can be queued now (for refusing before anything is written).
    public func checkRoom() throws {
        guard waiting.count + (current == nil ? 0 : 1) < capacity else { throw StudioError.runQueueFull(capacity: capacity) }
    }

    /// Cancels run `id`: a waiting run leaves the queue, a running one's child is stopped.
    /// Returns false when the run is neither waiting nor running here.
    public func cancel(id: Int64) -> Bool {
        if let index = waiting.firstIndex(where: { $0.id == id }) {
            waiting.remove(at: index)
            _ = try? registry.updateRun(id) { run in
                run.status = .cancelled
                run.message = "cancelled before it started"
                run.finishedAt = Date().timeIntervalSince1970
            }
            publishCounts()
            return true
        }
        guard let current, current.id == id else { return false }
        cancelled.insert(id)
        current.task.cancel()
        return true
    }

    /// Stops everything for a server shutdown: waiting runs and the running child are marked
    /// interrupted (they can be resumed after the restart).
    public func stop() async {
        stopping = true
        for job in waiting {
            _ = try? registry.updateRun(job.id) { run in
                run.status = .interrupted
                run.message = "the studio stopped while the run was queued; resume it to continue"
            }
        }
        waiting.removeAll()
        if let current {
            current.task.cancel()
            await current.task.value
        }
        publishCounts()
    }

    private func publishCounts() {
        metrics?.setTrainingJobs(running: current == nil ? 0 : 1, queued: waiting.count)
    }

    private func startNextIfIdle() {
        guard current == nil, !stopping, !waiting.isEmpty else { return }
        let job = waiting.removeFirst()
        let task = Task { await self.execute(job) }
        current = (job.id, task)
        publishCounts()
    }

    private func execute(_ job: Job) async {
        let runFolder = workspace.runsDirectory.appendingPathComponent("run-\(job.id)")
        _ = try? registry.updateRun(job.id) { run in
            run.status = .running
            run.startedAt = Date().timeIntervalSince1970
        }
        var outcome = Outcome(succeeded: true, reason: "")
        for (step, arguments) in job.commands.enumerated() where outcome.succeeded && !cancelled.contains(job.id) && !stopping {
            let message = step < job.messages.count ? job.messages[step] : nil
            if let message { _ = try? registry.updateRun(job.id) { $0.message = message } }
            outcome = await Self.runChild(
                executable: executable, arguments: arguments,
                log: runFolder.appendingPathComponent("train.log")
            ) { [registry] pid in
                _ = try? registry.updateRun(job.id) { $0.processID = Int64(pid) }
            }
        }
        let wasCancelled = cancelled.remove(job.id) != nil
        let stopping = self.stopping
        _ = try? registry.updateRun(job.id) { run in
            run.processID = nil
            run.finishedAt = Date().timeIntervalSince1970
            if wasCancelled {
                run.status = .cancelled
                run.message = "cancelled; its last checkpoint is kept, resume it to continue"
            } else if stopping {
                run.status = .interrupted
                run.message = "the studio stopped while the run was running; resume it to continue"
            } else if outcome.succeeded {
                run.status = .finished
                run.message = nil
            } else {
                run.status = .failed
                run.message = outcome.reason
            }
        }
        current = nil
        publishCounts()
        startNextIfIdle()
    }

    /// How a child ended.
    struct Outcome: Sendable {
        var succeeded: Bool
        var reason: String
    }

    /// Runs `executable arguments` to its end, appending its standard output and error to
    /// `log`; cancelling the calling task stops it (SIGTERM, then SIGKILL after 10 s).
    static func runChild(
        executable: URL, arguments: [String], log: URL, started: @escaping @Sendable (Int32) -> Void
    ) async -> Outcome {
        // Appended to, so a resumed run's log keeps what the run printed before.
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        guard let handle = try? FileHandle(forWritingTo: log) else {
            return Outcome(succeeded: false, reason: "could not write \(log.path)")
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.send(signal: .terminate, allowedDurationToNextStep: .seconds(10))]
        // "acgan train", "acgan classifier suggest": the words before the first option.
        let command = (["acgan"] + arguments.prefix { !$0.hasPrefix("-") }).joined(separator: " ")
        do {
            let result = try await run(
                .path(FilePath(executable.path)), arguments: Arguments(arguments), environment: .inherit,
                platformOptions: options, input: .none, output: .sequence, error: .combinedWithOutput
            ) { execution in
                started(execution.processIdentifier.value)
                var lastLines: [String] = []
                for try await line in execution.standardOutput.strings() {
                    handle.write(Data((line + "\n").utf8))
                    lastLines.append(line)
                    if lastLines.count > 20 { lastLines.removeFirst() }
                }
                return lastLines
            }
            switch result.terminationStatus {
            case .exited(0):
                return Outcome(succeeded: true, reason: "")
            case .exited(let code):
                let lines = result.closureResult
                let error = lines.last(where: { $0.hasPrefix("Error:") }) ?? lines.last ?? ""
                return Outcome(succeeded: false, reason: "\(command) exited with status \(code): \(error)")
            case .signaled(let signal):
                return Outcome(succeeded: false, reason: "\(command) was killed by signal \(signal) (see train.log)")
            }
        } catch {
            return Outcome(succeeded: false, reason: "\(command) could not run: \(error)")
        }
    }

    /// After a server crash, a child of the previous server may still be training into
    /// `runFolder`: stop it, or it and a resumed run would write the same files.
    static func stopOrphan(processID: Int64, runFolder: URL) {
        let pid = pid_t(truncatingIfNeeded: processID)
        guard pid > 0,
              let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
              String(decoding: command, as: UTF8.self).contains(runFolder.path)
        else { return }
        kill(pid, SIGTERM)
    }
}
