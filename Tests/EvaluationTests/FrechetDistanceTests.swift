import Foundation
import Testing
import Evaluation

/// FID against scipy (Scripts/fid_kid_reference.py) and against closed forms.
@Suite struct FrechetDistanceTests {
    let setA = referenceFeatures(seed: 21, rows: 300, dimension: 12, kind: "a")
    let setB = referenceFeatures(seed: 22, rows: 250, dimension: 12, kind: "b")

    @Test func matchesScipySqrtm() throws {
        let values = try loadFixture("fid_kid_golden")["values"] as! [String: NSNumber]
        let expected = values["fid_a300_b250"]!.doubleValue
        let distance = try FrechetDistance.distance(generated: setA, real: setB, dimension: 12)
        #expect(abs(distance - expected) < 1e-9 * max(1, expected), "\(distance) vs \(expected)")
    }

    @Test func identicalSetsGiveZero() throws {
        let distance = try FrechetDistance.distance(generated: setA, real: setA, dimension: 12)
        #expect(abs(distance) < 1e-10)
    }

    @Test func commutingGaussiansMatchClosedForm() throws {
        // S1 = Q diag(a) Q^T, S2 = Q diag(b) Q^T share eigenvectors, so
        // FID = |m1 - m2|^2 + sum (sqrt(a) - sqrt(b))^2.
        let angle = 0.7, c = cos(angle), s = sin(angle)
        let rotation = [c, -s, 0, s * 0.6, c * 0.6, 0.8, -s * 0.8, -c * 0.8, 0.6]  // orthogonal
        func covariance(_ eigenvalues: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: 9)
            for i in 0..<3 { for j in 0..<3 { for k in 0..<3 {
                result[i * 3 + j] += rotation[i * 3 + k] * eigenvalues[k] * rotation[j * 3 + k]
            } } }
            return result
        }
        let a = [1.0, 4.0, 9.0], b = [4.0, 1.0, 0.25]
        let first = try FeatureStatistics(mean: [1, 2, 3], covariance: covariance(a), count: 100)
        let second = try FeatureStatistics(mean: [0, 2, 5], covariance: covariance(b), count: 100)
        var expected = 1.0 + 0 + 4
        for k in 0..<3 { expected += pow(a[k].squareRoot() - b[k].squareRoot(), 2) }
        let distance = try FrechetDistance.distance(first, second)
        #expect(abs(distance - expected) < 1e-10, "\(distance) vs \(expected)")
    }

    @Test func nonCommutingTwoByTwoMatchesClosedForm() throws {
        // For a 2x2 matrix with non-negative eigenvalues, tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)).
        let s1 = [2.0, 0.5, 0.5, 1.0], s2 = [1.0, -0.3, -0.3, 3.0]
        let product = [s1[0] * s2[0] + s1[1] * s2[2], s1[0] * s2[1] + s1[1] * s2[3],
                       s1[2] * s2[0] + s1[3] * s2[2], s1[2] * s2[1] + s1[3] * s2[3]]
        let trace = product[0] + product[3]
        let determinant = product[0] * product[3] - product[1] * product[2]
        let expected = (trace + 2 * determinant.squareRoot()).squareRoot()
        let computed = try FrechetDistance.traceOfSquareRootProduct(s1, s2, order: 2)
        #expect(abs(computed - expected) < 1e-12, "\(computed) vs \(expected)")
    }

    @Test func singularCovariancesStayFinite() throws {
        // 10 vectors in 12 dimensions: rank-deficient covariances, tiny negative eigenvalues clamped.
        let few = Array(setA[0..<(10 * 12)])
        let self_ = try FrechetDistance.distance(generated: few, real: few, dimension: 12)
        // Round-off eigenvalues near 1e-16 of the null space enter through a square root, so the
        // attainable accuracy is about sqrt(machine epsilon) times the trace (about 1), not epsilon.
        #expect(abs(self_) < 1e-6)
        let other = try FrechetDistance.distance(generated: few, real: Array(setB[0..<(10 * 12)]), dimension: 12)
        #expect(other.isFinite && other > 0)
    }

    @Test func covarianceMatchesNaiveUnbiasedEstimate() throws {
        let statistics = try FeatureStatistics(features: setB, dimension: 12)
        let rows = 250
        for (i, j) in [(0, 0), (3, 7), (11, 2)] {
            var meanI = 0.0, meanJ = 0.0
            for row in 0..<rows { meanI += Double(setB[row * 12 + i]); meanJ += Double(setB[row * 12 + j]) }
            meanI /= Double(rows); meanJ /= Double(rows)
            var sum = 0.0
            for row in 0..<rows { sum += (Double(setB[row * 12 + i]) - meanI) * (Double(setB[row * 12 + j]) - meanJ) }
            #expect(abs(statistics.covariance[i * 12 + j] - sum / Double(rows - 1)) < 1e-12)
            #expect(abs(statistics.mean[i] - meanI) < 1e-12)
        }
    }

    @Test func rejectsMismatchedShapes() {
        #expect(throws: EvaluationError.featureSizeMismatch(name: "features", count: 13, dimension: 12)) {
            try FrechetDistance.distance(generated: Array(setA[0..<13]), real: setB, dimension: 12)
        }
        #expect(throws: EvaluationError.tooFewSamples(name: "feature vectors for a covariance", count: 1, minimum: 2)) {
            try FrechetDistance.distance(generated: Array(setA[0..<12]), real: setB, dimension: 12)
        }
    }
}
