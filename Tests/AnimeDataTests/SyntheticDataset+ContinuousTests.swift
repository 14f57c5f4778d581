import AnimeData
import Foundation
import Imaging
import Testing

@Test func continuousSyntheticSetsWriteTheHiddenFactorsAndReadBackWithMirrorMarks() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-continuous-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let plain = root.appendingPathComponent("plain"), continuous = root.appendingPathComponent("continuous")
    try SyntheticDataset.write(to: plain, count: 10, seed: 5, size: 32, threads: 2)
    try SyntheticDataset.write(to: continuous, count: 10, seed: 5, size: 32, continuous: true, threads: 2)
    let plainLines = try String(contentsOf: plain.appendingPathComponent("tags.csv"), encoding: .utf8).split(separator: "\n")
    let lines = try String(contentsOf: continuous.appendingPathComponent("tags.csv"), encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 10)
    for index in 0..<10 {
        let name = SyntheticDataset.fileName(index: index, count: 10)
        // The same pictures; the line is the plain one plus the factors, rounded to 4 decimals.
        #expect(try Data(contentsOf: plain.appendingPathComponent(name)) == Data(contentsOf: continuous.appendingPathComponent(name)))
        let nuisance = SyntheticDataset.item(index: index, seed: 5, balanced: false).nuisance
        #expect(lines[index] == plainLines[index] + " " + SyntheticDataset.continuousText(of: nuisance))
    }
    let nuisance = SyntheticDataset.item(index: 0, seed: 5, balanced: false).nuisance
    let words = SyntheticDataset.continuousText(of: nuisance).split(separator: " ").map(String.init)
    #expect(words.map { $0.split(separator: "=")[0] } == ["face_size", "tilt", "offset_x", "skin_tone", "background_hue", "line_width"])
    let values = SyntheticDataset.continuousValues(of: nuisance)
    for (word, value) in zip(words, values) {
        #expect(abs(Double(word.split(separator: "=")[1])! - value) <= 0.00005 + 1e-12)
    }
    #expect(values[0] == nuisance.faceScale && values[1] == nuisance.tilt && values[2] == nuisance.offsetX)

    let dataset = try AnimeDataset.load(from: continuous, imageSize: 32, cacheDirectory: root.appendingPathComponent("cache"))
    let vocabulary = dataset.vocabulary
    #expect(vocabulary.withoutContinuous == .syntheticAvatars)
    #expect(vocabulary.continuous.map(\.name) == ["face_size", "tilt", "offset_x", "skin_tone", "background_hue", "line_width"])
    #expect(vocabulary.continuous.map(\.mirror) == [.keep, .negate, .negate, .keep, .keep, .keep])
    #expect(vocabulary.continuous[1].minimum == -vocabulary.continuous[1].maximum)
    #expect(dataset.report.vocabularyChoice!.reason.contains("mirror behaviour of the synthetic avatars' hidden factors"))
    for (index, labels) in dataset.labels.enumerated() {
        let item = SyntheticDataset.item(index: Int(dataset.fileNames[index].prefix(6))!, seed: 5, balanced: false)
        #expect(labels.groupIndices == item.labels.groupIndices && labels.binaryTags == item.labels.binaryTags)
        let rounded = SyntheticDataset.continuousValues(of: item.nuisance).map { ($0 * 10_000).rounded() / 10_000 }
        #expect(labels.continuous == rounded)
    }
    // The observed ranges hold the values the renderer draws from.
    let faceSizes = dataset.labels.map { $0.continuous[0] }
    #expect(vocabulary.continuous[0].minimum == faceSizes.min() && vocabulary.continuous[0].maximum == faceSizes.max())
    #expect(faceSizes.allSatisfy { (0.94...1.1).contains($0) })
}
