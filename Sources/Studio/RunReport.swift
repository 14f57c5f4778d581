import ACGAN
import Foundation

/// `GET /api/runs` and `GET /api/runs/{id}`: a run's record joined with what its folder says
/// (metrics.jsonl for progress, losses and the quality curve; samples/ for the sheets).
public struct RunReport: Codable, Sendable, Equatable {
    /// One line of metrics.jsonl as the page plots it.
    public struct LossPoint: Codable, Sendable, Equatable {
        public var iteration: Int
        public var dLoss: Double
        public var gLoss: Double
        public var dRealAccuracy: Double
        public var dFakeAccuracy: Double

        enum CodingKeys: String, CodingKey {
            case iteration, dLoss = "d_loss", gLoss = "g_loss"
            case dRealAccuracy = "d_real_accuracy", dFakeAccuracy = "d_fake_accuracy"
        }
    }

    /// One quality measurement (`--eval-every`): its figures by name.
    public struct QualityPoint: Codable, Sendable, Equatable {
        public var iteration: Int
        public var values: [String: Double]
    }

    /// One sample sheet, served as PNG at `url`.
    public struct SampleSheet: Codable, Sendable, Equatable {
        public var iteration: Int
        public var url: String
    }

    public var id: Int64
    /// `run-<id>`, its folder under `runs/`.
    public var name: String
    public var dataset: String
    public var status: RunStatus
    /// Why it failed, was cancelled or interrupted.
    public var message: String?
    /// The options as requested (`POST /api/runs`'s body).
    public var options: RunRequest?
    /// The last logged iteration and the total.
    public var iteration: Int
    public var totalIterations: Int
    /// iteration / totalIterations.
    public var progress: Double
    /// Seconds left at the speed so far, while running.
    public var etaSeconds: Double?
    public var imagesPerSecond: Double?
    public var createdAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
    /// Whether it can continue (`POST /api/runs/{id}/resume`): stopped, with a folder.
    public var resumable: Bool
    /// Whether its generator can be deployed (`POST /api/models/run-<id>/deploy`).
    public var hasGenerator: Bool
    /// Losses and D's accuracies at each log line (only in `GET /api/runs/{id}`).
    public var losses: [LossPoint]?
    /// Quality measurements (only in `GET /api/runs/{id}`).
    public var quality: [QualityPoint]?
    /// Sample sheets by iteration (only in `GET /api/runs/{id}`).
    public var samples: [SampleSheet]?

    /// The report of `record`, reading `folder`; `detailed` adds the curves and sheets.
    init(_ record: RunRecord, folder: URL, detailed: Bool) {
        let id = record.id ?? 0
        self.id = id
        name = record.name
        dataset = record.dataset
        status = record.status
        message = record.message
        options = try? JSONDecoder().decode(RunRequest.self, from: Data(record.options.utf8))
        totalIterations = record.totalIterations
        createdAt = record.createdAt
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        let records = Self.metrics(in: folder.appendingPathComponent("metrics.jsonl"))
        let last = records.last
        iteration = last?.iteration ?? 0
        progress = min(1, Double(iteration) / Double(max(record.totalIterations, 1)))
        imagesPerSecond = last?.imagesPerSecond
        if record.status == .running, let last, last.iteration > 0 {
            etaSeconds = last.elapsedSeconds / Double(last.iteration) * Double(max(0, record.totalIterations - last.iteration))
        }
        resumable = record.status.isResumable
        hasGenerator = FileManager.default.fileExists(atPath: folder.appendingPathComponent("generator.safetensors").path)
        guard detailed else { return }
        losses = records.map {
            LossPoint(iteration: $0.iteration, dLoss: Double($0.discriminatorLoss), gLoss: Double($0.generatorLoss),
                      dRealAccuracy: Double($0.realAccuracy), dFakeAccuracy: Double($0.fakeAccuracy))
        }
        quality = records.compactMap { record in
            record.evaluation.map { QualityPoint(iteration: record.iteration, values: $0) }
        }
        samples = Self.sampleIterations(in: folder).map {
            SampleSheet(iteration: $0, url: "/api/runs/\(id)/samples/\($0)")
        }
    }

    /// The records of a metrics.jsonl; a torn or unreadable line is skipped (the file is the
    /// child's, being written while this reads it).
    static func metrics(in url: URL) -> [MetricsRecord] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(MetricsRecord.self, from: Data($0)) }
    }

    /// Iterations of the `samples/iter_NNNNNN.png` sheets, in order.
    static func sampleIterations(in folder: URL) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("samples").path)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("iter_"), name.hasSuffix(".png") else { return nil }
            return Int(name.dropFirst(5).dropLast(4))
        }.sorted()
    }

    /// The file of the sheet at `iteration`.
    static func sampleURL(in folder: URL, iteration: Int) -> URL {
        folder.appendingPathComponent("samples").appendingPathComponent(String(format: "iter_%06d.png", iteration))
    }
}
