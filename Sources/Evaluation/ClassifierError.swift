/// Why an attribute classifier could not be built, trained, read or used. Each message names
/// the file or value at fault and says what to do next.
public enum ClassifierError: Error, CustomStringConvertible, Equatable {
    /// A configuration value outside its range.
    case invalidConfiguration(String)
    /// Training options that cannot work (too few images, a zero batch, ...).
    case invalidOptions(String)
    /// The classifier file cannot be read as safetensors.
    case unreadable(path: String, reason: String)
    /// A metadata entry the classifier file needs is missing.
    case missingMetadata(path: String, key: String)
    /// The file is safetensors but not a classifier (for example a generator checkpoint).
    case notAClassifier(path: String, format: String)
    /// A metadata entry is present but not valid.
    case invalidMetadata(path: String, key: String, reason: String)
    /// The weights in the file do not fit the configuration in its metadata.
    case incompatibleWeights(path: String, reason: String)
    /// The classifier and a generator or data set describe different tags or image sizes.
    case mismatch(String)
    /// Writing the classifier file failed.
    case writeFailed(path: String, reason: String)
    /// The classifier predicts other tags than a data set it is asked to label has.
    case vocabularyMismatch(classifier: String, data: String, dataPath: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(reason):
            return "invalid classifier configuration: \(reason)"
        case let .invalidOptions(reason):
            return "invalid classifier training options: \(reason)"
        case let .unreadable(path, reason):
            return "\(path): cannot read the classifier (\(reason)); pass a file written by `acgan classifier train`"
        case let .missingMetadata(path, key):
            return "\(path): no '\(key)' in the safetensors metadata, so the classifier cannot be rebuilt; "
                + "pass a file written by `acgan classifier train`"
        case let .notAClassifier(path, format):
            return "\(path): this is not an attribute classifier (its format is \"\(format)\"; a generator "
                + "checkpoint?); pass the file written by `acgan classifier train`"
        case let .invalidMetadata(path, key, reason):
            return "\(path): metadata '\(key)' is not valid: \(reason); retrain with `acgan classifier train`"
        case let .incompatibleWeights(path, reason):
            return "\(path): the weights do not fit the stored configuration: \(reason)"
        case let .mismatch(reason):
            return "\(reason); train a classifier on data with the generator's tags and image size "
                + "(`acgan classifier train --data DIR`)"
        case let .writeFailed(path, reason):
            return "could not write \(path): \(reason); check that the directory exists and is writable"
        case let .vocabularyMismatch(classifier, data, dataPath):
            return "the classifier predicts \(classifier), but \(dataPath) has \(data); train a classifier on this "
                + "data set (`acgan classifier train --data \(dataPath)`), or pass the classifier's vocabulary with --vocabulary"
        }
    }
}
