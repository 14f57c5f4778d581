import Foundation

extension StudioWorkspace {
    /// `POST /api/runs` with `"kind": "classifier"`: checks the options, the data set, the
    /// quota and the queue, records the run and queues `acgan classifier train` on the data
    /// set's tagged images, then `acgan classifier suggest --all`, into `runs/run-N/`.
    func startClassifierRun(_ request: RunRequest) async throws -> RunReport {
        let options = try request.validatedClassifierOptions()
        let data = try datasetFolder(request.dataset)
        try checkQuota(needed: ClassifierRunOptions.estimatedBytes)
        try await jobs.checkRoom()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let optionsText = String(decoding: try encoder.encode(request), as: UTF8.self)
        // A classifier run counts epochs; its report turns them into steps once training says how many.
        let record = try workspaceChange {
            try registry.addRun(dataset: request.dataset, options: optionsText, totalIterations: options.epochs)
        }
        let folder = runFolder(record)
        try workspaceChange { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        do {
            try await submitClassifierJob(record.id ?? 0, options: options, data: data, folder: folder)
        } catch {
            _ = try? registry.updateRun(record.id ?? 0) { $0.status = .failed; $0.message = "\(error)" }
            throw error
        }
        return try runReport(record.id ?? 0, detailed: true)
    }

    /// `POST /api/runs/{id}/resume` of a classifier run: classifier training has no checkpoint
    /// to continue from, so the run starts over (its old files are replaced as it goes).
    func restartClassifierRun(_ record: RunRecord, request: RunRequest) async throws -> RunReport {
        let id = record.id ?? 0
        let options = try request.validatedClassifierOptions()
        let data = try datasetFolder(record.dataset)
        try checkQuota(needed: ClassifierRunOptions.estimatedBytes)
        try await jobs.checkRoom()
        let folder = runFolder(record)
        try workspaceChange {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(ClassifierRunOptions.suggestionsFile))
            try registry.updateRun(id) { run in
                run.status = .queued
                run.message = "restarted: a classifier run starts over"
                run.finishedAt = nil
            }
        }
        try await submitClassifierJob(id, options: options, data: data, folder: folder)
        return try runReport(id, detailed: true)
    }

    private func submitClassifierJob(_ id: Int64, options: ClassifierRunOptions, data: URL, folder: URL) async throws {
        try await jobs.submit(id: id, commands: options.commands(data: data, folder: folder),
                              messages: ["training the classifier on the tagged faces", "suggesting tags"])
    }

    /// The newest finished classifier run of data set `name` that wrote suggestions, if any.
    func latestSuggestionRun(dataset name: String) throws -> (record: RunRecord, file: URL)? {
        for record in try workspaceRead({ try registry.runs() }) where record.dataset == name && record.status == .finished {
            guard let request = try? JSONDecoder().decode(RunRequest.self, from: Data(record.options.utf8)),
                  (try? request.runKind) == .classifier else { continue }
            let file = runFolder(record).appendingPathComponent(ClassifierRunOptions.suggestionsFile)
            if FileManager.default.fileExists(atPath: file.path) { return (record, file) }
        }
        return nil
    }
}
