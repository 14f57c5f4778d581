import Testing
import Evaluation

/// Tallies against counts worked out by hand from ReportFixtures.tally().
@Suite struct AttributeAccuracyTallyTests {
    @Test func countsPerAttributeAndValue() throws {
        let (generated, real) = try ReportFixtures.tally()
        let report = generated.report(real: real)
        #expect(report.attributes.map(\.attribute) == ["hair color", "eye color", "glasses"])
        let hair = report.attributes[0]
        #expect(hair.kind == .categorical)
        #expect(hair.generated == Accuracy(correct: 3, total: 4))
        #expect(hair.values.map(\.generated) == [Accuracy(correct: 1, total: 1), Accuracy(correct: 1, total: 2),
                                                 Accuracy(correct: 1, total: 1)])
        #expect(hair.real == Accuracy(correct: 1, total: 2))
        #expect(hair.values[2].real == Accuracy(correct: 0, total: 1))
        let glasses = report.attributes[2]
        #expect(glasses.kind == .binary)
        #expect(glasses.values.map(\.value) == ["on", "off"])
        #expect(glasses.values.map(\.generated) == [Accuracy(correct: 2, total: 2), Accuracy(correct: 1, total: 2)])
        #expect(report.generatedOverall == Accuracy(correct: 10, total: 12))
        #expect(report.generatedAllCorrect == Accuracy(correct: 2, total: 4))
        #expect(report.realAllCorrect == Accuracy(correct: 1, total: 2))
        #expect(report.realOverall == Accuracy(correct: 5, total: 6))
    }

    @Test func rejectsLabelsOfTheWrongShape() {
        var tally = AttributeAccuracyTally(groups: [(name: "hair color", values: ["a", "b"])], binaryTags: [])
        #expect(throws: EvaluationError.self) {
            try tally.record(targetGroups: [2], predictedGroups: [0], targetBinary: [], predictedBinary: [])
        }
        #expect(throws: EvaluationError.self) {
            try tally.record(targetGroups: [0], predictedGroups: [0], targetBinary: [true], predictedBinary: [true])
        }
    }
}
