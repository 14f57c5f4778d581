import CBLAS

/// Mean and covariance of a set of feature vectors, in Double: the Gaussian that FID fits to
/// the classifier's penultimate features.
public struct FeatureStatistics: Sendable, Equatable {
    /// Length of every feature vector (D).
    public var dimension: Int
    /// Number of vectors the statistics were computed from (N).
    public var count: Int
    /// Mean vector, length D.
    public var mean: [Double]
    /// Covariance, D x D row-major, unbiased (divided by N - 1) like `numpy.cov`.
    public var covariance: [Double]

    /// Statistics given directly (for closed-form checks or statistics stored with a data set).
    public init(mean: [Double], covariance: [Double], count: Int) throws {
        guard covariance.count == mean.count * mean.count else {
            throw EvaluationError.featureSizeMismatch(name: "covariance", count: covariance.count,
                                                      dimension: mean.count * mean.count)
        }
        self.dimension = mean.count
        self.count = count
        self.mean = mean
        self.covariance = covariance
    }

    /// Statistics of `features`, a flattened N x D row-major Float array.
    public init(features: [Float], dimension: Int) throws {
        let count = try FeatureMatrix.rowCount(of: features, dimension: dimension, name: "features")
        guard count >= 2 else {
            throw EvaluationError.tooFewSamples(name: "feature vectors for a covariance",
                                                count: count, minimum: 2)
        }
        var mean = [Double](repeating: 0, count: dimension)
        for row in 0..<count {
            for column in 0..<dimension { mean[column] += Double(features[row * dimension + column]) }
        }
        for column in 0..<dimension { mean[column] /= Double(count) }
        // Centre in Double first: E[xx^T] - mu mu^T loses digits when the mean is large.
        var centred = [Double](repeating: 0, count: count * dimension)
        for row in 0..<count {
            for column in 0..<dimension {
                centred[row * dimension + column] = Double(features[row * dimension + column]) - mean[column]
            }
        }
        var covariance = [Double](repeating: 0, count: dimension * dimension)
        // covariance = centred^T centred / (N - 1); dsyrk fills the upper triangle only.
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(dimension), Int32(count),
                    1 / Double(count - 1), centred, Int32(dimension), 0, &covariance, Int32(dimension))
        for row in 0..<dimension {
            for column in 0..<row { covariance[row * dimension + column] = covariance[column * dimension + row] }
        }
        self.dimension = dimension
        self.count = count
        self.mean = mean
        self.covariance = covariance
    }

    /// The statistics of the same vectors multiplied by `factor`: mean times `factor`,
    /// covariance times `factor`^2 (in Double, so no Float rounding is added).
    public func scaled(by factor: Double) -> FeatureStatistics {
        var result = self
        result.mean = mean.map { $0 * factor }
        result.covariance = covariance.map { $0 * factor * factor }
        return result
    }
}

/// Shape checks shared by the feature-based metrics.
enum FeatureMatrix {
    /// N for a flattened N x D array, or a typed error naming the input.
    static func rowCount(of values: [Float], dimension: Int, name: String) throws -> Int {
        guard dimension > 0 else {
            throw EvaluationError.invalidParameter(name: "dimension", value: "\(dimension)",
                                                   reason: "feature vectors need at least one value")
        }
        guard values.count % dimension == 0 else {
            throw EvaluationError.featureSizeMismatch(name: name, count: values.count, dimension: dimension)
        }
        return values.count / dimension
    }
}
