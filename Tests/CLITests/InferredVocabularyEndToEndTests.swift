import AnimeData
import Foundation
import Imaging
import Testing

/// The real program on a data set whose tags no built-in vocabulary knows (`0,digit_6`, as a
/// new user with handwritten digits would write it): `acgan vocabulary` prints what it infers,
/// `--vocabulary` takes it back, a tiny model trains on it for a few iterations, and
/// `acgan generate --tags digit_3` draws from it.
@Suite(.serialized) struct InferredVocabularyEndToEndTests {
    /// 50 images of 32x32 (five per digit, grey level and a bar by digit), plus three bad
    /// lines: a missing image, a misspelt tag seen once (image 50), and no comma.
    static func makeDigits() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-digits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("images"), withIntermediateDirectories: true)
        var lines = ""
        for id in 0...50 {
            let digit = id % 10
            var image = RGBImage(width: 32, height: 32, fill: RGBColor(red: UInt8(20 * digit), green: 40, blue: UInt8(id)))
            for y in 0..<32 { image[3 * digit, y] = RGBColor(red: 255, green: 255, blue: 255) }
            try image.write(to: root.appendingPathComponent("images/\(id).png"))
            lines += id < 50 ? "\(id),digit_\(digit)\n" : "\(id),digti_3\n"
        }
        lines += "90,digit_3\nno comma here\n"
        try Data(lines.utf8).write(to: root.appendingPathComponent("tags.csv"))
        return root
    }

    static let digits = (0..<10).map { "digit_\($0)" }

    /// The "  digit_N: count" lines of `acgan inspect`.
    static func tagCounts(_ inspection: String) -> [String] {
        inspection.split(separator: "\n").filter { $0.hasPrefix("  digit_") }.map(String.init)
    }

    /// What samples.json says of one face.
    struct Sample: Decodable {
        var file: String
        var tags: String
        var condition: [Float]
    }

    @Test func vocabularyPrintsTheInferredJSONAndInspectTakesItBack() throws {
        let root = try Self.makeDigits()
        defer { try? FileManager.default.removeItem(at: root) }
        let printed = try CLIProcess.run(["vocabulary", "--data", root.path], timeout: 60)
        #expect(printed.status == 0 && !printed.killedBySignal, "\(printed)")
        let vocabulary = try TagVocabulary(jsonData: Data(printed.standardOutput.utf8))
        #expect(vocabulary.groups.map(\.name) == ["class"] && vocabulary.binaryTags.isEmpty)
        #expect(vocabulary.groups[0].values == Self.digits)
        #expect(vocabulary.groups[0].priors.allSatisfy { abs($0 - 0.1) < 1e-12 })
        #expect(printed.standardError.contains("vocabulary: inferred from tags.csv ("), "\(printed)")
        #expect(printed.standardError.contains("every line has one tag, so the 10 tags form one group \"class\""), "\(printed)")
        #expect(printed.standardError.contains("not learnt, seen on fewer than 5 lines (--min-tag-count): digti_3 (1)"), "\(printed)")
        #expect(printed.standardError.contains("50 labelled images; 3 files or lines skipped"), "\(printed)")
        // A lower minimum learns the misspelling as an eleventh class.
        let everything = try CLIProcess.run(["vocabulary", "--data", root.path, "--min-tag-count", "1"], timeout: 60)
        #expect(try TagVocabulary(jsonData: Data(everything.standardOutput.utf8)).groups[0].values.count == 11, "\(everything)")

        let file = root.appendingPathComponent("digits.json")
        try Data(printed.standardOutput.utf8).write(to: file)
        let inferred = try CLIProcess.run(["inspect", root.path, "--size", "8"], timeout: 60)
        let given = try CLIProcess.run(["inspect", root.path, "--size", "8", "--vocabulary", file.path], timeout: 60)
        #expect(inferred.status == 0 && given.status == 0, "\(inferred)\n\(given)")
        #expect(Self.tagCounts(inferred.standardOutput) == Self.digits.map { "  \($0): 5" }, "\(inferred.standardOutput)")
        #expect(Self.tagCounts(given.standardOutput) == Self.tagCounts(inferred.standardOutput))
        #expect(given.standardOutput.contains("vocabulary: the given vocabulary (used as is)"))
        #expect(inferred.standardOutput.contains("rejected: 3") && given.standardOutput.contains("rejected: 3"))
    }

    @Test func aTinyModelTrainsOnDigitsAndGeneratesDigitThree() throws {
        let root = try Self.makeDigits()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        let trained = try CLIProcess.run(
            ["train", "--data", root.path, "--out", run.path, "--image-size", "32", "--g-blocks", "1", "--g-width", "8",
             "--d-width", "8", "--z-size", "16", "--batch", "8", "--iterations", "3", "--checkpoint-every", "3",
             "--sample-every", "3", "--log-every", "1", "--threads", "1"], timeout: 300)
        #expect(trained.status == 0 && !trained.killedBySignal, "\(trained)")
        #expect(trained.standardError.contains("vocabulary: inferred from tags.csv"), "\(trained)")
        #expect(trained.standardError.contains("50 images (images/ + tags.csv), 10 condition entries"), "\(trained)")

        let checkpoint = run.appendingPathComponent("checkpoint.safetensors").path
        let listed = try CLIProcess.run(["generate", "--checkpoint", checkpoint, "--list-tags"], timeout: 60)
        #expect(listed.standardOutput == "class (one of): " + Self.digits.joined(separator: ", ") + "\n", "\(listed)")

        let faces = root.appendingPathComponent("faces")
        let generated = try CLIProcess.run(["generate", "--checkpoint", checkpoint, "--tags", "digit_3", "--count", "3",
                                            "--separate", "--out", faces.path], timeout: 60)
        #expect(generated.status == 0, "\(generated)")
        let described = try JSONDecoder().decode([Sample].self, from: Data(contentsOf: faces.appendingPathComponent("samples.json")))
        #expect(described.count == 3 && described.allSatisfy { $0.tags == "digit_3" })
        // The condition is the one-hot of digit_3 in the inferred vocabulary's order.
        #expect(described.allSatisfy { $0.condition == (0..<10).map { $0 == 3 ? 1 : 0 } })
        for entry in described {
            let image = try RGBImage(contentsOf: faces.appendingPathComponent(entry.file))
            #expect(image.width == 32 && image.height == 32)
        }

        // One face as a PNG (a 1x1 sheet with 2-pixel margins): the first face above, as the
        // seeds are the same.
        let png = root.appendingPathComponent("three.png")
        let single = try CLIProcess.run(["generate", "--checkpoint", checkpoint, "--tags", "digit_3", "--count", "1",
                                         "--out", png.path], timeout: 60)
        #expect(single.status == 0, "\(single)")
        let sheet = try RGBImage(contentsOf: png)
        let first = try RGBImage(contentsOf: faces.appendingPathComponent(described[0].file))
        #expect(sheet.width == 36 && sheet.height == 36)
        #expect((0..<32).allSatisfy { y in (0..<32).allSatisfy { x in sheet[x + 2, y + 2] == first[x, y] } })
        // The generator file written beside the checkpoint carries the vocabulary too.
        let fromGenerator = try CLIProcess.run(["generate", "--checkpoint", run.appendingPathComponent("generator.safetensors").path,
                                                "--tags", "digit_3", "--count", "1", "--out", png.path], timeout: 60)
        #expect(fromGenerator.status == 0 && fromGenerator.standardError.contains("wrote 1 faces (32x32"), "\(fromGenerator)")
        // A tag the data did not have is refused, naming it and the known ones.
        let unknown = try CLIProcess.run(["generate", "--checkpoint", checkpoint, "--tags", "digit_12", "--out", png.path], timeout: 60)
        #expect(unknown.status == 1 && unknown.errorLines.count == 1, "\(unknown)")
        #expect(unknown.errorLines.first?.contains("\"digit_12\"") == true && unknown.errorLines.first?.contains("digit_9") == true)

        // --resume reads the data with the run's own vocabulary: a --min-tag-count that would
        // now learn "digti_3" as an eleventh class cannot change the model's tags.
        let resumed = try CLIProcess.run(["train", "--data", root.path, "--out", run.path, "--resume", "--iterations", "4",
                                          "--min-tag-count", "1", "--threads", "1"], timeout: 300)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.standardError.contains("vocabulary: the run's own, from its checkpoint"), "\(resumed)")
        #expect(resumed.standardError.contains("50 images (images/ + tags.csv), 10 condition entries"), "\(resumed)")
    }
}
