import AnimeData
import Foundation
import Imaging
import Testing

/// Layout 1 with a good JPEG, a good PNG, a non-square JPEG, gray eyes, an unknown tag, a
/// corrupt image, lines without an image and an image without a line. The 14 lines of images
/// 10-23 (missing) make the unknown tag one line in 20, so the built-in hair/eye colours
/// still label 95% of the lines.
let layoutOneMissingImages = (10..<24).map { "images/\($0)" }

func makeLayoutOne() throws -> URL {
    let root = try DatasetFixtures.folder()
    try DatasetFixtures.write(DatasetFixtures.solid(200, 40, 40), root, "images/0.jpg")
    try DatasetFixtures.write(DatasetFixtures.solid(40, 40, 200), root, "images/1.png")
    // 12x8: the centre crop keeps columns 2..<10, which are green; the edges are red.
    var wide = DatasetFixtures.solid(255, 0, 0, width: 12, height: 8)
    for y in 0..<8 { for x in 2..<10 { wide[x, y] = RGBColor(red: 0, green: 255, blue: 0) } }
    try DatasetFixtures.write(wide, root, "images/2.png")
    try DatasetFixtures.write(text: "not an image", root, "images/3.jpg")
    try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), root, "images/5.png")
    try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), root, "images/6.png")
    try DatasetFixtures.write(text: """
        0,aqua hair aqua eyes
        1,blonde hair gray eyes
        2,aqua hair red eyes
        3,red hair blue eyes
        4,blue hair blue eyes
        5,wings hair blue eyes

        """ + (10..<24).map { "\($0),black hair black eyes\n" }.joined(), root, "tags.csv")
    return root
}

@Test func layoutOneBuildsHairAndEyeVocabularyFromTheData() throws {
    let root = try makeLayoutOne()
    defer { try? FileManager.default.removeItem(at: root) }
    let dataset = try AnimeDataset.load(from: root, imageSize: 4)
    #expect(dataset.layout == .imagesWithTags)
    #expect(dataset.fileNames == ["images/0.jpg", "images/1.png", "images/2.png"])
    let hair = dataset.vocabulary.groups[0]
    let eyes = dataset.vocabulary.groups[1]
    #expect(hair.values.count == 12 && hair.values[0] == "aqua hair")
    #expect(eyes.values.count == 11 && eyes.values[10] == "gray eyes")
    // Priors are the frequencies of the three kept images: aqua hair 2/3, blonde 1/3.
    #expect(abs(hair.priors[0] - 2.0 / 3) < 1e-12 && abs(hair.priors[2] - 1.0 / 3) < 1e-12)
    #expect(dataset.labels[1] == TagLabels(groupIndices: [2, 10], binaryTags: []))
    #expect(dataset.labels[2] == TagLabels(groupIndices: [0, 8], binaryTags: []))

    // Pixels: the flat JPEG survives within a few levels; the crop removed the red edges.
    #expect(dataset.imageSize == 4 && dataset.image(at: 0).width == 4)
    let jpegPixel = dataset.image(at: 0)[1, 1]
    #expect(abs(Int(jpegPixel.red) - 200) <= 3 && abs(Int(jpegPixel.green) - 40) <= 3)
    #expect(dataset.image(at: 2) == RGBImage(width: 4, height: 4, fill: RGBColor(red: 0, green: 255, blue: 0)))

    let report = dataset.report
    #expect(report.imageCount == 3)
    #expect(report.originalSizes == ["8x8": 2, "12x8": 1])
    #expect(report.rejectedImages.map(\.file) == ["images/3.jpg"])
    #expect(report.rejectedImages[0].reason.contains("not a PNG or JPEG"))
    #expect(Set(report.rejectedLines.map(\.file)) == Set(["images/4", "images/5.png", "images/6.png"] + layoutOneMissingImages))
    #expect(report.vocabularyChoice == VocabularyChoice(source: .builtIn, name: "the anime faces' hair and eye colours",
                                                        reason: "it labels 19 of 20 lines (95.0%)"))
    #expect(report.rejectedLines.first { $0.file == "images/5.png" }?.reason.contains("unknown tag \"wings\"") == true)
}

@Test func cacheIsReusedAndRebuiltWhenTheDataChanges() throws {
    let root = try makeLayoutOne()
    defer { try? FileManager.default.removeItem(at: root) }
    let first = try AnimeDataset.load(from: root, imageSize: 4)
    #expect(!first.report.loadedFromCache)
    #expect(first.report.cacheFile == root.appendingPathComponent(".acgan-cache/pixels-4px.acgancache").path)
    let second = try AnimeDataset.load(from: root, imageSize: 4)
    #expect(second.report.loadedFromCache)
    #expect(second.report == LoadReport(layout: first.report.layout, imageCount: 3,
                                        rejectedImages: first.report.rejectedImages,
                                        rejectedLines: first.report.rejectedLines,
                                        originalSizes: first.report.originalSizes,
                                        cacheFile: first.report.cacheFile, loadedFromCache: true,
                                        vocabularyChoice: first.report.vocabularyChoice))
    for index in 0..<3 { #expect(second.image(at: index) == first.image(at: index)) }

    // Another size is another cache; a changed image rebuilds.
    #expect(try !AnimeDataset.load(from: root, imageSize: 2).report.loadedFromCache)
    try DatasetFixtures.write(DatasetFixtures.solid(1, 2, 3, width: 6, height: 6), root, "images/1.png")
    let third = try AnimeDataset.load(from: root, imageSize: 4)
    #expect(!third.report.loadedFromCache)
    #expect(third.image(at: 1)[0, 0] == RGBColor(red: 1, green: 2, blue: 3))

    // A cache folder given by the caller; a garbled cache file is rebuilt, not trusted.
    let elsewhere = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: elsewhere) }
    _ = try AnimeDataset.load(from: root, imageSize: 4, cacheDirectory: elsewhere)
    let cacheFile = elsewhere.appendingPathComponent("pixels-4px.acgancache")
    try Data("ACGANDC1 but then garbage".utf8).write(to: cacheFile)
    let fourth = try AnimeDataset.load(from: root, imageSize: 4, cacheDirectory: elsewhere)
    #expect(!fourth.report.loadedFromCache && fourth.image(at: 1) == third.image(at: 1))
}

@Test func unwritableCacheFolderStillLoads() throws {
    let root = try makeLayoutOne()
    defer { try? FileManager.default.removeItem(at: root) }
    // A regular file where the cache folder should be: the cache cannot be created.
    let blocker = root.appendingPathComponent("blocker")
    try Data().write(to: blocker)
    let cacheFolder = blocker.appendingPathComponent("cache")
    let dataset = try AnimeDataset.load(from: root, imageSize: 4, cacheDirectory: cacheFolder)
    #expect(dataset.count == 3 && dataset.report.cacheFile == nil)
    #expect(dataset.image(at: 2)[0, 0] == RGBColor(red: 0, green: 255, blue: 0))
    // The report says once, on one line, which cache could not be written and why.
    let warning = try #require(dataset.report.cacheWarning)
    #expect(warning.contains(cacheFolder.appendingPathComponent("pixels-4px.acgancache").path))
    #expect(warning.contains("\(blocker.path) is a file, not a folder"), "\(warning)")
    #expect(!warning.contains("\n"))
    #expect(DatasetInspection(dataset: dataset).description.split(separator: "\n").filter { $0.contains(warning) }.count == 1)
    // A cache that can be written brings no warning, neither when written nor when read.
    #expect(try AnimeDataset.load(from: root, imageSize: 4).report.cacheWarning == nil)
    #expect(try AnimeDataset.load(from: root, imageSize: 4).report.cacheWarning == nil)
}

/// Tests often run as root, for whom a read-only folder is writable all the same.
private let permissionsApply = geteuid() != 0

@Test(.enabled(if: permissionsApply, "root writes into read-only folders"))
func readOnlyCacheFolderIsReportedWithTheSystemsReason() throws {
    let root = try makeLayoutOne()
    let cacheFolder = try DatasetFixtures.folder()
    defer {
        chmod(cacheFolder.path, 0o755)
        try? FileManager.default.removeItem(at: cacheFolder)
        try? FileManager.default.removeItem(at: root)
    }
    #expect(chmod(cacheFolder.path, 0o555) == 0)
    let dataset = try AnimeDataset.load(from: root, imageSize: 4, cacheDirectory: cacheFolder)
    #expect(dataset.count == 3 && dataset.report.cacheFile == nil)
    let warning = try #require(dataset.report.cacheWarning)
    #expect(warning.contains(cacheFolder.path) && warning.contains("Permission denied"))
    // Nothing half written is left in the folder.
    #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).isEmpty)
}

@Test func layoutTwoKeepsImagesWithExactlyOneValuePerGroup() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    for id in 0..<4 { try DatasetFixtures.write(DatasetFixtures.solid(UInt8(10 * id), 0, 0, width: 12, height: 12), root, "faces/\(id).jpg") }
    try DatasetFixtures.write(text: """
        0,long hair:10\tblue hair:5\tred eyes:3\t
        1,blue hair:1\tred hair:1\tred eyes:2\t
        2,smile:1\tred eyes:4\t
        3,Blonde Hair:7\tblue eyes:2\tblush:1\t

        """, root, "tags_clean.csv")
    let dataset = try AnimeDataset.load(from: root, imageSize: 6)
    #expect(dataset.layout == .facesWithTagsClean)
    #expect(dataset.vocabulary.groups.map(\.values) == TagVocabulary.animeFaces.groups.map(\.values))
    #expect(dataset.fileNames == ["faces/0.jpg", "faces/3.jpg"])
    #expect(dataset.labels == [TagLabels(groupIndices: [3, 8], binaryTags: []), TagLabels(groupIndices: [2, 2], binaryTags: [])])
    #expect(dataset.report.rejectedLines.map(\.file) == ["faces/1.jpg", "faces/2.jpg"])
    #expect(dataset.report.rejectedLines[0].reason.contains("2 values of hair color"))
    #expect(dataset.report.rejectedLines[1].reason.contains("no hair color"))

    // With the synthetic vocabulary, binary tags come from the listed tags.
    let vocabulary = TagVocabulary(groups: [TagVocabulary.syntheticAvatars.groups[0]],
                                   binaryTags: TagVocabulary.syntheticAvatars.binaryTags)
    let withTags = try AnimeDataset.load(from: root, imageSize: 6, vocabulary: vocabulary)
    #expect(withTags.fileNames == ["faces/0.jpg", "faces/3.jpg"])
    #expect(withTags.labels[1] == TagLabels(groupIndices: [0], binaryTags: [true, false, false, false, false, false]))
    #expect(withTags.vocabulary == vocabulary)
}

@Test func layoutThreeUsesTheSyntheticVocabularyWhenTheTagsFit() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    try DatasetFixtures.write(DatasetFixtures.solid(1, 1, 1), root, "000000.png")
    try DatasetFixtures.write(DatasetFixtures.solid(2, 2, 2), root, "000001.png")
    try DatasetFixtures.write(DatasetFixtures.solid(3, 3, 3), root, "000002.png")
    // Lines for 18 missing images make the unknown tag one line in 20 (the synthetic
    // vocabulary must label 95% of the lines).
    try DatasetFixtures.write(text: """
        000000.png,blonde hair twin tail blue eyes blush smile glasses
        000001.png,grey hair drill hair orange eyes open mouth
        000002.png,blonde hair twin tail blue eyes wings

        """ + (3..<20).map { "missing\($0).png,black hair long hair red eyes\n" }.joined(), root, "tags.csv")
    let dataset = try AnimeDataset.load(from: root, imageSize: 8)
    #expect(dataset.layout == .taggedFolder)
    #expect(dataset.vocabulary == .syntheticAvatars)
    #expect(dataset.labels == [
        TagLabels(groupIndices: [0, 2, 0], binaryTags: [true, true, false, false, false, true]),
        TagLabels(groupIndices: [12, 4, 9], binaryTags: [false, false, true, false, false, false]),
    ])
    #expect(dataset.image(at: 1) == DatasetFixtures.solid(2, 2, 2))
    #expect(dataset.report.rejectedLines.map(\.file) == ["000002.png"] + (3..<20).map { "missing\($0).png" })
    #expect(dataset.report.vocabularyChoice?.reason == "it labels 19 of 20 lines (95.0%)")
}

@Test func layoutFourMakesOneClassPerFolder() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    try DatasetFixtures.write(DatasetFixtures.solid(1, 1, 1), root, "dogs/a.png")
    try DatasetFixtures.write(DatasetFixtures.solid(2, 2, 2), root, "cats/b.png")
    try DatasetFixtures.write(DatasetFixtures.solid(3, 3, 3), root, "cats/c.jpg")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
    let dataset = try AnimeDataset.load(from: root, imageSize: 8)
    #expect(dataset.layout == .classFolders)
    #expect(dataset.vocabulary.groups == [TagVocabulary.Group(name: "class", values: ["cats", "dogs"], priors: [2, 1])])
    #expect(dataset.fileNames == ["cats/b.png", "cats/c.jpg", "dogs/a.png"])
    #expect(dataset.labels.map(\.groupIndices) == [[0], [0], [1]])
}

@Test func emptyOrUnknownDataIsAClearError() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(throws: AnimeDataError.unknownLayout(path: root.path)) { try AnimeDataset.load(from: root) }
    let missing = root.appendingPathComponent("nowhere")
    #expect(throws: AnimeDataError.unreadableDirectory(path: missing.path, reason: "no such folder")) {
        try AnimeDataset.load(from: missing)
    }
    // Every image broken: empty, with the reasons.
    try DatasetFixtures.write(text: "", root, "images/0.png")
    try DatasetFixtures.write(text: "0,blue hair red eyes\n", root, "tags.csv")
    do {
        _ = try AnimeDataset.load(from: root)
        Issue.record("an empty data set loaded")
    } catch let error as AnimeDataError {
        guard case let .emptyDataset(path, layout, reasons) = error else { Issue.record("\(error)"); return }
        #expect(path == root.path && layout == .imagesWithTags)
        #expect(reasons.count == 1 && reasons[0].contains("images/0.png") && reasons[0].contains("empty"))
    }
    #expect(throws: AnimeDataError.invalidImageSize(0)) { try AnimeDataset.load(from: root, imageSize: 0) }
}

@Test func aTagsFileWithWindowsLineEndsReadsLineByLine() throws {
    // "\r\n" is one Character in Swift: splitting on the Character "\n" read such a file as one line.
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    for name in ["a.png", "b.png", "c.png"] { try DatasetFixtures.write(DatasetFixtures.solid(1, 2, 3), root, name) }
    let vocabulary = TagVocabulary(groups: [.init(name: "class", values: ["cat", "dog"])])
    try DatasetFixtures.write(text: "a.png,cat\r\nb.png,dog\r\n", root, "tags.csv")
    let dataset = try AnimeDataset.load(from: root, imageSize: 4, vocabulary: vocabulary,
                                        cacheDirectory: root.appendingPathComponent(".cache"))
    #expect(dataset.fileNames == ["a.png", "b.png"])
    #expect(dataset.labels.map(\.groupIndices) == [[0], [1]])
    #expect(dataset.report.rejectedLines == [LoadReport.Rejection(file: "c.png", reason: "no line in tags.csv")])
}
