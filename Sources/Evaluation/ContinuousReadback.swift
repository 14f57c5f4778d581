import AnimeData
import Foundation

/// How well a classifier reads one continuous attribute back from held-out real faces: the
/// root-mean-square error in the attribute's own units (and as a share of its range).
public struct ContinuousReadError: Codable, Sendable, Equatable {
    /// The attribute.
    public var name: String
    /// sqrt(mean((read - true)²)) over the faces, in the attribute's units.
    public var rootMeanSquaredError: Double
    /// The attribute's range (the classifier's vocabulary).
    public var minimum: Double, maximum: Double
    /// Faces measured.
    public var count: Int

    /// The error as a share of the range (0 when the range is one value).
    public var shareOfRange: Double { maximum > minimum ? rootMeanSquaredError / (maximum - minimum) : 0 }
}

/// The Pearson correlation between the values a generator was asked for and the values the
/// classifier reads back from its faces, for one continuous attribute.
public struct ContinuousCorrelation: Codable, Sendable, Equatable {
    /// The attribute.
    public var name: String
    /// Pearson's r; nil when either side has no variance.
    public var pearson: Double?
    /// Faces measured.
    public var count: Int
}

/// Pearson's correlation coefficient of paired samples: cov(x, y) / (sd(x) sd(y)), in Double;
/// nil for fewer than two pairs or a constant side.
public func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "pearson: \(x.count) and \(y.count) values")
    guard x.count >= 2 else { return nil }
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
    var covariance = 0.0, varianceX = 0.0, varianceY = 0.0
    for (a, b) in zip(x, y) {
        covariance += (a - meanX) * (b - meanY)
        varianceX += (a - meanX) * (a - meanX)
        varianceY += (b - meanY) * (b - meanY)
    }
    guard varianceX > 0, varianceY > 0 else { return nil }
    return covariance / (varianceX * varianceY).squareRoot()
}

extension AttributeClassifier {
    /// The root-mean-square error of each continuous attribute read back from data-set images
    /// `indices` against their true values (empty without continuous attributes).
    public func continuousError(dataset: AnimeDataset, indices: [Int]) throws -> [ContinuousReadError] {
        guard !vocabulary.continuous.isEmpty, !indices.isEmpty else { return [] }
        let read = try classify(dataset: dataset, indices: indices).predictions
        return vocabulary.continuous.enumerated().map { k, attribute in
            let squares = zip(indices, read).map { index, predicted in
                pow(predicted.continuous[k] - dataset.labels[index].continuous[k], 2)
            }
            return ContinuousReadError(name: attribute.name,
                                       rootMeanSquaredError: (squares.reduce(0, +) / Double(squares.count)).squareRoot(),
                                       minimum: attribute.minimum, maximum: attribute.maximum, count: indices.count)
        }
    }

    /// The held-out errors for people: "face_size 0.012 (8% of its range), ...".
    public static func describe(_ errors: [ContinuousReadError]) -> String {
        errors.map { "\($0.name) " + String(format: "%.4g (%.1f%% of its range)", $0.rootMeanSquaredError, 100 * $0.shareOfRange) }
            .joined(separator: ", ")
    }
}
