import AnimeData
import Foundation
import NeuralNetwork
import Tensors
import Randomness
import SafeTensors

/// Why a checkpoint could not be read or does not fit.
public enum CheckpointError: Error, CustomStringConvertible {
    case missingMetadata(path: String, key: String)
    case invalidMetadata(path: String, key: String, reason: String)
    case noGenerator(path: String)
    case unreadable(path: String, reason: String)
    case incompatible(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingMetadata(let path, let key):
            return "\(path): the file has no '\(key)' in its safetensors metadata, so the model it holds cannot be rebuilt. Checkpoints written by `acgan train` and Scripts/export_torch_generator.py carry it."
        case .invalidMetadata(let path, let key, let reason):
            return "\(path): metadata '\(key)' is not valid: \(reason)"
        case .noGenerator(let path):
            return "\(path): no generator weights (keys 'G_ema.*', 'G.*' or bare generator keys such as 'fc.weight')"
        case .unreadable(let path, let reason):
            return "\(path): \(reason)"
        case .incompatible(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}

/// The file format of models and training state: safetensors, tensors under PyTorch
/// `state_dict` names with a prefix per network (`G.`, `D.`, `G_ema.`, `optimizer_G.`,
/// `optimizer_D.`), and JSON in `__metadata__`: `format`, `configuration` (ModelConfiguration),
/// `vocabulary` (TagVocabulary) and, in training checkpoints, `training` (TrainingState).
public enum Checkpoint {
    /// The `format` metadata value.
    public static let format = "acgan-studio/1"

    /// Metadata for a model of `configuration` with `vocabulary`.
    public static func metadata(configuration: ModelConfiguration, vocabulary: TagVocabulary) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [
            "format": format,
            "configuration": String(decoding: try encoder.encode(configuration), as: UTF8.self),
            "vocabulary": String(decoding: try vocabulary.jsonData(), as: UTF8.self),
        ]
    }

    /// Reads a safetensors file, with errors that name it.
    public static func read(_ url: URL) throws -> SafeTensorsFile {
        do {
            return try SafeTensorsFile(contentsOf: url)
        } catch {
            throw CheckpointError.unreadable(path: url.path, reason: "\(error)")
        }
    }

    /// The configuration and vocabulary stored in `file`'s metadata.
    public static func model(of file: SafeTensorsFile, path: String) throws -> (ModelConfiguration, TagVocabulary) {
        func value(_ key: String) throws -> Data {
            guard let text = file.metadata[key] else { throw CheckpointError.missingMetadata(path: path, key: key) }
            return Data(text.utf8)
        }
        let configuration: ModelConfiguration
        do { configuration = try JSONDecoder().decode(ModelConfiguration.self, from: try value("configuration")) } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.invalidMetadata(path: path, key: "configuration", reason: "\(error)")
        }
        let vocabulary: TagVocabulary
        do { vocabulary = try TagVocabulary(jsonData: try value("vocabulary")) } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.invalidMetadata(path: path, key: "vocabulary", reason: "\(error)")
        }
        do { try configuration.validate() } catch {
            throw CheckpointError.invalidMetadata(path: path, key: "configuration", reason: "\(error)")
        }
        guard configuration.conditionLength == vocabulary.conditionLength else {
            throw CheckpointError.invalidMetadata(path: path, key: "vocabulary",
                reason: "it describes \(vocabulary.conditionLength) condition entries, the model takes \(configuration.conditionLength)")
        }
        return (configuration, vocabulary)
    }

    /// Builds the generator stored in `file`: EMA weights (`G_ema.`) when present, else `G.`,
    /// else bare PyTorch keys (a generator's own `state_dict`).
    public static func generator(from file: SafeTensorsFile, path: String) throws -> (Generator, ModelConfiguration, TagVocabulary) {
        let (configuration, vocabulary) = try model(of: file, path: path)
        let prefix = ["G_ema.", "G."].first { p in file.tensors.keys.contains { $0.hasPrefix(p) } }
            ?? (file.tensors["fc.weight"] != nil ? "" : nil)
        guard let prefix else { throw CheckpointError.noGenerator(path: path) }
        var rng = RandomGenerator(seed: 0)
        let generator = Generator(configuration, using: &rng)
        do {
            try generator.loadStateDict(from: file, prefix: prefix)
        } catch {
            throw CheckpointError.incompatible(path: path, reason: "\(error)")
        }
        generator.eval()
        return (generator, configuration, vocabulary)
    }

    /// Writes a generator alone (for sampling and sharing), with its configuration and
    /// vocabulary. `half` stores the weights as float16 (half the size; sampling is unchanged
    /// to within float16 rounding); `num_batches_tracked` stays an exact integer (I64).
    public static func writeGenerator(_ generator: Generator, vocabulary: TagVocabulary, to url: URL,
                                      half: Bool, extraMetadata: [String: String] = [:]) throws {
        var tensors = generator.stateDictTensors(prefix: "G.", dtype: half ? .float16 : .float32)
        for key in tensors.keys where key.hasSuffix("num_batches_tracked") { tensors[key]!.dtype = .int64 }
        var metadata = try metadata(configuration: generator.configuration, vocabulary: vocabulary)
        metadata.merge(extraMetadata) { $1 }
        try SafeTensorsFile(tensors: tensors, metadata: metadata).write(to: url)
    }
}
