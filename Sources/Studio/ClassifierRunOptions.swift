import Foundation

/// What a run trains: a GAN (`acgan train`) or an attribute classifier for assisted labelling.
public enum RunKind: String, Codable, Sendable, CaseIterable {
    /// `acgan train`: a generator and discriminator; the default.
    case gan
    /// `acgan classifier train` on the data set's tagged images, then `acgan classifier
    /// suggest --all`: tags with their confidence for the faces that have none.
    case classifier
}

/// The options of a classifier run (`"kind": "classifier"` in `POST /api/runs`), checked as
/// `acgan classifier train` checks them. Its files, in `runs/run-N/`: `classifier.safetensors`,
/// `classifier-metrics.jsonl` (progress), `suggestions.json` and `train.log`.
public struct ClassifierRunOptions: Sendable, Equatable {
    public var epochs = 10
    public var batch = 32
    public var seed: UInt64 = 1
    /// The side images are loaded at (`--size`).
    public var imageSize = 64
    public var threads: Int?

    /// The fields a classifier run reads; any other `POST /api/runs` field is refused.
    public static let fieldNames: Set<String> = ["dataset", "kind", "epochs", "batch", "seed", "image_size", "threads"]
    /// More epochs than this from the studio is a typo (10 is the usual).
    public static let largestEpochs = 1_000
    /// Sizes `acgan classifier train --size` takes.
    public static let imageSizes = [8, 16, 32, 64, 128, 256]

    /// The classifier's files in a run folder.
    public static let classifierFile = "classifier.safetensors"
    public static let metricsFile = "classifier-metrics.jsonl"
    public static let suggestionsFile = "suggestions.json"

    /// The commands of the run, each the arguments after the `acgan` program: train, then
    /// suggest for every image (so the labelling view can also show disputed tags).
    func commands(data: URL, folder: URL) -> [[String]] {
        let threadArguments = threads.map { ["--threads", "\($0)"] } ?? []
        let classifier = folder.appendingPathComponent(Self.classifierFile).path
        return [
            ["classifier", "train", "--data", data.path, "--out", classifier,
             "--epochs", "\(epochs)", "--batch", "\(batch)", "--seed", "\(seed)", "--size", "\(imageSize)",
             "--metrics", folder.appendingPathComponent(Self.metricsFile).path] + threadArguments,
            ["classifier", "suggest", "--classifier", classifier, "--data", data.path,
             "--out", folder.appendingPathComponent(Self.suggestionsFile).path, "--all", "--show", "0"] + threadArguments,
        ]
    }

    /// A rough upper bound of what a run writes: the classifier (about 2 million parameters at
    /// the default width, 4 bytes each) and its suggestions.
    static let estimatedBytes: Int64 = 16_000_000
}

extension RunRequest {
    /// The kind asked for (`gan` when left out).
    /// - Throws: `StudioError.outOfRange` for another value.
    public var runKind: RunKind {
        get throws {
            guard let kind else { return .gan }
            guard let value = RunKind(rawValue: kind) else {
                throw StudioError.outOfRange(field: "kind", value: "\"\(kind)\"",
                                             allowed: RunKind.allCases.map(\.rawValue).joined(separator: " or "))
            }
            return value
        }
    }

    /// The options of a classifier run; a field that only GAN runs read is refused by name.
    /// - Throws: `StudioError.outOfRange` naming the field.
    public func validatedClassifierOptions() throws -> ClassifierRunOptions {
        let given = try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) as? [String: Any] ?? [:]
        if let field = given.keys.sorted().first(where: { !ClassifierRunOptions.fieldNames.contains($0) }) {
            throw StudioError.outOfRange(
                field: field, value: "given", allowed: "left out of a classifier run, which reads "
                    + ClassifierRunOptions.fieldNames.sorted().joined(separator: ", "))
        }
        var options = ClassifierRunOptions()
        if let epochs {
            guard (1...ClassifierRunOptions.largestEpochs).contains(epochs) else {
                throw StudioError.outOfRange(field: "epochs", value: "\(epochs)",
                                             allowed: "from 1 to \(ClassifierRunOptions.largestEpochs)")
            }
            options.epochs = epochs
        }
        if let batch {
            guard (2...4096).contains(batch) else {
                throw StudioError.outOfRange(field: "batch", value: "\(batch)", allowed: "from 2 to 4096 (batch norm needs two images)")
            }
            options.batch = batch
        }
        if let seed {
            guard seed <= StudioLimits.maxSeed else {
                throw StudioError.outOfRange(field: "seed", value: "\(seed)", allowed: "from 0 to \(StudioLimits.maxSeed)")
            }
            options.seed = seed
        }
        if let imageSize {
            guard ClassifierRunOptions.imageSizes.contains(imageSize) else {
                throw StudioError.outOfRange(field: "image_size", value: "\(imageSize)",
                                             allowed: "one of " + ClassifierRunOptions.imageSizes.map(String.init).joined(separator: ", "))
            }
            options.imageSize = imageSize
        }
        if let threads {
            guard (1...Self.largestThreads).contains(threads) else {
                throw StudioError.outOfRange(field: "threads", value: "\(threads)", allowed: "from 1 to \(Self.largestThreads)")
            }
            options.threads = threads
        }
        return options
    }
}
