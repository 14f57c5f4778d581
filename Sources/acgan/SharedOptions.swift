import ACGAN
import AnimeData
import ArgumentParser
import Foundation
import Kernels

/// `--threads`, shared by every command that computes (STYLE: shared options as
/// `ParsableArguments` pulled in with `@OptionGroup`).
struct ThreadOptions: ParsableArguments {
    /// More threads than this only adds scheduling overhead on any machine this runs on.
    static let maximum = 1_024

    @Option(help: "Threads for the kernels; the default is $ACGAN_THREADS, else the CPUs this process may use (online cores, fewer under an affinity mask or a cgroup CPU quota). Convolution algorithms are timed per layer on first use; ACGAN_CONVOLUTION=rules (or a choices file in ACGAN_CONVOLUTION_FILE) pins them so results reproduce exactly.")
    var threads: Int = Threads.defaultCount

    func validate() throws {
        guard (1...Self.maximum).contains(threads) else {
            throw ValidationError("--threads must be from 1 to \(Self.maximum), got \(threads)")
        }
    }

    /// Sets the kernels' thread count.
    func apply() { Threads.set(count: threads) }
}

/// `--checkpoint`, shared by the commands that draw faces from a model.
struct ModelOptions: ParsableArguments {
    @Option(help: "A checkpoint or generator file (default: the bundled model).")
    var checkpoint: String?

    func validate() throws {
        if let checkpoint { try requireFile(checkpoint, option: "--checkpoint") }
    }

    /// The sampler of `--checkpoint`, or of the bundled model.
    func sampler() throws -> Sampler { try BundledModel.sampler(checkpoint: checkpoint) }
}

/// `--truncation`, shared by the commands that draw latent noise (generate, interpolate,
/// evaluate).
struct TruncationOptions: ParsableArguments {
    @Option(help: "Redraw noise values beyond ±T (the truncation trick, T at least \(LatentNoise.minimumTruncation)): smaller is more typical, less varied; default: none.")
    var truncation: Float?

    func validate() throws {
        if let truncation, (try? LatentNoise.validate(truncation: Double(truncation))) == nil {
            throw ValidationError("--truncation \(truncation): \(LatentNoiseError.truncationRequirement)")
        }
    }
}

/// `--vocabulary` and `--min-tag-count`, shared by the commands that read a data folder
/// (train, inspect, classifier train, vocabulary).
struct VocabularyOptions: ParsableArguments {
    /// More than this is surely a typo (no data set has a billion lines).
    static let largestMinimumTagCount = 1_000_000_000

    @Option(help: "A vocabulary JSON file, as `acgan vocabulary` prints it (default: a built-in one when it labels 95% of the tags.csv lines, else one inferred from the tags).")
    var vocabulary: String?

    @Option(help: "When the vocabulary is inferred from tags.csv, tags on fewer lines than this are reported, not learnt (default \(TagVocabulary.defaultMinimumTagCount)).")
    var minTagCount: Int?

    func validate() throws {
        if let minTagCount, !(1...Self.largestMinimumTagCount).contains(minTagCount) {
            throw ValidationError("--min-tag-count \(minTagCount): must be from 1 to \(Self.largestMinimumTagCount)")
        }
        if let vocabulary {
            guard minTagCount == nil else {
                throw ValidationError("--min-tag-count applies only to a vocabulary inferred from the data; drop it or --vocabulary")
            }
            _ = try readVocabularyFile(vocabulary, option: "--vocabulary")
        }
    }

    /// The `--vocabulary` file's vocabulary, or nil to choose one from the data.
    func givenVocabulary() throws -> TagVocabulary? {
        try vocabulary.map { try readVocabularyFile($0, option: "--vocabulary") }
    }

    /// The minimum tag count for an inferred vocabulary.
    var minimumTagCount: Int { minTagCount ?? TagVocabulary.defaultMinimumTagCount }
}

/// Reads a vocabulary JSON file, refusing a missing file, a folder or bad JSON with the
/// option's name, so the error comes before any data is loaded.
func readVocabularyFile(_ path: String, option: String) throws -> TagVocabulary {
    try requireFile(path, option: option)
    do { return try TagVocabulary(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw ValidationError("\(option) \(error)")
    }
}

/// Refuses a path that is missing or a folder where a file is expected, naming the option,
/// so the error comes before anything is loaded.
func requireFile(_ path: String, option: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ValidationError("\(option) \(path): no such file")
    }
    guard !isDirectory.boolValue else { throw ValidationError("\(option) \(path): is a folder, not a file") }
}

/// Refuses a path that is missing or a file where a folder is expected, naming the option.
func requireFolder(_ path: String, option: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ValidationError("\(option) \(path): no such folder")
    }
    guard isDirectory.boolValue else { throw ValidationError("\(option) \(path): is a file, not a folder") }
}

/// Refuses an output path that is an existing folder where a file is to be written.
func requireWritableFilePath(_ path: String, option: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw ValidationError("\(option) \(path): is a folder; give a file name")
    }
}

/// Refuses an output folder path that is an existing file.
func requireOutputFolder(_ path: String, option: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw ValidationError("\(option) \(path): is a file; give a folder")
    }
}

/// Writes a line to standard error (progress and messages; standard output stays clean).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

// Option values that are library enums: the parser accepts only their cases, and says which
// ones when another value is given.
extension GradientPenalty: ExpressibleByArgument {}
extension BinaryTagWeighting: ExpressibleByArgument {}
extension ContinuousLoss: ExpressibleByArgument {}
extension GeneratorUpsampling: ExpressibleByArgument {}
extension Benchmark.Mode: ExpressibleByArgument {}
