import Foundation

/// Where training is, for the progress bar and metrics.jsonl.
public struct TrainingProgress: Sendable {
    public var iteration: Int
    public var totalIterations: Int
    public var imagesPerSecond: Double
    public var elapsedSeconds: Double
    /// Averages since the last report.
    public var metrics: StepMetrics

    /// Seconds left at the current speed.
    public var etaSeconds: Double {
        guard imagesPerSecond > 0, iteration > 0 else { return .infinity }
        return elapsedSeconds / Double(iteration) * Double(totalIterations - iteration)
    }

    /// One terminal line: a bar, iteration, speed, ETA, losses and D's accuracies.
    public func line(barWidth: Int = 24) -> String {
        let fraction = Double(iteration) / Double(max(totalIterations, 1))
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        return String(format: "[%@] %d/%d %5.1f img/s ETA %@  D %.3f  G %.3f  D acc real %.2f fake %.2f",
                      bar, iteration, totalIterations, imagesPerSecond, TrainingProgress.duration(etaSeconds),
                      metrics.discriminatorLoss, metrics.generatorLoss, metrics.realAccuracy, metrics.fakeAccuracy)
    }

    /// 3725 -> "1h02m", 125 -> "2m05s".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, s % 3600 / 60) }
        return String(format: "%dm%02ds", s / 60, s % 60)
    }
}

/// Why training stopped early.
public enum TrainingError: Error, CustomStringConvertible {
    case nonFiniteLoss(iteration: Int, discriminatorLoss: Float, generatorLoss: Float, lastCheckpoint: String?)
    case noCheckpointToResume(path: String)
    case mismatchedResume(path: String, reason: String)
    case dataTooSmall(images: Int, batchSize: Int)
    /// The global batch does not split evenly over the processes of an MPI job.
    case batchNotDivisible(batchSize: Int, processes: Int)
    /// A fresh run into a folder that holds a run (its files named), without `overwrite`.
    case existingRun(path: String, files: [String])
    case resumeAndOverwrite
    /// `ACGAN_FAULT` is not `<point>[@<iteration>]`.
    case invalidFault(String)
    /// metrics.jsonl has a line that is not a record, before its last line.
    case corruptMetrics(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let iteration, let d, let g, let checkpoint):
            return "training diverged at iteration \(iteration) (D loss \(d), G loss \(g)); nothing after the last good checkpoint was written"
                + (checkpoint.map { " (\($0)). Resume from it with a lower learning rate, a gradient penalty (--penalty r1) or spectral norm (--spectral-norm)." }
                   ?? ". Try a lower learning rate, a gradient penalty (--penalty r1) or spectral norm (--spectral-norm).")
        case .noCheckpointToResume(let path):
            return "--resume: no checkpoint at \(path); start without --resume"
        case .mismatchedResume(let path, let reason):
            return "--resume: the checkpoint \(path) does not fit this data: \(reason)"
        case .dataTooSmall(let images, let batch):
            return "the data set has \(images) usable images, fewer than one batch of \(batch): lower --batch or add images"
        case .batchNotDivisible(let batch, let processes):
            let lower = batch / processes * processes, higher = lower + processes
            return "--batch \(batch) is the batch of all \(processes) processes together and must split evenly over them: use --batch \(lower > 0 ? "\(lower) or \(higher)" : "\(higher)"), or run another number of processes (mpirun -np); a resumed run keeps its checkpoint's batch"
        case .existingRun(let path, let files):
            return "\(path) already holds a run (\(files.joined(separator: ", "))): continue it with --resume, replace it with --overwrite, or choose another --out"
        case .resumeAndOverwrite:
            return "give --resume or --overwrite, not both"
        case .invalidFault(let text):
            return "ACGAN_FAULT=\(text): expected <point>[@<iteration>] with point "
                + FaultPoint.allCases.map(\.rawValue).joined(separator: ", ") + " and iteration >= 1"
        case .corruptMetrics(let path, let line, let reason):
            return "\(path): line \(line) is not a metrics record (\(reason)); only a torn last line is dropped on resume: repair or remove the line"
        }
    }
}
