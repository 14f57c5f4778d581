/// Everything that can go wrong while scoring images or features. Each message names the
/// input at fault and says what to do next; bad input never crashes.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// A pixel buffer whose byte count does not match width x height x channels.
    case imageSizeMismatch(name: String, expectedBytes: Int, actualBytes: Int)
    /// Two images compared with each other have different shapes.
    case imageShapesDiffer(first: String, second: String)
    /// An image too small for the number of MS-SSIM scales (each scale halves the sides).
    case imageTooSmall(width: Int, height: Int, minimumSide: Int)
    /// A flattened feature matrix whose length is not a multiple of its row length.
    case featureSizeMismatch(name: String, count: Int, dimension: Int)
    /// Two feature sets with different row lengths.
    case featureDimensionsDiffer(first: Int, second: Int)
    /// Too few rows for the statistic (a covariance needs 2, an unbiased MMD needs 2 per set).
    case tooFewSamples(name: String, count: Int, minimum: Int)
    /// A parameter outside its meaningful range.
    case invalidParameter(name: String, value: String, reason: String)
    /// LAPACK reported a failure (`info` is its return code).
    case lapackFailure(routine: String, info: Int)
    /// Writing the report to disk failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .imageSizeMismatch(name, expected, actual):
            return "\(name): expected \(expected) bytes (width x height x channels, HWC), got \(actual); "
                + "pass the image's true width and height"
        case let .imageShapesDiffer(first, second):
            return "images to compare have different shapes (\(first) vs \(second)); "
                + "resize them to one size first"
        case let .imageTooSmall(width, height, minimumSide):
            return "image \(width)x\(height) is too small for MS-SSIM: each side must be at least "
                + "\(minimumSide) pixels (every scale halves it); use larger images or fewer scales"
        case let .featureSizeMismatch(name, count, dimension):
            return "\(name): \(count) values is not a whole number of rows of dimension \(dimension); "
                + "pass features as a flattened N x D row-major array"
        case let .featureDimensionsDiffer(first, second):
            return "feature sets have different dimensions (\(first) vs \(second)); "
                + "extract both with the same network layer"
        case let .tooFewSamples(name, count, minimum):
            return "\(name): \(count) samples, at least \(minimum) are needed; generate or load more"
        case let .invalidParameter(name, value, reason):
            return "\(name) = \(value) is invalid: \(reason)"
        case let .lapackFailure(routine, info):
            return "LAPACK \(routine) failed with info = \(info); the matrix may contain NaN or Inf "
                + "values, check the features"
        case let .writeFailed(path, reason):
            return "could not write \(path): \(reason); check that the directory is writable"
        }
    }
}
