import CBLAS

/// Fréchet distance between Gaussians fitted to two feature sets (FID when the features come from
/// Inception; here they come from the attribute classifier's penultimate layer, so the numbers
/// are only comparable with other runs of this project's classifier, never with published FIDs):
///
///     d^2 = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))
///
/// tr((S1 S2)^(1/2)) is computed without a non-symmetric matrix square root: S1 S2 is similar to
/// the symmetric positive semi-definite M = S1^(1/2) S2 S1^(1/2), so its square root's trace is
/// the sum of sqrt(eigenvalues of M). Both steps use LAPACK's symmetric `dsyevd`; eigenvalues a
/// hair below zero from round-off are clamped to zero.
public enum FrechetDistance {
    /// The distance between the Gaussians of two feature sets, each flattened N x D row-major.
    public static func distance(generated: [Float], real: [Float], dimension: Int) throws -> Double {
        let first = try FeatureStatistics(features: generated, dimension: dimension)
        let second = try FeatureStatistics(features: real, dimension: dimension)
        return try distance(first, second)
    }

    /// The distance between two fitted Gaussians (e.g. real statistics computed once and reused).
    public static func distance(_ first: FeatureStatistics, _ second: FeatureStatistics) throws -> Double {
        guard first.dimension == second.dimension else {
            throw EvaluationError.featureDimensionsDiffer(first: first.dimension, second: second.dimension)
        }
        let order = first.dimension
        var meanTerm = 0.0
        for index in 0..<order {
            let difference = first.mean[index] - second.mean[index]
            meanTerm += difference * difference
        }
        var traces = 0.0
        for index in 0..<order {
            traces += first.covariance[index * order + index] + second.covariance[index * order + index]
        }
        let crossTerm = try traceOfSquareRootProduct(first.covariance, second.covariance, order: order)
        return meanTerm + traces - 2 * crossTerm
    }

    /// tr((A B)^(1/2)) for symmetric positive semi-definite A and B (n x n, row-major).
    public static func traceOfSquareRootProduct(_ first: [Double], _ second: [Double],
                                                order: Int) throws -> Double {
        guard first.count == order * order, second.count == order * order else {
            throw EvaluationError.featureSizeMismatch(name: "covariance", count: min(first.count, second.count),
                                                      dimension: order * order)
        }
        let root = try SymmetricEigensolver.squareRoot(first, order: order)
        var product = [Double](repeating: 0, count: order * order)
        var sandwich = [Double](repeating: 0, count: order * order)
        let n = Int32(order)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, root, n, second, n, 0, &product, n)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, product, n, root, n, 0, &sandwich, n)
        SymmetricEigensolver.symmetrize(&sandwich, order: order)
        let eigenvalues = try SymmetricEigensolver.decompose(sandwich, order: order, wantVectors: false).values
        return eigenvalues.reduce(0) { $0 + ($1 > 0 ? $1.squareRoot() : 0) }
    }
}
