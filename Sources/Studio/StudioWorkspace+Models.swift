import ACGAN
import Foundation

/// One deployable model in `GET /api/models`.
public struct ModelSummary: Codable, Sendable, Equatable {
    /// "run-3" for a run's generator, the file name for a file in `models/`, "startup" for
    /// the model the studio was started with.
    public var id: String
    /// "run", "file" or "startup".
    public var source: String
    /// The run's data set, for a run's generator.
    public var dataset: String?
    /// Iterations trained, for a run's generator.
    public var iterations: Int?
    /// The last quality figures of the run (`--eval-every`), when it measured any.
    public var evaluation: [String: Double]?
    /// File size in bytes.
    public var bytes: Int64?
    /// Whether it is the live model.
    public var live: Bool
}

/// `GET /api/models` and `POST /api/models/{id}/deploy`.
public struct ModelsResponse: Codable, Sendable, Equatable {
    /// The live model's id.
    public var live: String
    /// The model live before it, which deploying again restores.
    public var previous: String?
    public var models: [ModelSummary]
}

extension StudioWorkspace {
    /// Every deployable model: the startup model, finished runs' generators (newest first),
    /// then the files in `models/`.
    public func models() throws -> ModelsResponse {
        let live = slot.live.id
        var models = [ModelSummary(id: startupModel.id, source: "startup", live: live == startupModel.id)]
        for run in try workspaceRead({ try registry.runs() }) {
            let file = runFolder(run).appendingPathComponent("generator.safetensors")
            guard let bytes = Self.fileSize(file) else { continue }
            let evaluation = RunReport.metrics(in: runFolder(run).appendingPathComponent("metrics.jsonl"))
                .last(where: { $0.evaluation != nil })?.evaluation
            models.append(ModelSummary(id: run.name, source: "run", dataset: run.dataset, iterations: run.totalIterations,
                                       evaluation: evaluation, bytes: bytes, live: live == run.name))
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.modelsDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".safetensors") && !$0.hasPrefix(".") }.sorted()
        for name in files {
            guard let bytes = Self.fileSize(workspace.modelsDirectory.appendingPathComponent(name)) else { continue }
            models.append(ModelSummary(id: name, source: "file", bytes: bytes, live: live == name))
        }
        let deployments = (try? registry.deployments(limit: 50)) ?? []
        let previous = deployments.dropFirst().first(where: { $0.modelID != live })?.modelID
            ?? (deployments.isEmpty || live == startupModel.id ? nil : startupModel.id)
        return ModelsResponse(live: live, previous: previous, models: models)
    }

    /// `POST /api/models/{id}/deploy`: loads the model and makes it live without a restart;
    /// generation in flight finishes with the model it started with.
    public func deploy(id: String) async throws -> ModelsResponse {
        let live = try await Self.blocking { [self] in try loadModel(id: id) }
        try workspaceChange { try registry.recordDeployment(modelID: id, path: live.path ?? "") }
        slot.swap(to: live)
        return try models()
    }

    /// Loads model `id` (see `ModelSummary.id`).
    func loadModel(id: String) throws -> LiveModel {
        if id == startupModel.id { return startupModel }
        let file: URL
        var name = id
        if id.hasPrefix("run-"), let number = Int64(id.dropFirst(4)) {
            let record = try runRecord(number)
            file = runFolder(record).appendingPathComponent("generator.safetensors")
            name = "\(id) (\(record.dataset))"
        } else {
            try Workspace.checkName(id, field: "model")
            file = try workspace.confined(id, in: workspace.modelsDirectory, field: "model")
        }
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw StudioError.unknownItem(kind: "model", name: id)
        }
        do {
            let sampler = try Sampler(checkpoint: file)
            return LiveModel(model: RenamedModel(base: sampler, modelName: name), id: id, path: file.path)
        } catch {
            throw StudioError.invalidModel(name: id, reason: "\(error)")
        }
    }

    static func fileSize(_ url: URL) -> Int64? {
        guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey]),
              values.isRegularFile == true else { return nil }
        return Int64(values.fileSize ?? 0)
    }
}
