import AnimeData
import ArgumentParser
import Evaluation
import Foundation
import Kernels

/// `acgan classifier`: the attribute classifier the evaluation scores generated faces with.
struct ClassifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifier",
        abstract: "Train the attribute classifier that `acgan evaluate` uses, and suggest tags with it.",
        subcommands: [ClassifierTrainCommand.self, ClassifierSuggestCommand.self])
}

/// `acgan classifier train --data DIR --out clf.safetensors`.
struct ClassifierTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an attribute classifier on real faces and report its held-out accuracy.",
        discussion: """
            A small CNN (a 3x3 stem, four stride-2 stages with batch norm and LeakyReLU, 256 \
            penultimate features) learns the data set's tags: one softmax per categorical group \
            (hair colour, ...), one sigmoid per binary tag (glasses, ...). It never sees generated \
            faces and shares nothing with the GAN's discriminator. A seeded share of the images \
            (10% by default) is held out; the accuracy on them, per attribute and overall, is \
            printed and stored in the file with the vocabulary and image size.
            Example: acgan classifier train --data data/synth --out clf.safetensors --epochs 10
            """)

    @Option(help: "The data folder (any layout `acgan inspect` reads).")
    var data: String

    @Option(help: "Where to write the classifier (safetensors; written atomically).")
    var out: String

    @Option(help: "Passes over the training images.")
    var epochs: Int = 10

    @Option(help: "Images per training step.")
    var batch: Int = 32

    @Option(help: "Seed of the weights, the held-out split, the shuffles and the flips.")
    var seed: UInt64 = 1

    @OptionGroup var threadOptions: ThreadOptions

    @Option(name: .customLong("held-out"), help: "Share of the images held out for scoring, in (0, 1).")
    var heldOut: Double = 0.1

    @Option(name: .customLong("learning-rate"), help: "Adam's starting learning rate (cosine decay to 2% of it).")
    var learningRate: Float = 2e-3

    @Option(help: "Side length images are loaded at (the classifier's input size).")
    var size: Int = 64

    @OptionGroup var vocabularyOptions: VocabularyOptions

    @Option(help: "Also write progress to this file, one JSON line per report (epoch, epochs, step, total_steps, loss, images_per_second, elapsed_seconds; held_out_accuracy at the end of each epoch). Written afresh.")
    var metrics: String?

    /// More epochs than this is a typo (10 is the usual).
    static let largestEpochs = 1_000_000

    func validate() throws {
        guard (1...Self.largestEpochs).contains(epochs) else {
            throw ValidationError("--epochs must be from 1 to \(Self.largestEpochs), got \(epochs)")
        }
        guard batch >= 2 else { throw ValidationError("--batch must be at least 2 (batch norm needs two images), got \(batch)") }
        guard heldOut > 0, heldOut < 1 else { throw ValidationError("--held-out must be between 0 and 1, got \(heldOut)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate must be a positive number, got \(learningRate)")
        }
        guard [8, 16, 32, 64, 128, 256].contains(size) else {
            throw ValidationError("--size must be a power of two from 8 to 256, got \(size)")
        }
        try requireFolder(data, option: "--data")
        try requireWritableFilePath(out, option: "--out")
        if let metrics { try requireWritableFilePath(metrics, option: "--metrics") }
    }

    func run() throws {
        threadOptions.apply()
        let dataset = try AnimeDataset.load(from: URL(fileURLWithPath: data), imageSize: size,
                                            vocabulary: vocabularyOptions.givenVocabulary(),
                                            minimumTagCount: vocabularyOptions.minimumTagCount)
        if let choice = dataset.report.vocabularyChoice { printError(choice.description) }
        printNow("loaded \(dataset.count) faces at \(size)x\(size) from \(data)"
            + (dataset.report.rejections.isEmpty ? "" : " (\(dataset.report.rejections.count) files or lines skipped)"))
        if let warning = dataset.report.cacheWarning { printError("warning: \(warning)") }
        let options = ClassifierTrainer.Options(epochs: epochs, batchSize: batch, learningRate: learningRate,
                                                heldOutFraction: heldOut, seed: seed)
        let metricsFile = try metrics.map { try ProgressFile(path: $0, option: "--metrics") }
        let classifier = try ClassifierTrainer(dataset: dataset, options: options)
            .train(dataSetName: data, progress: { printNow($0) }, report: { metricsFile?.append($0) })
        try classifier.write(to: URL(fileURLWithPath: out))
        if let summary = classifier.trainingSummary {
            printNow("held-out accuracy on \(summary.heldOutCount) real faces:")
            printNow(summary.heldOutAccuracy.table)
            printNow(String(format: "trained in %.0f s; wrote ", summary.seconds) + out)
        }
    }
}

/// Prints a line at once, unbuffered, so progress shows up even when the output is piped
/// into a file or `tee`.
func printNow(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// A JSON-lines file of progress reports, made empty when opened.
final class ProgressFile {
    private let handle: FileHandle
    private let encoder: JSONEncoder

    init(path: String, option: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("\(option) \(path): cannot be written; check that its folder exists")
        }
        self.handle = handle
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
    }

    deinit { try? handle.close() }

    /// Appends one line (a full line per write, so a reader never sees half a record).
    func append(_ value: some Encodable) {
        guard let data = try? encoder.encode(value) else { return }
        handle.write(data + Data("\n".utf8))
    }
}
