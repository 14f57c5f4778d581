import AnimeData
import Foundation
import Imaging
import Testing

/// Every layout read with tags that no built-in vocabulary knows, good and bad lines mixed.

/// Layout 1 (`images/` + tags.csv) of handwritten-digit style tags: digits 0-2, two images
/// each, plus a line whose image is missing, a line with a rare misspelt tag (image 6), a
/// line without a comma and a line without tags (image 7).
private func makeDigits() throws -> URL {
    let root = try DatasetFixtures.folder()
    for id in 0..<8 { try DatasetFixtures.write(DatasetFixtures.solid(UInt8(30 * id), 0, 0), root, "images/\(id).png") }
    try DatasetFixtures.write(text: """
        0,digit_0
        1,digit_1
        2,digit_2
        3,digit_0
        4,digit_1
        5,digit_2
        9,digit_1
        6,digti_2
        no comma here
        7,

        """, root, "tags.csv")
    return root
}

@Test func layoutOneWithUnknownTagsInfersOneGroupOfDigits() throws {
    let root = try makeDigits()
    defer { try? FileManager.default.removeItem(at: root) }
    let dataset = try AnimeDataset.load(from: root, imageSize: 4, minimumTagCount: 2)
    #expect(dataset.layout == .imagesWithTags)
    // Observed priors over the six kept images.
    #expect(dataset.vocabulary == TagVocabulary(groups: [.init(name: "class", values: ["digit_0", "digit_1", "digit_2"])]))
    #expect(dataset.fileNames == (0..<6).map { "images/\($0).png" })
    #expect(dataset.labels.map(\.groupIndices) == [[0], [1], [2], [0], [1], [2]])
    #expect(dataset.image(at: 5) == DatasetFixtures.solid(150, 0, 0, width: 4, height: 4))

    let choice = try #require(dataset.report.vocabularyChoice)
    #expect(choice.source == .inferred && choice.name == "inferred from tags.csv")
    #expect(choice.reason.contains("no built-in vocabulary labels 95% of the lines"))
    #expect(choice.reason.contains("the anime faces' hair and eye colours") == false, "no line has the hair/eyes form")
    #expect(choice.reason.contains("the synthetic avatars' tags label 0 of 9 lines (0.0%)"))
    #expect(choice.reason.hasSuffix("every line has one tag, so the 3 tags form one group \"class\""))
    #expect(choice.rareTags == [.init(tag: "digti_2", count: 1)] && choice.minimumTagCount == 2)

    // Bad lines are listed, not fatal, each with its reason.
    let reasons = Dictionary(uniqueKeysWithValues: dataset.report.rejectedLines.map { ($0.file, $0.reason) })
    #expect(Set(reasons.keys) == ["images/9", "images/6.png", "tags.csv line 9", "images/7.png"])
    #expect(reasons["images/6.png"] == "tags.csv line 8: tag \"digti_2\" is on 1 line, fewer than --min-tag-count 2, so it is not learnt")
    #expect(reasons["images/7.png"]?.contains("names no class") == true)
    #expect(reasons["tags.csv line 9"]?.contains("no comma here") == true)
}

@Test func layoutThreeWithUnknownTagsInfersGroupsAndOnOffTags() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let tags = ["hair:blue smile", "hair:red", "hair:blue", "hair:red smile", "hair:blue smile wings", "smile"]
    for index in tags.indices { try DatasetFixtures.write(DatasetFixtures.solid(UInt8(index), 9, 9), root, "f\(index).png") }
    try DatasetFixtures.write(text: tags.indices.map { "f\($0).png,\(tags[$0])\n" }.joined(), root, "tags.csv")
    let dataset = try AnimeDataset.load(from: root, imageSize: 4, minimumTagCount: 2)
    #expect(dataset.layout == .taggedFolder)
    #expect(dataset.vocabulary == TagVocabulary(groups: [.init(name: "hair", values: ["hair:blue", "hair:red"], priors: [2, 2])],
                                                binaryTags: [.init(name: "smile", prior: 0.5)]))
    #expect(dataset.fileNames == ["f0.png", "f1.png", "f2.png", "f3.png"])
    #expect(dataset.labels == [TagLabels(groupIndices: [0], binaryTags: [true]), TagLabels(groupIndices: [1], binaryTags: [false]),
                               TagLabels(groupIndices: [0], binaryTags: [false]), TagLabels(groupIndices: [1], binaryTags: [true])])
    #expect(dataset.report.rejectedLines.map(\.file) == ["f4.png", "f5.png"])
    #expect(dataset.report.rejectedLines[0].reason.contains("tag \"wings\" is on 1 line"))
    #expect(dataset.report.rejectedLines[1].reason.contains("names no hair"))
    #expect(dataset.report.vocabularyChoice?.reason.hasSuffix("1 group from group:value tags (hair); 1 on/off tag") == true)
}

@Test func aBuiltInVocabularyNeedsNinetyFivePercentOfTheLines() throws {
    func load(good: Int, bad: Int) throws -> AnimeDataset {
        let root = try DatasetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        var lines = ""
        for id in 0..<(good + bad) {
            try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), root, "images/\(id).png")
            lines += id < good ? "\(id),blue hair red eyes\n" : "\(id),blue hair wings\n"
        }
        try DatasetFixtures.write(text: lines, root, "tags.csv")
        return try AnimeDataset.load(from: root, imageSize: 4)
    }
    let builtIn = try load(good: 19, bad: 1)
    #expect(builtIn.report.vocabularyChoice == VocabularyChoice(
        source: .builtIn, name: "the anime faces' hair and eye colours", reason: "it labels 19 of 20 lines (95.0%)"))
    #expect(builtIn.count == 19 && builtIn.vocabulary.groups.map(\.name) == ["hair color", "eye color"])

    // 18 of 20: the words become tags. "blue" and "hair" are on every line, "red" and
    // "eyes" on 18, "wings" on 2 (too rare).
    let inferred = try load(good: 18, bad: 2)
    let choice = try #require(inferred.report.vocabularyChoice)
    #expect(choice.source == .inferred)
    #expect(choice.reason.contains("the anime faces' hair and eye colours label 18 of 20 lines (90.0%)"), "\(choice.reason)")
    #expect(inferred.vocabulary.binaryTags.map(\.name) == ["blue", "eyes", "hair", "red"])
    #expect(inferred.count == 18 && choice.rareTags == [.init(tag: "wings", count: 2)])
}

@Test func noTagFrequentEnoughIsAClearError() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    for id in 0..<3 { try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), root, "images/\(id).png") }
    try DatasetFixtures.write(text: "0,cat\n1,cat\n2,dog\n", root, "tags.csv")
    let tagsPath = root.appendingPathComponent("tags.csv").path
    #expect(throws: AnimeDataError.noTagsToLearn(path: tagsPath, minimumTagCount: 5, mostFrequent: .init(tag: "cat", count: 2))) {
        try AnimeDataset.load(from: root, imageSize: 4)
    }
    #expect(AnimeDataError.noTagsToLearn(path: tagsPath, minimumTagCount: 5, mostFrequent: .init(tag: "cat", count: 2)).description
        == "\(tagsPath): no tag is on at least 5 lines (the most frequent, \"cat\", is on 2), so no vocabulary can be inferred; "
        + "lower --min-tag-count or pass --vocabulary FILE")
    #expect(throws: AnimeDataError.invalidMinimumTagCount(0)) { try AnimeDataset.load(from: root, imageSize: 4, minimumTagCount: 0) }
    #expect(try AnimeDataset.load(from: root, imageSize: 4, minimumTagCount: 1).vocabulary.groups[0].values == ["cat", "dog"])
}

@Test func valuesWithoutTagsAreAClearError() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    for id in 0..<6 { try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), root, "images/\(id).png") }
    try DatasetFixtures.write(text: (0..<6).map { "\($0),size=0.\($0)" }.joined(separator: "\n") + "\n", root, "tags.csv")
    let tagsPath = root.appendingPathComponent("tags.csv").path
    #expect(throws: AnimeDataError.noTagsToLearn(path: tagsPath, minimumTagCount: 5, mostFrequent: nil)) {
        try AnimeDataset.load(from: root, imageSize: 4)
    }
    #expect(AnimeDataError.noTagsToLearn(path: tagsPath, minimumTagCount: 5, mostFrequent: nil).description
        == "\(tagsPath): the lines have no tags, so no vocabulary can be inferred; every image needs at least one tag "
        + "beside any name=value attributes (ACGAN's discriminator classifies the tags)")
}

@Test func layoutTwoKnowsOnlyTheGivenVocabularyForUnknownTags() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    for id in 0..<3 { try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9, width: 12, height: 12), root, "faces/\(id).jpg") }
    try DatasetFixtures.write(text: "0,digit_3:1\t\n1,digit_5:2\tsmudge:1\t\n2,digit_3:1\tdigit_5:1\t\n", root, "tags_clean.csv")
    // tags_clean.csv stays as it is: the built-in hair/eye colours, so no line has a value.
    do {
        _ = try AnimeDataset.load(from: root, imageSize: 4)
        Issue.record("digits loaded with the hair/eye vocabulary")
    } catch let AnimeDataError.emptyDataset(_, layout, reasons) {
        #expect(layout == .facesWithTagsClean && reasons.allSatisfy { $0.contains("no hair color tag") })
    }
    let digits = TagVocabulary(groups: [.init(name: "digit", values: ["digit_3", "digit_5"])])
    let dataset = try AnimeDataset.load(from: root, imageSize: 4, vocabulary: digits)
    #expect(dataset.labels.map(\.groupIndices) == [[0], [1]])
    #expect(dataset.report.rejectedLines.map(\.file) == ["faces/2.jpg"])
    #expect(dataset.report.vocabularyChoice?.source == .given)
}

@Test func layoutFourTakesAnyFolderNamesAsClasses() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    for digit in [10, 2, 1] { try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), root, "digit_\(digit)/a.png") }
    let dataset = try AnimeDataset.load(from: root, imageSize: 4)
    #expect(dataset.vocabulary.groups[0].values == ["digit_1", "digit_10", "digit_2"])
    #expect(dataset.report.vocabularyChoice == VocabularyChoice(
        source: .inferred, name: "one group \"class\" of the folder names", reason: "3 folders hold images"))
}

@Test func theVocabularyOfAFolderRoundTripsThroughJSON() throws {
    let root = try makeDigits()
    defer { try? FileManager.default.removeItem(at: root) }
    let found = try DatasetVocabulary.read(directory: root, minimumTagCount: 2)
    #expect(found.layout == .imagesWithTags && found.labelledCount == 6 && found.rejectedLines.count == 4)
    #expect(found.choice.source == .inferred)
    let inferred = try AnimeDataset.load(from: root, imageSize: 4, minimumTagCount: 2)
    #expect(found.vocabulary == inferred.vocabulary)

    let json = try found.vocabulary.jsonData()
    let given = try AnimeDataset.load(from: root, imageSize: 4, vocabulary: TagVocabulary(jsonData: json))
    #expect(given.vocabulary == inferred.vocabulary && given.labels == inferred.labels && given.fileNames == inferred.fileNames)
    #expect(given.report.rejectedLines.map(\.file) == inferred.report.rejectedLines.map(\.file))
    #expect(given.report.vocabularyChoice?.source == .given)
    // An edited file is used as written: priors, and values left out reject their lines.
    var edited = found.vocabulary
    edited.groups[0] = .init(name: "digit", values: ["digit_0", "digit_2"], priors: [0.9, 0.1])
    let narrowed = try AnimeDataset.load(from: root, imageSize: 4, vocabulary: edited)
    #expect(narrowed.vocabulary == edited && narrowed.labels.map(\.groupIndices) == [[0], [1], [0], [1]])
}
