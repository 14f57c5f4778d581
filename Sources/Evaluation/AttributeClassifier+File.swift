import AnimeData
import Foundation
import NeuralNetwork
import Tensors
import Randomness
import SafeTensors

/// The classifier file: safetensors with the weights under their state-dict keys and JSON in
/// `__metadata__`: `format`, `configuration` (ClassifierConfiguration), `vocabulary`
/// (TagVocabulary) and, after training, `training` (ClassifierTrainingSummary: the split and
/// the held-out accuracy per attribute).
extension AttributeClassifier {
    /// The `format` metadata value.
    public static let fileFormat = "acgan-studio-classifier/1"

    /// The metadata written with the weights.
    public func fileMetadata() throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata = [
            "format": Self.fileFormat,
            "configuration": String(decoding: try encoder.encode(configuration), as: UTF8.self),
            "vocabulary": String(decoding: try vocabulary.jsonData(), as: UTF8.self),
        ]
        if let trainingSummary {
            metadata["training"] = String(decoding: try encoder.encode(trainingSummary), as: UTF8.self)
        }
        return metadata
    }

    /// Writes the classifier atomically (a temporary file renamed over `url`, so a crash never
    /// leaves half a file). `num_batches_tracked` is stored as an exact integer, as PyTorch does.
    public func write(to url: URL) throws {
        var tensors = stateDictTensors()
        for key in tensors.keys where key.hasSuffix("num_batches_tracked") { tensors[key]!.dtype = .int64 }
        do {
            try SafeTensorsFile(tensors: tensors, metadata: try fileMetadata()).write(to: url)
        } catch {
            throw ClassifierError.writeFailed(path: url.path, reason: "\(error)")
        }
    }

    /// Reads a classifier written by `write(to:)`, ready for inference (eval mode).
    public static func load(from url: URL) throws -> AttributeClassifier {
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: url)
        } catch {
            throw ClassifierError.unreadable(path: url.path, reason: "\(error)")
        }
        return try load(from: file, path: url.path)
    }

    /// Builds the classifier held in a safetensors file already in memory.
    public static func load(from file: SafeTensorsFile, path: String) throws -> AttributeClassifier {
        func entry(_ key: String) throws -> Data {
            guard let text = file.metadata[key] else { throw ClassifierError.missingMetadata(path: path, key: key) }
            return Data(text.utf8)
        }
        guard let format = file.metadata["format"] else { throw ClassifierError.missingMetadata(path: path, key: "format") }
        guard format == fileFormat else {
            throw ClassifierError.notAClassifier(path: path, format: format)
        }
        let configuration: ClassifierConfiguration
        do {
            configuration = try JSONDecoder().decode(ClassifierConfiguration.self, from: try entry("configuration"))
        } catch let error as ClassifierError {
            throw error
        } catch {
            throw ClassifierError.invalidMetadata(path: path, key: "configuration", reason: "\(error)")
        }
        let vocabulary: TagVocabulary
        do {
            vocabulary = try TagVocabulary(jsonData: try entry("vocabulary"))
        } catch let error as ClassifierError {
            throw error
        } catch {
            throw ClassifierError.invalidMetadata(path: path, key: "vocabulary", reason: "\(error)")
        }
        var summary: ClassifierTrainingSummary?
        if let text = file.metadata["training"] {
            do {
                summary = try JSONDecoder().decode(ClassifierTrainingSummary.self, from: Data(text.utf8))
            } catch {
                throw ClassifierError.invalidMetadata(path: path, key: "training", reason: "\(error)")
            }
        }
        var rng = RandomGenerator(seed: 0)
        let classifier: AttributeClassifier
        do {
            classifier = try AttributeClassifier(configuration: configuration, vocabulary: vocabulary, using: &rng)
        } catch {
            throw ClassifierError.invalidMetadata(path: path, key: "configuration", reason: "\(error)")
        }
        do {
            try classifier.loadStateDict(from: file)
        } catch {
            throw ClassifierError.incompatibleWeights(path: path, reason: "\(error)")
        }
        classifier.trainingSummary = summary
        classifier.eval()
        return classifier
    }
}
