import Foundation
import Testing
import Evaluation

/// FID and KID on features divided by the real set's RMS, and the real-vs-real reference.
@Suite struct FeatureDistanceReportMeasureTests {
    let setA = referenceFeatures(seed: 21, rows: 300, dimension: 12, kind: "a")
    let setB = referenceFeatures(seed: 22, rows: 250, dimension: 12, kind: "b")
    let setC = referenceFeatures(seed: 23, rows: 250, dimension: 12, kind: "b")

    /// The RMS by hand, in Double.
    static func rms(_ values: [Float]) -> Double {
        (values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(values.count)).squareRoot()
    }

    @Test func featuresAreDividedByTheRealRMS() throws {
        let kid = KernelDistance(subsets: 5, subsetSize: 50, seed: 4)
        let section = try FeatureDistanceReport.measure(generated: setA, real: setB, dimension: 12, kernelDistance: kid)
        let scale = Self.rms(setB)
        #expect(abs(section.featureScale - scale) <= 1e-12 * scale)
        #expect(abs(FeatureDistanceReport.rootMeanSquare([3, -4]) - (12.5).squareRoot()) < 1e-15)
        // The oracle: the plain FID and KID of the features divided by hand (in Float, hence the tolerance).
        let dividedA = setA.map { Float(Double($0) / scale) }, dividedB = setB.map { Float(Double($0) / scale) }
        let expectedFID = try FrechetDistance.distance(generated: dividedA, real: dividedB, dimension: 12)
        #expect(abs(section.frechetDistance - expectedFID) <= 1e-5 * expectedFID, "\(section.frechetDistance) vs \(expectedFID)")
        let expectedKID = try kid.distance(generated: dividedA, real: dividedB, dimension: 12)
        #expect(abs(section.kernelDistance.mean - expectedKID.mean) <= 1e-5 * abs(expectedKID.mean))
        // Not the raw FID: these features' RMS is far from 1.
        let raw = try FrechetDistance.distance(generated: setA, real: setB, dimension: 12)
        #expect(abs(section.frechetDistance - raw) > 0.1 * raw)
        #expect(section.generatedCount == 300 && section.realCount == 250 && section.featureDimension == 12)
        #expect(section.kernelDistance.subsets == 5 && section.kernelDistance.subsetSize == 50)
        #expect(section.realReference == nil && section.frechetDistanceRatio == nil)
        #expect(section.frechetRatioTarget == 2)
    }

    @Test func scalingEveryFeatureByAConstantLeavesTheNumbersUnchanged() throws {
        let kid = KernelDistance(subsets: 5, subsetSize: 50, seed: 4)
        let base = try FeatureDistanceReport.measure(generated: setA, real: setB, reference: setC, dimension: 12,
                                                     kernelDistance: kid)
        // Powers of two scale Floats exactly, so the numbers agree to Double round-off.
        for factor: Float in [0.125, 64] {
            let scaled = try FeatureDistanceReport.measure(
                generated: setA.map { $0 * factor }, real: setB.map { $0 * factor }, reference: setC.map { $0 * factor },
                dimension: 12, kernelDistance: kid)
            #expect(abs(scaled.frechetDistance - base.frechetDistance) <= 1e-9 * base.frechetDistance, "\(factor)")
            #expect(abs(scaled.kernelDistance.mean - base.kernelDistance.mean) <= 1e-9 * abs(base.kernelDistance.mean))
            #expect(abs(scaled.featureScale - base.featureScale * Double(factor)) <= 1e-12 * scaled.featureScale)
            let reference = try #require(scaled.realReference?.frechetDistance)
            #expect(abs(reference - base.realReference!.frechetDistance) <= 1e-9 * reference)
        }
        // Any other factor: equal up to the Float rounding of the scaled inputs.
        let scaled = try FeatureDistanceReport.measure(generated: setA.map { $0 * 3.7 }, real: setB.map { $0 * 3.7 },
                                                       dimension: 12, kernelDistance: kid)
        #expect(abs(scaled.frechetDistance - base.frechetDistance) <= 1e-5 * base.frechetDistance)
        // The normalised FID of quick evaluation is the same number.
        let quick = try FeatureDistanceReport.normalisedFrechetDistance(generated: setA, real: setB, dimension: 12)
        #expect(quick.distance == base.frechetDistance && quick.featureScale == base.featureScale)
    }

    @Test func realReferenceIsMeasuredWithTheSameScaleAndGivesTheRatio() throws {
        let kid = KernelDistance(subsets: 5, subsetSize: 50, seed: 4)
        let section = try FeatureDistanceReport.measure(generated: setA, real: setB, reference: setC, dimension: 12,
                                                        kernelDistance: kid)
        let reference = try #require(section.realReference)
        #expect(reference.comparisonCount == 250 && reference.referenceCount == 250)
        let scale = Self.rms(setB)   // the comparison set's RMS, not the reference's
        let expected = try FrechetDistance.distance(generated: setC.map { Float(Double($0) / scale) },
                                                    real: setB.map { Float(Double($0) / scale) }, dimension: 12)
        #expect(abs(reference.frechetDistance - expected) <= 1e-5 * expected)
        // B and C come from one recipe, A from another: the reference is the smaller distance.
        #expect(reference.frechetDistance < section.frechetDistance)
        let ratio = try #require(section.frechetDistanceRatio)
        #expect(abs(ratio - section.frechetDistance / reference.frechetDistance) <= 1e-15 * ratio)
    }

    @Test func allZeroRealFeaturesAreATypedError() {
        #expect(throws: EvaluationError.self) {
            try FeatureDistanceReport.measure(generated: setA, real: [Float](repeating: 0, count: 120), dimension: 12)
        }
    }
}
