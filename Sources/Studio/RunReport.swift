import ACGAN
import AnimeData
import Foundation
import Synchronization

/// `GET /api/runs` and `GET /api/runs/{id}`: a run's record joined with what its folder says
/// (metrics.jsonl for progress, losses and the quality curve; samples/ for the sheets; for a
/// classifier run, classifier-metrics.jsonl and suggestions.json).
public struct RunReport: Codable, Sendable, Equatable {
    /// A classifier run's training and suggestions.
    public struct ClassifierReport: Codable, Sendable, Equatable {
        /// One progress report of `acgan classifier train --metrics`.
        public struct Point: Codable, Sendable, Equatable {
            public var step: Int
            public var epoch: Int
            public var loss: Double
            /// At the end of an epoch.
            public var heldOutAccuracy: Double?
        }

        /// The epoch reached and the epochs asked for.
        public var epoch: Int
        public var epochs: Int
        /// The last held-out accuracy (every attribute pooled).
        public var heldOutAccuracy: Double?
        /// Faces with suggestions once the suggest step has written them, and how many of
        /// them had no usable tags.
        public var suggestedFaces: Int?
        public var facesWithoutTags: Int?
        /// Images the suggest step could not read.
        public var skipped: Int?
        /// The loss and accuracy curve (only in `GET /api/runs/{id}`).
        public var curve: [Point]?
    }

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
    /// What the run trains.
    public var kind: RunKind
    public var status: RunStatus
    /// Why it failed, was cancelled or interrupted.
    public var message: String?
    /// The options as requested (`POST /api/runs`'s body).
    public var options: RunRequest?
    /// The last logged iteration and the total (for a classifier run: steps, once training
    /// has said how many).
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
    /// A classifier run's epochs, accuracy and suggestions.
    public var classifier: ClassifierReport?

    /// The report of `record`, reading `folder`; `detailed` adds the curves and sheets.
    init(_ record: RunRecord, folder: URL, detailed: Bool) {
        let id = record.id ?? 0
        self.id = id
        name = record.name
        dataset = record.dataset
        status = record.status
        message = record.message
        options = try? JSONDecoder().decode(RunRequest.self, from: Data(record.options.utf8))
        kind = (try? options?.runKind) ?? .gan
        totalIterations = record.totalIterations
        createdAt = record.createdAt
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        resumable = record.status.isResumable
        hasGenerator = false
        iteration = 0
        progress = 0
        if kind == .classifier {
            reportClassifier(record, folder: folder, detailed: detailed)
            return
        }
        let records = Self.metrics(in: folder.appendingPathComponent("metrics.jsonl"))
        let last = records.last
        iteration = last?.iteration ?? 0
        progress = min(1, Double(iteration) / Double(max(record.totalIterations, 1)))
        imagesPerSecond = last?.imagesPerSecond
        if record.status == .running, let last, last.iteration > 0 {
            etaSeconds = last.elapsedSeconds / Double(last.iteration) * Double(max(0, record.totalIterations - last.iteration))
        }
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

    /// Fills in a classifier run: steps and speed from classifier-metrics.jsonl, and what
    /// suggestions.json holds once written.
    private mutating func reportClassifier(_ record: RunRecord, folder: URL, detailed: Bool) {
        let decoder = JSONDecoder()
        let points = ((try? Data(contentsOf: folder.appendingPathComponent(ClassifierRunOptions.metricsFile))) ?? Data())
            .split(separator: 0x0A)
            .compactMap { try? decoder.decode(ClassifierProgressLine.self, from: Data($0)) }
        let last = points.last
        totalIterations = last?.totalSteps ?? 0
        iteration = last?.step ?? 0
        progress = min(1, Double(iteration) / Double(max(totalIterations, 1)))
        imagesPerSecond = last?.imagesPerSecond
        if record.status == .running, let last, last.step > 0, last.step < last.totalSteps {
            etaSeconds = last.elapsedSeconds / Double(last.step) * Double(last.totalSteps - last.step)
        }
        var report = ClassifierReport(epoch: last?.epoch ?? 0, epochs: options?.epochs ?? record.totalIterations,
                                      heldOutAccuracy: points.last(where: { $0.heldOutAccuracy != nil })?.heldOutAccuracy)
        if detailed, record.status == .finished,
           let counts = Self.suggestionCounts(folder.appendingPathComponent(ClassifierRunOptions.suggestionsFile)) {
            report.suggestedFaces = counts.faces
            report.facesWithoutTags = counts.withoutTags
            report.skipped = counts.skipped
        }
        if detailed {
            report.curve = points.map { .init(step: $0.step, epoch: $0.epoch, loss: $0.loss, heldOutAccuracy: $0.heldOutAccuracy) }
        }
        classifier = report
    }

    /// The counts of a suggestions file, kept by path and modification time: the page asks
    /// for a run's report every second while runs are active, and the file can be megabytes.
    static func suggestionCounts(_ url: URL) -> (faces: Int, withoutTags: Int, skipped: Int)? {
        guard let stamp = try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate else {
            return nil
        }
        if let cached = suggestionCountCache.withLock({ $0[url.path] }), cached.stamp == stamp { return cached.counts }
        guard let suggestions = try? TagSuggestions(contentsOf: url) else { return nil }
        let counts = (suggestions.faces.count, suggestions.faces.filter { $0.status != .tagged }.count, suggestions.skipped.count)
        suggestionCountCache.withLock { $0[url.path] = (stamp, counts) }
        return counts
    }

    private static let suggestionCountCache = Mutex<[String: (stamp: Date, counts: (faces: Int, withoutTags: Int, skipped: Int))]>([:])

    /// One line of classifier-metrics.jsonl (`ClassifierTrainer.Progress`, which the studio
    /// does not link).
    struct ClassifierProgressLine: Decodable {
        var epoch: Int
        var epochs: Int
        var step: Int
        var totalSteps: Int
        var loss: Double
        var imagesPerSecond: Double
        var elapsedSeconds: Double
        var heldOutAccuracy: Double?

        enum CodingKeys: String, CodingKey {
            case epoch, epochs, step, loss
            case totalSteps = "total_steps", imagesPerSecond = "images_per_second"
            case elapsedSeconds = "elapsed_seconds", heldOutAccuracy = "held_out_accuracy"
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
