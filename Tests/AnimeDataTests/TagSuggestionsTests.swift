import Foundation
import Testing
import AnimeData

/// A suggestion from known logits: softmax per group, sigmoid per tag, the face's confidence
/// the smallest of its attributes'; and the file's round trip.
@Suite struct TagSuggestionsTests {
    static let vocabulary = TagVocabulary(
        groups: [.init(name: "hair color", values: ["red hair", "blue hair", "green hair"]),
                 .init(name: "eye color", values: ["red eyes", "blue eyes"])],
        binaryTags: [.init(name: "glasses", prior: 0.5), .init(name: "open mouth", prior: 0.5)])

    @Test func probabilitiesAndConfidenceFromKnownLogits() throws {
        // hair: e^0 : e^ln3 : e^0 = 1 : 3 : 1 -> blue hair, 3/5; eyes: a tie -> the first, 1/2;
        // glasses: sigmoid(ln 4) = 0.8, on; open mouth: sigmoid(-ln 9) = 0.1, off at 0.9.
        let logits: [Float] = [0, Float(log(3.0)), 0, 2, 2, Float(log(4.0)), -Float(log(9.0))]
        let suggestion = TagSuggestions.suggestion(logits: logits[...], vocabulary: Self.vocabulary)
        #expect(suggestion.tags == "blue hair red eyes glasses")
        #expect(suggestion.groups.map(\.value) == ["blue hair", "red eyes"])
        #expect(abs(suggestion.groups[0].confidence - 0.6) < 1e-6)
        #expect(zip(suggestion.groups[0].probabilities, [0.2, 0.6, 0.2]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(suggestion.groups[1].confidence - 0.5) < 1e-6)
        #expect(suggestion.binaryTags.map(\.on) == [true, false])
        #expect(abs(suggestion.binaryTags[0].confidence - 0.8) < 1e-6)
        #expect(abs(suggestion.binaryTags[1].confidence - 0.9) < 1e-6)
        #expect(abs(suggestion.confidence - 0.5) < 1e-6)
        // The text reads back to the labels chosen.
        #expect(try Self.vocabulary.labels(parsing: suggestion.tags) == TagLabels(groupIndices: [1, 0], binaryTags: [true, false]))
    }

    @Test func continuousValuesAreReadIntoTheTextInRange() throws {
        var vocabulary = Self.vocabulary
        vocabulary.continuous = [.init(name: "size", minimum: 1, maximum: 3, mirror: .keep),
                                 .init(name: "tilt", minimum: -0.5, maximum: 0.5, mirror: .negate)]
        // size: scaled 0.123456 -> 1 + 1.123456 = 2.123456, to 4 decimals; tilt: 7 is past the end.
        let logits: [Float] = [0, Float(log(3.0)), 0, 2, 2, Float(log(4.0)), -Float(log(9.0)), 0.123456, 7]
        let suggestion = TagSuggestions.suggestion(logits: logits[...], vocabulary: vocabulary)
        #expect(suggestion.tags == "blue hair red eyes glasses size=2.1235 tilt=0.5")
        #expect(abs(suggestion.confidence - 0.5) < 1e-6)
        #expect(try vocabulary.labels(parsing: suggestion.tags).continuous == [2.1235, 0.5])
    }

    @Test func largeLogitsDoNotOverflowAndARowIsReadFromItsSlice() {
        let rows: [Float] = [9, 9, 9, 9, 9, 9, 9, /* second row: */ 500, -500, 0, -80, 80, 80, -80]
        let suggestion = TagSuggestions.suggestion(logits: rows[7..<14], vocabulary: Self.vocabulary)
        #expect(suggestion.tags == "red hair blue eyes glasses")
        #expect(suggestion.confidence > 0.999999 && suggestion.confidence <= 1)
        #expect(suggestion.groups[0].probabilities.allSatisfy { $0.isFinite })
    }

    @Test func aFileRoundTripsAndIsWrittenAtomically() throws {
        let folder = try DatasetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let suggestion = TagSuggestions.suggestion(logits: [1, 0, 0, 0, 1, 1, -1][...], vocabulary: Self.vocabulary)
        let file = TagSuggestions(
            dataset: "data/x", classifier: "clf.safetensors", vocabulary: Self.vocabulary, heldOutAccuracy: 0.75,
            faces: [.init(file: "a.png", status: .untagged, currentTags: nil, suggestion: suggestion),
                    .init(file: "b.png", status: .tagged, currentTags: "green hair red eyes", suggestion: suggestion),
                    .init(file: "c.png", status: .tagged, currentTags: suggestion.tags, suggestion: suggestion)],
            skipped: [.init(file: "d.png", reason: "corrupt")])
        #expect(file.faces.map(\.isDisputed) == [false, true, false])
        let url = folder.appendingPathComponent("suggestions.json")
        try file.write(to: url)
        #expect(try TagSuggestions(contentsOf: url) == file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["suggestions.json"])
        try Data(#"{"format": "something else"}"#.utf8).write(to: url)
        #expect(throws: TagSuggestionsError.self) { try TagSuggestions(contentsOf: url) }
    }
}
