import Foundation

/// One line of metrics.jsonl: metrics averaged over the iterations since the previous line.
public struct MetricsRecord: Codable, Sendable, Equatable {
    public var iteration: Int
    public var discriminatorLoss: Float
    public var generatorLoss: Float
    public var realAccuracy: Float
    public var fakeAccuracy: Float
    public var penalty: Float
    /// D's regression loss on real images (continuous attributes only; absent otherwise).
    public var regressionLoss: Float?
    /// The information term of learned codes in the D step (`--info-codes` only; absent otherwise).
    public var informationLoss: Float?
    public var imagesPerSecond: Double
    public var elapsedSeconds: Double
    /// Quality numbers from `--eval-every` (attribute accuracy, MS-SSIM, FID), when measured.
    public var evaluation: [String: Double]?

    enum CodingKeys: String, CodingKey {
        case iteration, penalty, evaluation
        case discriminatorLoss = "d_loss", generatorLoss = "g_loss"
        case realAccuracy = "d_real_accuracy", fakeAccuracy = "d_fake_accuracy"
        case regressionLoss = "d_regression_loss", informationLoss = "info_loss"
        case imagesPerSecond = "images_per_s", elapsedSeconds = "elapsed_s"
    }

    public init(iteration: Int, metrics: StepMetrics, imagesPerSecond: Double, elapsedSeconds: Double) {
        self.iteration = iteration
        discriminatorLoss = metrics.discriminatorLoss
        generatorLoss = metrics.generatorLoss
        realAccuracy = metrics.realAccuracy
        fakeAccuracy = metrics.fakeAccuracy
        penalty = metrics.penalty
        regressionLoss = metrics.regressionLoss
        informationLoss = metrics.informationLoss
        self.imagesPerSecond = imagesPerSecond
        self.elapsedSeconds = elapsedSeconds
    }

    /// The plotted series under `LossPlot.Key`'s names (the same as in metrics.jsonl).
    public var series: [String: Double] {
        var values: [String: Double] = [
            "d_loss": Double(discriminatorLoss), "g_loss": Double(generatorLoss),
            "d_real_accuracy": Double(realAccuracy), "d_fake_accuracy": Double(fakeAccuracy),
        ]
        if let regressionLoss { values["d_regression_loss"] = Double(regressionLoss) }
        if let informationLoss { values["info_loss"] = Double(informationLoss) }
        for (key, value) in evaluation ?? [:] { values[key] = value }
        return values
    }
}

/// Sums step metrics for averaging.
struct MetricsWindow {
    private var sum = StepMetrics(discriminatorLoss: 0, generatorLoss: 0, realAccuracy: 0, fakeAccuracy: 0, penalty: 0)
    private var count = 0

    mutating func add(_ m: StepMetrics) {
        sum.discriminatorLoss += m.discriminatorLoss
        sum.generatorLoss += m.generatorLoss
        sum.realAccuracy += m.realAccuracy
        sum.fakeAccuracy += m.fakeAccuracy
        sum.penalty += m.penalty
        if let loss = m.regressionLoss { sum.regressionLoss = (sum.regressionLoss ?? 0) + loss }
        if let loss = m.informationLoss { sum.informationLoss = (sum.informationLoss ?? 0) + loss }
        count += 1
    }

    var mean: StepMetrics {
        let n = Float(max(count, 1))
        return StepMetrics(discriminatorLoss: sum.discriminatorLoss / n, generatorLoss: sum.generatorLoss / n,
                           realAccuracy: sum.realAccuracy / n, fakeAccuracy: sum.fakeAccuracy / n, penalty: sum.penalty / n,
                           regressionLoss: sum.regressionLoss.map { $0 / n }, informationLoss: sum.informationLoss.map { $0 / n })
    }
}

extension Trainer {
    /// Appends one line to metrics.jsonl and keeps it for the loss plot.
    func append(_ record: MetricsRecord) throws {
        history.append(record)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(record)
        line.append(0x0A)
        if let handle = try? FileHandle(forWritingTo: metricsURL) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } else {
            try line.write(to: metricsURL)
        }
    }

    /// On resume, keeps the records up to the checkpoint's `iteration` (later ones will be
    /// run again) and loads them for the loss plot. A torn last line (a run killed while
    /// appending) is dropped; any other line that is not a record is an error, since
    /// dropping it would lose history silently. The file is replaced atomically.
    func trimMetrics(after iteration: Int) throws {
        guard FileManager.default.fileExists(atPath: metricsURL.path) else {
            history = []
            return
        }
        let data = try Data(contentsOf: metricsURL)
        history = try Self.records(in: data, path: metricsURL.path).filter { $0.iteration <= iteration }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var output = Data()
        for record in history { output += try encoder.encode(record); output.append(0x0A) }
        if output != data { try TrainingCheckpoint.writeAtomically(output, to: metricsURL, midway: {}) }
    }

    /// The records of a metrics.jsonl file, without a torn last line.
    /// - Throws: `TrainingError.corruptMetrics` for an unreadable line before the last.
    static func records(in data: Data, path: String) throws -> [MetricsRecord] {
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        let decoder = JSONDecoder()
        var records: [MetricsRecord] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            do {
                records.append(try decoder.decode(MetricsRecord.self, from: Data(line)))
            } catch {
                if index == lines.count - 1 { break }  // torn: the run was killed mid-append
                throw TrainingError.corruptMetrics(path: path, line: index + 1, reason: TrainingCheckpoint.reason(error))
            }
        }
        return records
    }

    /// Redraws losses.png from the metrics so far.
    func drawLossPlot() throws {
        guard !history.isEmpty else { return }
        try LossPlot.training().write(history.map { LossPlot.Record(iteration: $0.iteration, values: $0.series) }, to: lossPlotURL)
    }
}
