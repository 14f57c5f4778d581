import Foundation
import Testing
import Evaluation

/// KID against the unbiased MMD^2 of Scripts/fid_kid_reference.py.
@Suite struct KernelDistanceTests {
    let setA = referenceFeatures(seed: 21, rows: 300, dimension: 12, kind: "a")
    let setB = referenceFeatures(seed: 22, rows: 250, dimension: 12, kind: "b")

    @Test func wholeSetSubsetsMatchReference() throws {
        let values = try loadFixture("fid_kid_golden")["values"] as! [String: NSNumber]
        let firstRows = Array(setA[0..<(250 * 12)])
        // Subset size = set size: every subset is the whole set, so the draws cannot matter.
        let kid = KernelDistance(subsets: 3, subsetSize: 250, seed: 9)
        let different = try kid.distance(generated: firstRows, real: setB, dimension: 12)
        let expected = values["kid_a250_b250"]!.doubleValue
        #expect(abs(different.mean - expected) < 1e-10, "\(different.mean) vs \(expected)")
        #expect(different.standardDeviation < 1e-12)
        #expect(different.subsetSize == 250 && different.subsets == 3)
        let same = try kid.distance(generated: firstRows, real: firstRows, dimension: 12)
        #expect(abs(same.mean - values["kid_a250_a250"]!.doubleValue) < 1e-10)
    }

    @Test func subsetsAreReproducibleAndSeparateDistributions() throws {
        let kid = KernelDistance(subsets: 20, subsetSize: 100, seed: 1)
        let first = try kid.distance(generated: setA, real: setB, dimension: 12)
        let again = try kid.distance(generated: setA, real: setB, dimension: 12)
        #expect(first == again)
        let reseeded = try KernelDistance(subsets: 20, subsetSize: 100, seed: 2)
            .distance(generated: setA, real: setB, dimension: 12)
        #expect(reseeded.mean != first.mean)
        #expect(first.standardDeviation > 0)
        // Two halves of one distribution: near zero, far below the distance between A and B.
        let halves = try kid.distance(generated: Array(setA[0..<(150 * 12)]),
                                      real: Array(setA[(150 * 12)...]), dimension: 12)
        #expect(abs(halves.mean) < 0.2 * first.mean, "\(halves.mean) vs \(first.mean)")
    }

    @Test func subsetSizeIsCappedAtTheSmallerSet() throws {
        let result = try KernelDistance(subsets: 2, subsetSize: 1000).distance(generated: setA, real: setB,
                                                                              dimension: 12)
        #expect(result.subsetSize == 250)
        #expect(throws: EvaluationError.self) {
            try KernelDistance().distance(generated: Array(setA[0..<12]), real: setB, dimension: 12)
        }
    }
}
