import AnimeData
import Foundation
import Testing

/// The real program: a classifier trained on a synthetic set's tagged faces (with its progress
/// file) suggests tags for the faces whose lines were removed, skips an image that does not
/// decode, and refuses a data set of other tags.
@Suite(.serialized) struct ClassifierSuggestEndToEndTests {
    /// One line of `acgan classifier train --metrics`.
    struct Progress: Decodable {
        var epoch: Int
        var epochs: Int
        var step: Int
        var total_steps: Int
        var loss: Double
        var held_out_accuracy: Double?
    }

    @Test func suggestionsForTheFacesWithoutTags() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-suggest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("synth")
        let synth = try CLIProcess.run(["synth", "--out", data.path, "--count", "40", "--size", "16", "--balanced"], timeout: 60)
        #expect(synth.status == 0, "\(synth)")
        // Four faces lose their lines; a file that is not an image joins without one.
        let tagsURL = data.appendingPathComponent("tags.csv")
        let lines = try String(contentsOf: tagsURL, encoding: .utf8).split(separator: "\n").map(String.init)
        let removed = lines.suffix(4).map { String($0.prefix { $0 != "," }) }
        try Data((lines.dropLast(4).joined(separator: "\n") + "\n").utf8).write(to: tagsURL)
        try Data("not an image".utf8).write(to: data.appendingPathComponent("broken.png"))

        let classifier = root.appendingPathComponent("clf.safetensors")
        let metrics = root.appendingPathComponent("progress.jsonl")
        let trained = try CLIProcess.run(
            ["classifier", "train", "--data", data.path, "--out", classifier.path, "--epochs", "2", "--batch", "8",
             "--size", "16", "--threads", "1", "--metrics", metrics.path], timeout: 300)
        #expect(trained.status == 0, "\(trained)")
        let progress = try String(contentsOf: metrics, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Progress.self, from: Data($0.utf8)) }
        #expect(progress.last?.epoch == 2 && progress.last?.epochs == 2)
        #expect(progress.last.map { $0.step == $0.total_steps } == true)
        #expect(progress.filter { $0.held_out_accuracy != nil }.count == 2)
        #expect(progress.allSatisfy { $0.loss.isFinite })

        let out = root.appendingPathComponent("suggestions.json")
        let suggested = try CLIProcess.run(
            ["classifier", "suggest", "--classifier", classifier.path, "--data", data.path, "--out", out.path, "--threads", "1"],
            timeout: 120)
        #expect(suggested.status == 0, "\(suggested)")
        let file = try TagSuggestions(contentsOf: out)
        #expect(file.faces.map(\.file) == removed.sorted())
        #expect(file.faces.allSatisfy { $0.status == .untagged && $0.currentTags == nil })
        #expect(file.skipped.map(\.file) == ["broken.png"])
        let vocabulary = TagVocabulary.syntheticAvatars
        for face in file.faces {
            // Every suggestion reads back under the data set's vocabulary, one value per group.
            #expect((try? vocabulary.labels(parsing: face.suggestion.tags)) != nil, "\(face.suggestion.tags)")
            #expect(face.suggestion.groups.count == vocabulary.groups.count)
            #expect(face.suggestion.confidence > 0 && face.suggestion.confidence <= 1)
        }
        #expect(suggested.standardOutput.contains("4 faces without usable tags (4 without a line in tags.csv"), "\(suggested)")
        #expect(suggested.standardOutput.contains("skipped 1 images that do not decode:\n  broken.png:"), "\(suggested)")
        #expect(suggested.standardOutput.contains("wrote \(out.path)"), "\(suggested)")

        // --all: every face that decodes, with its tags now.
        let all = try CLIProcess.run(
            ["classifier", "suggest", "--classifier", classifier.path, "--data", data.path, "--out", out.path, "--all",
             "--show", "0", "--threads", "1"], timeout: 120)
        #expect(all.status == 0, "\(all)")
        let everything = try TagSuggestions(contentsOf: out)
        #expect(everything.faces.count == 40)
        #expect(everything.faces.filter { $0.status == .tagged }.allSatisfy { $0.currentTags != nil })
        #expect(all.standardOutput.contains("tagged faces have other tags than the classifier suggests"), "\(all)")

        // A data set of other tags: a clear refusal, and nothing written.
        let other = root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        var otherLines = ""
        for (index, name) in try FileManager.default.contentsOfDirectory(atPath: data.path).filter({ $0.hasSuffix(".png") && $0 != "broken.png" }).sorted().prefix(10).enumerated() {
            try FileManager.default.copyItem(at: data.appendingPathComponent(name), to: other.appendingPathComponent(name))
            otherLines += "\(name),\(index % 2 == 0 ? "cat" : "dog")\n"
        }
        try Data(otherLines.utf8).write(to: other.appendingPathComponent("tags.csv"))
        let refusedOut = root.appendingPathComponent("refused.json")
        let refused = try CLIProcess.run(
            ["classifier", "suggest", "--classifier", classifier.path, "--data", other.path, "--out", refusedOut.path], timeout: 60)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.errorLines.count == 1, "\(refused)")
        #expect(refused.errorLines.first?.contains("the classifier predicts hair color (") == true, "\(refused)")
        #expect(refused.errorLines.first?.contains("\(other.path) has class (cat, dog) and no on/off tags") == true, "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: refusedOut.path))
    }
}
