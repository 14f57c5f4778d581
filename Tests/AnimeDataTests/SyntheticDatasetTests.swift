import AnimeData
import Foundation
import Imaging
import Testing

private func temporaryDirectory(_ name: String) -> URL {
    FileManager.default.temporaryDirectory
        .appendingPathComponent("synthetic-\(name)-\(UUID().uuidString)", isDirectory: true)
}

private func contents(of directory: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
        files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
    }
    return files
}

@Test func writtenDataSetRoundTripsThroughTagsCSV() throws {
    let directory = temporaryDirectory("roundtrip")
    defer { try? FileManager.default.removeItem(at: directory) }
    try SyntheticDataset.write(to: directory, count: 12, seed: 9, size: 32, threads: 2)
    let csv = try String(contentsOf: directory.appendingPathComponent("tags.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 13 && lines.last == "")  // 12 lines, each ending in a newline
    let vocabulary = TagVocabulary.syntheticAvatars
    for (index, line) in lines.dropLast().enumerated() {
        let parts = line.split(separator: ",", maxSplits: 1).map(String.init)
        #expect(parts.count == 2)
        #expect(parts[0] == String(format: "%06d.png", index))
        let image = try RGBImage(contentsOf: directory.appendingPathComponent(parts[0]))
        #expect(image.width == 32 && image.height == 32)
        // The tag text parses back to exactly the labels the item was drawn with.
        let item = SyntheticDataset.item(index: index, seed: 9, balanced: false)
        let parsed = try vocabulary.parse(parts[1])
        #expect(parsed.groupIndices == item.labels.groupIndices.map { Optional($0) })
        #expect(parsed.binaryTags.map { $0 ?? false } == item.labels.binaryTags)
        // And the file holds exactly the rendered avatar.
        let expected = try AvatarRenderer(size: 32).render(item.labels, nuisance: item.nuisance)
        #expect(image == expected)
    }
    #expect(SyntheticDataset.tagLine(index: 17, count: 100, labels: TagLabels(
        groupIndices: [0, 2, 0], binaryTags: [true, true, false, false, false, true]))
        == "000017.png,blonde hair twin tail blue eyes blush smile glasses")
}

@Test func sameSeedSameBytesWhateverTheThreadCount() throws {
    let one = temporaryDirectory("one"), two = temporaryDirectory("two"), other = temporaryDirectory("other")
    defer { for directory in [one, two, other] { try? FileManager.default.removeItem(at: directory) } }
    try SyntheticDataset.write(to: one, count: 10, seed: 123, size: 32, threads: 1)
    try SyntheticDataset.write(to: two, count: 10, seed: 123, size: 32, threads: 2)
    try SyntheticDataset.write(to: other, count: 10, seed: 124, size: 32, threads: 2)
    let first = try contents(of: one), second = try contents(of: two), third = try contents(of: other)
    #expect(first.count == 11)
    #expect(first == second)
    // A different seed changes every image (and, almost surely, the tags).
    for (name, data) in first where name.hasSuffix(".png") { #expect(third[name] != data, "\(name)") }
}

@Test func balancedDrawsGroupsUniformlyAndPriorsFollowTheVocabulary() {
    let vocabulary = SyntheticDataset.vocabulary
    let draws = 6500
    var balanced = [Int](repeating: 0, count: 13), priors = [Int](repeating: 0, count: 13)
    var glasses = 0, balancedHats = 0
    for index in 0..<draws {
        let balancedItem = SyntheticDataset.item(index: index, seed: 2, balanced: true)
        balanced[balancedItem.labels.groupIndices[0]] += 1
        if balancedItem.labels.binaryTags[3] { balancedHats += 1 }
        let item = SyntheticDataset.item(index: index, seed: 2, balanced: false)
        priors[item.labels.groupIndices[0]] += 1
        if item.labels.binaryTags[5] { glasses += 1 }
    }
    // Uniform: 500 each, standard deviation about 21; allow 5 of them.
    #expect(balanced.allSatisfy { abs($0 - 500) < 105 }, "\(balanced)")
    // Balanced binary tags are on half the time (hat's prior is 0.045).
    #expect(abs(Double(balancedHats) - 3250) < 5 * (0.25 * 6500).squareRoot(), "\(balancedHats) hats")
    // Priors: expected count p * 6500 with binomial spread.
    let hairPriors = vocabulary.groups[0].priors
    for (value, observed) in priors.enumerated() {
        let expected = hairPriors[value] * Double(draws)
        let spread = (expected * (1 - hairPriors[value])).squareRoot()
        #expect(abs(Double(observed) - expected) < 5 * spread + 2, "\(vocabulary.groups[0].values[value]): \(observed) vs \(expected)")
    }
    #expect(abs(Double(glasses) - 0.054 * Double(draws)) < 5 * (0.054 * 0.946 * Double(draws)).squareRoot())
}

@Test func fileNamesSortInIndexOrder() {
    #expect(SyntheticDataset.fileName(index: 7, count: 20) == "000007.png")
    #expect(SyntheticDataset.fileName(index: 7, count: 2_000_000) == "0000007.png")
    #expect(SyntheticDataset.fileName(index: 1_999_999, count: 2_000_000) == "1999999.png")
}

@Test func previewSheetHasTheGridSize() throws {
    let sheet = try SyntheticDataset.previewSheet(seed: 1, rows: 2, columns: 3, size: 16, upscale: 2, margin: 2)
    #expect(sheet.width == 3 * (32 + 2) + 2 && sheet.height == 2 * (32 + 2) + 2)
    // The cell of item 4 (row 1, column 1) is item 4 enlarged 2x.
    let item = SyntheticDataset.item(index: 4, seed: 1, balanced: true)
    let face = try AvatarRenderer(size: 16).render(item.labels, nuisance: item.nuisance)
    #expect(sheet[36 + 2 * 5 + 1, 36 + 2 * 9] == face[5, 9])
    #expect(sheet[0, 0] == RGBColor.white)
}

@Test func writingIntoAFileIsATypedError() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-file-\(UUID().uuidString)")
    try Data("x".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    #expect(throws: SyntheticAvatarError.self) { try SyntheticDataset.write(to: file, count: 2, seed: 1) }
    #expect(throws: SyntheticAvatarError.invalidCount(-1)) {
        try SyntheticDataset.write(to: file, count: -1, seed: 1)
    }
}

@Test func theLayoutThreeReaderLoadsTheDataSetBack() throws {
    let directory = temporaryDirectory("reader"), cache = temporaryDirectory("reader-cache")
    defer { for folder in [directory, cache] { try? FileManager.default.removeItem(at: folder) } }
    try SyntheticDataset.write(to: directory, count: 8, seed: 31, size: 32, balanced: true, threads: 2)
    let dataset = try AnimeDataset.load(from: directory, imageSize: 32, cacheDirectory: cache)
    #expect(dataset.layout == .taggedFolder)
    #expect(dataset.vocabulary == TagVocabulary.syntheticAvatars)
    #expect(dataset.count == 8)
    for position in 0..<dataset.count {
        let index = Int(dataset.fileNames[position].prefix(6))!
        let item = SyntheticDataset.item(index: index, seed: 31, balanced: true)
        #expect(dataset.labels[position] == item.labels)
        #expect(dataset.image(at: position) == (try AvatarRenderer(size: 32).render(item.labels, nuisance: item.nuisance)))
    }
}
