import AnimeData
import Evaluation
import Foundation
import Imaging
import Randomness
import Testing

/// `acgan classifier suggest`'s library: which faces get suggestions, what a classifier of
/// known output suggests, corrupt images skipped, and a classifier of other tags refused.
@Suite struct TagSuggesterTests {
    /// An 8x8 classifier whose head ignores the features (zero weights) and always outputs
    /// `logits` (its bias): hair [red, green, blue], glasses.
    static func classifier(logits: [Float], vocabulary: TagVocabulary = EvaluationFixtures.vocabulary) throws -> AttributeClassifier {
        var rng = RandomGenerator(seed: 1)
        let classifier = try AttributeClassifier(configuration: ClassifierConfiguration(imageSize: 8, width: 2, featureSize: 4),
                                                 vocabulary: vocabulary, using: &rng)
        classifier.head.weight!.assign(scalars: [Float](repeating: 0, count: classifier.head.weight!.scalars.count))
        classifier.head.bias!.assign(scalars: logits)
        classifier.eval()
        return classifier
    }

    /// Images beside tags.csv: a, b, c tagged; d without a line; e with a colour the vocabulary
    /// does not know; f without a line and not an image at all.
    static func folder() throws -> URL {
        let folder = try EvaluationFixtures.temporaryDirectory()
        for (index, name) in ["a", "b", "c", "d", "e"].enumerated() {
            let labels = TagLabels(groupIndices: [index % 3], binaryTags: [index == 1])
            try EvaluationFixtures.image(labels: labels, size: 16, seed: UInt64(index)).write(to: folder.appendingPathComponent("\(name).png"))
        }
        try Data("not a png".utf8).write(to: folder.appendingPathComponent("f.png"))
        try Data("a.png,red hair\nb.png,green hair glasses\nc.png,blue hair\ne.png,purple hair\n".utf8)
            .write(to: folder.appendingPathComponent("tags.csv"))
        return folder
    }

    @Test func facesWithoutUsableTagsGetTheClassifiersSuggestion() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // green hair: e^2 / (e^0 + e^2 + e^0); glasses off: 1 - sigmoid(-1).
        let suggester = TagSuggester(classifier: try Self.classifier(logits: [0, 2, 0, -1]))
        let result = try suggester.suggestions(directory: folder, vocabulary: EvaluationFixtures.vocabulary,
                                               dataSetName: "faces", classifierName: "clf.safetensors")
        #expect(result.format == TagSuggestions.fileFormat && result.dataset == "faces" && result.classifier == "clf.safetensors")
        #expect(result.faces.map(\.file) == ["d.png", "e.png"])
        #expect(result.faces.map(\.status) == [.untagged, .unreadable])
        #expect(result.faces.map(\.currentTags) == [nil, "purple hair"])
        let green = exp(2.0) / (2 + exp(2.0)), off = 1 - 1 / (1 + exp(1.0))
        for face in result.faces {
            #expect(face.suggestion.tags == "green hair")
            #expect(abs(face.suggestion.groups[0].confidence - green) < 1e-5)
            #expect(face.suggestion.binaryTags == [.init(tag: "glasses", on: false, confidence: face.suggestion.binaryTags[0].confidence)])
            #expect(abs(face.suggestion.binaryTags[0].confidence - off) < 1e-5)
            #expect(abs(face.suggestion.confidence - min(green, off)) < 1e-5)
        }
        // The file that is not an image is skipped with the reason; nothing else is lost.
        #expect(result.skipped.map(\.file) == ["f.png"])
        #expect(result.skipped.first?.reason.isEmpty == false)
        #expect(result.heldOutAccuracy == nil)  // an untrained classifier records none
    }

    @Test func withAllTheTaggedFacesComeTooAndDisputesShow() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let suggester = TagSuggester(classifier: try Self.classifier(logits: [3, 0, 0, 2]))  // red hair glasses
        let result = try suggester.suggestions(directory: folder, vocabulary: EvaluationFixtures.vocabulary, includeTagged: true,
                                               dataSetName: "faces", classifierName: "clf")
        #expect(result.faces.map(\.file) == ["a.png", "b.png", "c.png", "d.png", "e.png"])
        #expect(result.faces.map(\.status) == [.tagged, .tagged, .tagged, .untagged, .unreadable])
        #expect(result.faces.map(\.currentTags) == ["red hair", "green hair glasses", "blue hair", nil, "purple hair"])
        #expect(result.faces.allSatisfy { $0.suggestion.tags == "red hair glasses" })
        #expect(result.faces.map(\.isDisputed) == [true, true, true, false, false])
    }

    @Test func aClassifierOfOtherTagsIsRefusedWithBothListed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = TagVocabulary(groups: [.init(name: "hair color", values: ["red hair", "green hair"])])
        let suggester = TagSuggester(classifier: try Self.classifier(logits: [0, 1], vocabulary: other))
        let error = #expect(throws: ClassifierError.self) {
            try suggester.suggestions(directory: folder, vocabulary: EvaluationFixtures.vocabulary,
                                      dataSetName: "data/faces", classifierName: "clf")
        }
        let message = error?.description ?? ""
        #expect(message.contains("the classifier predicts hair color (red hair, green hair) and no on/off tags"), "\(message)")
        #expect(message.contains("data/faces has hair color (red hair, green hair, blue hair) and the on/off tags glasses"), "\(message)")
        #expect(message.contains("acgan classifier train --data data/faces"), "\(message)")
    }
}
