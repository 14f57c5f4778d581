import ACGAN
import Foundation

extension StudioWorkspace {
    /// `POST /api/runs`: checks the request (options, data set, quota, room on the queue),
    /// records the run and queues `acgan train --data DATA --out runs/run-N ...`.
    public func startRun(_ request: RunRequest) async throws -> RunReport {
        if try request.runKind == .classifier { return try await startClassifierRun(request) }
        let options = try request.validatedOptions()
        let data = try datasetFolder(request.dataset)
        try checkQuota(needed: RunRequest.estimatedBytes(options))
        try await jobs.checkRoom()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let optionsText = String(decoding: try encoder.encode(request), as: UTF8.self)
        let record = try workspaceChange { try registry.addRun(dataset: request.dataset, options: optionsText,
                                                               totalIterations: options.iterations) }
        let folder = runFolder(record)
        try workspaceChange { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let arguments = ["--data", data.path, "--out", folder.path] + request.trainArguments(options)
        do {
            try await jobs.submit(id: record.id ?? 0, arguments: arguments)
        } catch {
            _ = try? registry.updateRun(record.id ?? 0) { $0.status = .failed; $0.message = "\(error)" }
            throw error
        }
        return try runReport(record.id ?? 0, detailed: true)
    }

    /// `POST /api/runs/{id}/resume`: continues a cancelled, interrupted or failed run from its
    /// last checkpoint (`acgan train --resume`), or from the start when it wrote none yet.
    public func resumeRun(_ id: Int64) async throws -> RunReport {
        let record = try runRecord(id)
        guard record.status.isResumable else {
            throw StudioError.conflict("\(record.name) is \(record.status.rawValue); only cancelled, interrupted or failed runs resume")
        }
        let request = try JSONDecoder().decode(RunRequest.self, from: Data(record.options.utf8))
        if try request.runKind == .classifier { return try await restartClassifierRun(record, request: request) }
        let options = try request.validatedOptions()
        let data = try datasetFolder(record.dataset)
        try checkQuota(needed: RunRequest.estimatedBytes(options) / 4)
        try await jobs.checkRoom()
        let folder = runFolder(record)
        let hasCheckpoint = FileManager.default.fileExists(atPath: folder.appendingPathComponent("checkpoint.safetensors").path)
        let arguments = ["--data", data.path, "--out", folder.path]
            + (hasCheckpoint ? ["--resume", "--iterations", "\(options.iterations)"]
                             : request.trainArguments(options) + ["--overwrite"])
            + (request.threads.map { ["--threads", "\($0)"] } ?? [])
        try workspaceChange {
            try registry.updateRun(id) { run in
                run.status = .queued
                run.message = hasCheckpoint ? "resumed from its last checkpoint" : "restarted: it had written no checkpoint"
                run.finishedAt = nil
            }
        }
        try await jobs.submit(id: id, arguments: arguments)
        return try runReport(id, detailed: true)
    }

    /// `POST /api/runs/{id}/cancel`: takes a queued run off the queue or stops a running one.
    public func cancelRun(_ id: Int64) async throws -> RunReport {
        let record = try runRecord(id)
        guard record.status.isActive, await jobs.cancel(id: id) else {
            throw StudioError.conflict("\(record.name) is \(record.status.rawValue); only queued or running runs can be cancelled")
        }
        return try runReport(id, detailed: false)
    }

    /// `GET /api/runs`: every run, newest first, without curves.
    public func runReports() throws -> [RunReport] {
        try workspaceRead { try registry.runs() }.map { RunReport($0, folder: runFolder($0), detailed: false) }
    }

    /// `GET /api/runs/{id}`.
    public func runReport(_ id: Int64, detailed: Bool) throws -> RunReport {
        let record = try runRecord(id)
        return RunReport(record, folder: runFolder(record), detailed: detailed)
    }

    /// `GET /api/runs/{id}/samples/{iteration}`: the sheet's PNG bytes.
    public func sampleSheet(run id: Int64, iteration: Int) throws -> Data {
        let record = try runRecord(id)
        let url = RunReport.sampleURL(in: runFolder(record), iteration: iteration)
        guard let data = try? Data(contentsOf: url) else {
            throw StudioError.unknownItem(kind: "sample sheet", name: "\(record.name) iteration \(iteration)")
        }
        return data
    }

    func runRecord(_ id: Int64) throws -> RunRecord {
        guard let record = try workspaceRead({ try registry.run(id) }) else {
            throw StudioError.unknownItem(kind: "run", name: "\(id)")
        }
        return record
    }

    /// Refuses work that would take the workspace past its quota.
    func checkQuota(needed: Int64) throws {
        guard let quota = configuration.quotaBytes else { return }
        let used = workspace.usedBytes()
        if used + needed > quota {
            throw StudioError.quotaExceeded(usedBytes: used, neededBytes: needed, quotaBytes: quota)
        }
    }

    /// A registry or file-system change; its failure is a 500 that says what failed.
    @discardableResult
    func workspaceChange<Value>(_ change: () throws -> Value) throws -> Value {
        do { return try change() } catch let error as StudioError { throw error } catch {
            throw StudioError.workspaceFailed(reason: "\(error)")
        }
    }

    /// A registry read; its failure is a 500.
    func workspaceRead<Value>(_ read: () throws -> Value) throws -> Value {
        try workspaceChange(read)
    }
}
