/// Why a synthetic avatar or data set could not be made.
public enum SyntheticAvatarError: Error, CustomStringConvertible, Equatable {
    /// The requested image size is outside 8...2048 pixels.
    case invalidSize(Int)
    /// The requested image count is negative or absurdly large.
    case invalidCount(Int)
    /// cairo could not create a surface of this size (usually out of memory).
    case cairoFailed(size: Int)
    /// The labels do not fit the vocabulary the renderer draws (`TagVocabulary.syntheticAvatars`).
    case labelsDoNotFit(reason: String)
    /// A file of the data set could not be written.
    case cannotWrite(path: String, reason: String)

    /// A message that says what went wrong and what to do.
    public var description: String {
        switch self {
        case .invalidSize(let size):
            "synthetic avatar size \(size) is out of range: use a size from 8 to 2048 pixels (the model uses 64)"
        case .invalidCount(let count):
            "cannot make \(count) synthetic avatars: use a count from 0 to 10,000,000"
        case .cairoFailed(let size):
            "cairo could not create a \(size)x\(size) image surface: check free memory or use a smaller --size"
        case .labelsDoNotFit(let reason):
            "labels do not fit the synthetic avatar vocabulary: \(reason); use TagVocabulary.syntheticAvatars"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason); check that the folder exists, is writable and has free space"
        }
    }
}
