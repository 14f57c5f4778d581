import AnimeData
import Foundation
import SafeTensors

/// Everything a checkpoint file holds, and the one place that encodes and decodes it.
///
/// The file is safetensors. Tensors are PyTorch `state_dict` keys behind a prefix per network:
/// `G.` (the generator), `G_ema.` (its moving average), `D.` (the discriminator), and
/// `optimizer_G.` / `optimizer_D.` (Adam's `<parameter>.exp_avg` and `<parameter>.exp_avg_sq`).
/// `__metadata__` holds strings: `format` (`acgan-studio/1`), and as JSON `configuration`
/// (`ModelConfiguration`), `vocabulary` (`TagVocabulary`) and, in training checkpoints,
/// `training_options` (`TrainingOptions`) and `training_state` (`TrainingState`). Other
/// metadata keys (`exported_from`, `iterations`, `provenance`) are kept as `notes`.
///
/// Three kinds of file share the format:
/// - a training checkpoint (`RUN_DIR/checkpoint.safetensors`): all of the above;
/// - a generator file (`generator.safetensors`, `acgan export`, the bundled model): `G.` holds
///   the weights to sample with (the moving average when training kept one), and perhaps the
///   `training_state` it came from;
/// - a PyTorch export (Scripts/export_torch_generator.py): a generator's own `state_dict` with
///   bare keys (`fc.weight`), `num_batches_tracked` as I64, with format, configuration and
///   vocabulary.
public struct TrainingCheckpoint: Sendable {
    /// The `format` metadata value.
    public static let format = "acgan-studio/1"
    /// The metadata keys only training checkpoints have.
    public static let trainingKeys: Set<String> = ["training_options", "training_state"]

    /// The model's shape.
    public var configuration: ModelConfiguration
    /// The tags the model was trained with, in condition-vector order.
    public var vocabulary: TagVocabulary
    /// G's state dict (keys without prefix).
    public var generator: [String: SafeTensor]
    /// The moving average of G's weights (`G_ema.`), when training kept one.
    public var averagedGenerator: [String: SafeTensor]?
    /// D's state dict (`D.`), in training checkpoints.
    public var discriminator: [String: SafeTensor]?
    /// Adam's moments for G and D (`optimizer_G.`, `optimizer_D.`), in training checkpoints.
    public var generatorOptimizer: [String: SafeTensor]?
    public var discriminatorOptimizer: [String: SafeTensor]?
    /// The options of the run, in training checkpoints.
    public var options: TrainingOptions?
    /// Where the run was: in training checkpoints, and kept in generator files made from one.
    public var state: TrainingState?
    /// Other metadata, kept as it is (for example `exported_from`).
    public var notes: [String: String]
    /// The file this was read from (or will be written to), for error messages.
    public var path: String

    /// A checkpoint of the given parts.
    public init(configuration: ModelConfiguration, vocabulary: TagVocabulary, generator: [String: SafeTensor],
                averagedGenerator: [String: SafeTensor]? = nil, discriminator: [String: SafeTensor]? = nil,
                generatorOptimizer: [String: SafeTensor]? = nil, discriminatorOptimizer: [String: SafeTensor]? = nil,
                options: TrainingOptions? = nil, state: TrainingState? = nil, notes: [String: String] = [:], path: String = "checkpoint") {
        self.configuration = configuration
        self.vocabulary = vocabulary
        self.generator = generator
        self.averagedGenerator = averagedGenerator
        self.discriminator = discriminator
        self.generatorOptimizer = generatorOptimizer
        self.discriminatorOptimizer = discriminatorOptimizer
        self.options = options
        self.state = state
        self.notes = notes
        self.path = path
    }

    /// Whether this is a training checkpoint (it has options to resume with).
    public var isTraining: Bool { options != nil }

    // MARK: Reading

    /// Reads and decodes the file at `url`.
    /// - Throws: `CheckpointError` naming the file and the key at fault.
    public init(contentsOf url: URL) throws {
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: url)
        } catch {
            throw CheckpointError.unreadable(path: url.path, reason: Self.reason(error))
        }
        try self.init(file: file, path: url.path)
    }

    /// Decodes a safetensors file already in memory; `path` names it in errors.
    public init(file: SafeTensorsFile, path: String) throws {
        let metadata = file.metadata
        if let format = metadata["format"], format != Self.format {
            throw CheckpointError.invalidMetadata(path: path, key: "format",
                reason: "it is '\(format)'; this program reads '\(Self.format)'")
        }
        func text(_ key: String) throws -> Data {
            guard let value = metadata[key] else { throw CheckpointError.missingMetadata(path: path, key: key) }
            return Data(value.utf8)
        }
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            let data = try text(key)
            do { return try JSONDecoder().decode(type, from: data) } catch {
                throw CheckpointError.invalidMetadata(path: path, key: key, reason: Self.reason(error))
            }
        }

        let configuration = try decode(ModelConfiguration.self, "configuration")
        do { try configuration.validate() } catch {
            throw CheckpointError.invalidMetadata(path: path, key: "configuration", reason: "\(error)")
        }
        let vocabulary: TagVocabulary
        do { vocabulary = try TagVocabulary(jsonData: try text("vocabulary")) } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.invalidMetadata(path: path, key: "vocabulary", reason: "\(error)")
        }
        guard configuration.conditionLength == vocabulary.conditionLength else {
            throw CheckpointError.invalidMetadata(path: path, key: "vocabulary",
                reason: "it describes \(vocabulary.conditionLength) condition entries, the model takes \(configuration.conditionLength)")
        }
        let options: TrainingOptions? = if metadata["training_options"] != nil { try decode(TrainingOptions.self, "training_options") } else { nil }
        let state: TrainingState? = if metadata["training_state"] != nil { try decode(TrainingState.self, "training_state") } else { nil }
        if let state, state.random.values == nil {
            throw CheckpointError.invalidMetadata(path: path, key: "training_state",
                reason: "'random' must be 4 unsigned 64-bit integers as strings, not all zero; found \(state.random.words)")
        }
        if options != nil, state == nil { throw CheckpointError.missingMetadata(path: path, key: "training_state") }

        let prefixes = ["G.", "G_ema.", "D.", "optimizer_G.", "optimizer_D."]
        func group(_ prefix: String) -> [String: SafeTensor]? {
            var result: [String: SafeTensor] = [:]
            for (key, tensor) in file.tensors where key.hasPrefix(prefix) { result[String(key.dropFirst(prefix.count))] = tensor }
            return result.isEmpty ? nil : result
        }
        let bare = file.tensors.filter { key, _ in !prefixes.contains { key.hasPrefix($0) } }
        guard let generator = group("G.") ?? (bare["fc.weight"] == nil ? nil : bare) else {
            throw CheckpointError.noGenerator(path: path)
        }
        self.init(configuration: configuration, vocabulary: vocabulary, generator: generator,
                  averagedGenerator: group("G_ema."), discriminator: group("D."),
                  generatorOptimizer: group("optimizer_G."), discriminatorOptimizer: group("optimizer_D."),
                  options: options, state: state,
                  notes: metadata.filter { !["format", "configuration", "vocabulary"].contains($0.key) && !Self.trainingKeys.contains($0.key) },
                  path: path)
    }

    // MARK: Writing

    /// The file: weights as F32 (F16 with `half`, half the size; sampling changes only by
    /// float16 rounding). BatchNorm's `num_batches_tracked` stays exact: I64 in generator
    /// files, as torch stores it, F32 in training checkpoints (as they were always written).
    public func safeTensorsFile(half: Bool = false) throws -> SafeTensorsFile {
        var tensors: [String: SafeTensor] = [:]
        func add(_ group: [String: SafeTensor]?, _ prefix: String) {
            for (key, tensor) in group ?? [:] {
                var stored = tensor
                stored.dtype = key.hasSuffix("num_batches_tracked") ? (isTraining ? .float32 : .int64) : (half ? .float16 : .float32)
                tensors[prefix + key] = stored
            }
        }
        add(generator, "G.")
        add(averagedGenerator, "G_ema.")
        add(discriminator, "D.")
        add(generatorOptimizer, "optimizer_G.")
        add(discriminatorOptimizer, "optimizer_D.")

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: some Encodable, _ key: String) throws -> String {
            do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
                throw CheckpointError.invalidMetadata(path: path, key: key, reason: "cannot be encoded: \(error)")
            }
        }
        var metadata = notes
        metadata["format"] = Self.format
        metadata["configuration"] = try json(configuration, "configuration")
        do { metadata["vocabulary"] = String(decoding: try vocabulary.jsonData(), as: UTF8.self) } catch {
            throw CheckpointError.invalidMetadata(path: path, key: "vocabulary", reason: "cannot be encoded: \(error)")
        }
        if let options { metadata["training_options"] = try json(options, "training_options") }
        if let state { metadata["training_state"] = try json(state, "training_state") }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Writes the file atomically (see `writeAtomically`).
    public func write(to url: URL, half: Bool = false) throws {
        try write(to: url, half: half, midway: {})
    }

    /// As `write(to:half:)`; `midway` runs when half the bytes are in the temporary file
    /// (the fault-injection point `during-checkpoint`).
    func write(to url: URL, half: Bool, midway: () -> Void) throws {
        var named = self
        named.path = url.path
        let bytes: Data
        do { bytes = try named.safeTensorsFile(half: half).data() } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.writeFailed(path: url.path, reason: Self.reason(error))
        }
        try Self.writeAtomically(bytes, to: url, midway: midway)
    }

    /// Writes `bytes` to a temporary file next to `url` (`.NAME.tmp-PID-RANDOM`), flushes it to
    /// disk and renames it over `url`: a process killed at any moment leaves the previous
    /// file or the new one, never a partial one (at most a stray temporary file).
    static func writeAtomically(_ bytes: Data, to url: URL, midway: () -> Void) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CheckpointError.writeFailed(path: url.path, reason: "cannot create a temporary file in \(directory.path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            let half = bytes.count / 2
            try handle.write(contentsOf: bytes.prefix(half))
            midway()
            try handle.write(contentsOf: bytes.dropFirst(half))
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(temporary.path)
            throw CheckpointError.writeFailed(path: url.path, reason: Self.reason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw CheckpointError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// An error's text without Foundation's user-info dump, and without repeating the path.
    static func reason(_ error: any Error) -> String {
        if let error = error as? SafeTensorsError {
            switch error {
            case .invalidFile(_, let problem): return problem.description
            case .readFailed(_, let reason): return reason
            default: return error.description
            }
        }
        func field(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        if let error = error as? DecodingError {
            switch error {
            case .dataCorrupted(let context):
                let detail = context.underlyingError.map { " (\(($0 as NSError).localizedDescription))" } ?? ""
                return context.codingPath.isEmpty ? context.debugDescription + detail
                    : "field '\(field(context.codingPath))': \(context.debugDescription)"
            case .keyNotFound(let key, let context):
                return "no field '\(field(context.codingPath + [key]))'"
            case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
                return "field '\(field(context.codingPath))' is not a \(type)"
            default:
                return "\(error)"
            }
        }
        if let error = error as? EncodingError, case .invalidValue(let value, let context) = error {
            return "\(value) in '\(field(context.codingPath))' cannot be stored as JSON"
        }
        let bridged = error as NSError
        if bridged.domain == NSCocoaErrorDomain || bridged.domain == NSPOSIXErrorDomain { return bridged.localizedDescription }
        return "\(error)"
    }
}
