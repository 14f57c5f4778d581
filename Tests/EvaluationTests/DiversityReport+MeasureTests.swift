import Testing
import Evaluation

/// The per-class measurement against direct meanPairwiseMSSSIM calls with the documented seeds.
@Suite struct DiversityReportMeasureTests {
    @Test func matchesDirectCallsWhateverTheThreadCount() throws {
        let base = TestImages.blocks(width: 16, height: 16, seed: 1)
        let faces = (0..<5).map { TestImages.noisy(base, seed: UInt64($0), amplitude: 10 + 20 * $0).bytes }
        let others = (0..<4).map { TestImages.pattern(width: 16, height: 16, seed: UInt64($0)).bytes }
        let classes = [
            ClassImages(attribute: "hair color", value: "blonde hair", generated: faces, real: others),
            ClassImages(attribute: "hair color", value: "blue hair", generated: others, real: [faces[0]]),
            ClassImages(attribute: "eye color", value: "red eyes", generated: Array(faces[1...]), real: faces),
        ]
        let metric = MultiScaleSSIM()
        let one = try DiversityReport.measure(classes: classes, width: 16, height: 16, pairsPerClass: 20, seed: 5, threads: 1)
        let two = try DiversityReport.measure(classes: classes, width: 16, height: 16, pairsPerClass: 20, seed: 5, threads: 2)
        #expect(one == two)
        #expect(one.classes[1].realMSSSIM == nil)
        let expected = try metric.meanPairwiseMSSSIM(images: Array(faces[1...]), width: 16, height: 16, pairs: 20, seed: 5 + 4)
        #expect(one.classes[2].generatedMSSSIM == expected)
        let expectedReal = try metric.meanPairwiseMSSSIM(images: others, width: 16, height: 16, pairs: 20, seed: 5 + 1)
        #expect(one.classes[0].realMSSSIM == expectedReal)
    }

    @Test func featureDistancesInOneCall() throws {
        let a = referenceFeatures(seed: 21, rows: 300, dimension: 12, kind: "a")
        let b = referenceFeatures(seed: 22, rows: 250, dimension: 12, kind: "b")
        let section = try FeatureDistanceReport.measure(generated: a, real: b, dimension: 12,
                                                        kernelDistance: KernelDistance(subsets: 5, subsetSize: 50))
        #expect(section.frechetDistance == (try FrechetDistance.distance(generated: a, real: b, dimension: 12)))
        #expect(section.generatedCount == 300 && section.realCount == 250 && section.featureDimension == 12)
        #expect(section.kernelDistance.subsets == 5 && section.kernelDistance.subsetSize == 50)
    }
}
