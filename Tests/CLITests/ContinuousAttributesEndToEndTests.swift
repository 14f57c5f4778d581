import AnimeData
import Foundation
import Imaging
import Testing

/// The real program on `acgan synth --continuous` faces: the vocabulary it reads has the six
/// hidden factors with their mirror marks, a tiny model trains with them (flips on, D's
/// regression loss in metrics.jsonl), and `acgan generate` takes a value and refuses one
/// outside the range, naming the range.
@Suite(.serialized) struct ContinuousAttributesEndToEndTests {
    @Test func synthTrainAndGenerateWithContinuousAttributes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-continuous-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data"), run = root.appendingPathComponent("run")
        let synth = try CLIProcess.run(["synth", "--out", data.path, "--count", "24", "--size", "32", "--balanced",
                                        "--continuous", "--threads", "1"], timeout: 120)
        #expect(synth.status == 0, "\(synth)")

        let printed = try CLIProcess.run(["vocabulary", "--data", data.path], timeout: 60)
        let vocabulary = try TagVocabulary(jsonData: Data(printed.standardOutput.utf8))
        #expect(vocabulary.continuous.map(\.name) == ["face_size", "tilt", "offset_x", "skin_tone", "background_hue", "line_width"])
        #expect(vocabulary.continuous.map(\.mirror) == [.keep, .negate, .negate, .keep, .keep, .keep])

        let trained = try CLIProcess.run(
            ["train", "--data", data.path, "--out", run.path, "--image-size", "32", "--g-blocks", "1", "--g-width", "8",
             "--d-width", "8", "--z-size", "16", "--batch", "8", "--iterations", "3", "--checkpoint-every", "3",
             "--sample-every", "3", "--log-every", "1", "--threads", "1"], timeout: 300)
        #expect(trained.status == 0 && !trained.killedBySignal, "\(trained)")
        // 13 + 5 + 10 one-hot entries, 6 tags, 6 continuous values.
        #expect(trained.standardError.contains("40 condition entries"), "\(trained)")
        #expect(!trained.standardError.contains("horizontal flips are off"), "\(trained)")
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        #expect(metrics.split(separator: "\n").count == 3 && metrics.split(separator: "\n").allSatisfy { $0.contains("\"d_regression_loss\"") })

        let generator = run.appendingPathComponent("generator.safetensors").path
        let listed = try CLIProcess.run(["generate", "--checkpoint", generator, "--list-tags"], timeout: 60)
        #expect(listed.standardOutput.contains("continuous attributes (name=value, within min...max): face_size="), "\(listed)")

        let faces = root.appendingPathComponent("faces")
        let size = vocabulary.continuous[0]
        let middle = ContinuousAttribute.format(((size.minimum + size.maximum) / 2 * 1000).rounded() / 1000)
        let generated = try CLIProcess.run(["generate", "--checkpoint", generator, "--tags", "red hair face_size=\(middle)",
                                            "--count", "2", "--separate", "--out", faces.path], timeout: 60)
        #expect(generated.status == 0, "\(generated)")
        let samples = try String(contentsOf: faces.appendingPathComponent("samples.json"), encoding: .utf8)
        #expect(samples.contains("face_size=\(middle) tilt="), "\(samples)")

        let refused = try CLIProcess.run(["generate", "--checkpoint", generator, "--tags", "face_size=5",
                                          "--out", root.appendingPathComponent("x.png").path], timeout: 60)
        #expect(refused.status == 1 && refused.errorLines.count == 1, "\(refused)")
        let range = "\(ContinuousAttribute.format(size.minimum)) ... \(ContinuousAttribute.format(size.maximum))"
        #expect(refused.errorLines.first?.contains("face_size=5 is outside its range \(range)") == true, "\(refused)")
    }
}
