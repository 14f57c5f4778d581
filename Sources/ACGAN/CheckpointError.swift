/// Why a checkpoint could not be read, written or loaded into a model. Every message names
/// the file, and the metadata key or tensor at fault.
public enum CheckpointError: Error, CustomStringConvertible {
    /// A metadata key the file must have is absent.
    case missingMetadata(path: String, key: String)
    /// A metadata value is not what it should be (not JSON, wrong fields, inconsistent).
    case invalidMetadata(path: String, key: String, reason: String)
    /// The file holds no generator weights.
    case noGenerator(path: String)
    /// Tensors the model or optimiser needs are absent (full keys, prefix included).
    case missingTensors(path: String, keys: [String])
    /// A tensor has a shape other than the model's configuration needs.
    case wrongShape(path: String, key: String, expected: [Int], found: [Int])
    /// The file is missing, unreadable, truncated or not safetensors.
    case unreadable(path: String, reason: String)
    /// Writing failed; the previous file at `path`, if any, is unchanged.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingMetadata(let path, let key) where TrainingCheckpoint.trainingKeys.contains(key):
            return "\(path): the file has no '\(key)' in its safetensors metadata, so training cannot resume from it; resume from the RUN_DIR/checkpoint.safetensors that `acgan train` writes (generator files and exports hold only the model)"
        case .missingMetadata(let path, let key):
            return "\(path): the file has no '\(key)' in its safetensors metadata, so the model it holds cannot be rebuilt. Checkpoints written by `acgan train` and Scripts/export_torch_generator.py carry it."
        case .invalidMetadata(let path, let key, let reason):
            return "\(path): metadata '\(key)' is not valid: \(reason)"
        case .noGenerator(let path):
            return "\(path): no generator weights (keys 'G.*', 'G_ema.*' or bare generator keys such as 'fc.weight')"
        case .missingTensors(let path, let keys):
            let listed = keys.prefix(4).map { "'\($0)'" }.joined(separator: ", ") + (keys.count > 4 ? " and \(keys.count - 4) more" : "")
            return "\(path): no tensor \(listed): the file is incomplete or was made for another model"
        case .wrongShape(let path, let key, let expected, let found):
            return "\(path): tensor '\(key)' has shape \(found) but the model of the file's configuration needs \(expected)"
        case .unreadable(let path, let reason):
            return "\(path): \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason); the previous file, if any, is unchanged"
        }
    }
}
