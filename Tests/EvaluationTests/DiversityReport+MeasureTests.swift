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

    /// The summary beside the "less diverse than any real class" count, on a hand-made report:
    /// means over the class values measured on both sides, and their ratio.
    @Test func meanMSSSIMOverPairedClassValues() throws {
        let report = DiversityReport(pairsPerClass: 10, classes: [
            ClassDiversity(attribute: "hair color", value: "blonde hair", generatedMSSSIM: 0.30, realMSSSIM: 0.20),
            ClassDiversity(attribute: "hair color", value: "blue hair", generatedMSSSIM: 0.20, realMSSSIM: 0.30),
            ClassDiversity(attribute: "hair color", value: "pink hair", generatedMSSSIM: 0.40, realMSSSIM: 0.10),
            ClassDiversity(attribute: "glasses", value: "glasses", generatedMSSSIM: 0.90, realMSSSIM: nil),
            ClassDiversity(attribute: "hat", value: "hat", generatedMSSSIM: nil, realMSSSIM: 0.05),
        ])
        // Paired: blonde, blue, pink. Generated (0.3 + 0.2 + 0.4) / 3 = 0.3; real (0.2 + 0.3 + 0.1) / 3 = 0.2.
        #expect(report.pairedClassCount == 3)
        #expect(abs(try #require(report.generatedMeanMSSSIM) - 0.3) < 1e-15)
        #expect(abs(try #require(report.realMeanMSSSIM) - 0.2) < 1e-15)
        #expect(abs(try #require(report.meanMSSSIMRatio) - 1.5) < 1e-12)
        #expect(report.meanTolerance == 0.10)
        // The existing count beside it: pink (0.4) and glasses (0.9) are above the least diverse real class (0.3).
        #expect(report.leastDiverseRealMSSSIM == 0.30 && report.generatedLessDiverseThanAnyRealClass == 2)
        let unpaired = DiversityReport(pairsPerClass: 10, classes: [
            ClassDiversity(attribute: "hat", value: "hat", generatedMSSSIM: 0.5, realMSSSIM: nil),
        ])
        #expect(unpaired.pairedClassCount == 0 && unpaired.generatedMeanMSSSIM == nil && unpaired.meanMSSSIMRatio == nil)
    }
}
