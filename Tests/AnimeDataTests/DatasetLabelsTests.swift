import Foundation
import Imaging
import Testing
import AnimeData

/// Images without usable tags are listed (not silently dropped), and the labels offered for
/// them are checked against the data set's vocabulary with messages that name the fault.
@Suite struct DatasetLabelsTests {
    /// Hair and eye colours of the anime faces' form: the built-in vocabulary reads them.
    static let lines = ["0,blue hair red eyes", "1,blonde hair green eyes", "2,blue hair blue eyes",
                        "3,wings hair red eyes", "4,pink hair"]

    /// images/0...7.png; tags.csv has lines for 0-4 (3 has an unknown colour, 4 no eye colour),
    /// none for 5, 6, 7.
    static func hairEyesFolder() throws -> URL {
        let folder = try DatasetFixtures.folder()
        for index in 0..<8 {
            try DatasetFixtures.write(DatasetFixtures.solid(UInt8(index * 30), 80, 120), folder, "images/\(index).png")
        }
        let text = (lines + (0..<60).map { "x\($0),blue hair red eyes" }).joined(separator: "\n") + "\n"
        try DatasetFixtures.write(text: text, folder, "tags.csv")
        return folder
    }

    @Test func untaggedAndUnreadableImagesAreListedApart() throws {
        let folder = try Self.hairEyesFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labels = try DatasetLabels.read(directory: folder)
        #expect(labels.layout == .imagesWithTags && labels.hasTagsCSV)
        #expect(labels.labelled.map(\.file) == ["images/0.png", "images/1.png", "images/2.png"])
        #expect(labels.unlabelled.map(\.file) == ["images/3.png", "images/4.png", "images/5.png", "images/6.png", "images/7.png"])
        let byFile = Dictionary(uniqueKeysWithValues: labels.unlabelled.map { ($0.file, $0) })
        #expect(byFile["images/5.png"] == UnlabelledImage(file: "images/5.png", reason: "no line in tags.csv"))
        #expect(byFile["images/5.png"]?.isUntagged == true)
        #expect(byFile["images/3.png"]?.lineText == "wings hair red eyes")
        #expect(byFile["images/3.png"]?.reason.hasPrefix("tags.csv line 4: unknown tag \"wings\"") == true)
        #expect(byFile["images/4.png"]?.reason.contains("names no eye color") == true)
        #expect(labels.imageFiles == Set((0..<8).map { "images/\($0).png" }))
        // Loading reports the same files among its rejections, as before.
        let dataset = try AnimeDataset.load(from: folder, imageSize: 8, cacheDirectory: folder.appendingPathComponent(".cache"))
        #expect(dataset.count == 3)
        #expect(Set(labels.unlabelled.map(\.file)).isSubset(of: Set(dataset.report.rejectedLines.map(\.file))))
    }

    @Test func aBadLineFollowedByAGoodOneLabelsTheImage() throws {
        let folder = try DatasetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["a.png", "b.png"] { try DatasetFixtures.write(DatasetFixtures.solid(1, 2, 3), folder, name) }
        let vocabulary = TagVocabulary(groups: [.init(name: "class", values: ["cat", "dog"])])
        try DatasetFixtures.write(text: "a.png,bird\na.png,cat\nb.png,bird\nb.png,fish\n", folder, "tags.csv")
        let labels = try DatasetLabels.read(directory: folder, vocabulary: vocabulary)
        #expect(labels.labelled.map(\.file) == ["a.png"])
        #expect(labels.unlabelled.map(\.file) == ["b.png"])
        #expect(labels.unlabelled.first?.lineText == "bird")
    }

    @Test func otherLayoutsHaveNoUnlabelledImagesAndRefuseChanges() throws {
        let folder = try DatasetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try DatasetFixtures.write(DatasetFixtures.solid(1, 2, 3), folder, "cat/1.png")
        try DatasetFixtures.write(DatasetFixtures.solid(3, 2, 1), folder, "dog/1.png")
        let labels = try DatasetLabels.read(directory: folder)
        #expect(labels.layout == .classFolders && !labels.hasTagsCSV && labels.unlabelled.isEmpty)
        #expect(throws: LabellingError.notTagsCSV(path: folder.path, layout: .classFolders)) {
            try labels.change(file: "cat/1.png", tags: "dog")
        }
    }

    @Test func changesAreCheckedAgainstTheVocabularyAndWrittenInItsSpelling() throws {
        let folder = try Self.hairEyesFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labels = try DatasetLabels.read(directory: folder)
        // Any order and case; written as the vocabulary spells and orders it.
        #expect(try labels.change(file: "images/5.png", tags: "Red Eyes  PINK hair")
            == TagsFileEditor.Change(file: "images/5.png", text: "pink hair red eyes"))
        let unknown = #expect(throws: LabellingError.self) { try labels.change(file: "images/5.png", tags: "rainbow hair red eyes") }
        #expect(unknown?.description.contains("images/5.png: unknown tag \"rainbow\"") == true)
        #expect(unknown?.description.contains("hair color: aqua hair, black hair, blonde hair") == true)
        #expect(unknown?.description.contains("eye color: aqua eyes, black eyes, blue eyes") == true)
        let missing = #expect(throws: LabellingError.self) { try labels.change(file: "images/5.png", tags: "pink hair") }
        #expect(missing == .missingGroup(file: "images/5.png", group: "eye color", values: labels.vocabulary.groups[1].values))
        #expect(missing?.description.contains("no value for eye color; choose one of aqua eyes, black eyes") == true)
        let twice = #expect(throws: LabellingError.self) { try labels.change(file: "images/5.png", tags: "pink hair blue hair red eyes") }
        #expect(twice?.description.contains("both values of hair color") == true)
        #expect(throws: LabellingError.unknownImage(file: "images/99.png", example: "images/0.png")) {
            try labels.change(file: "images/99.png", tags: "pink hair red eyes")
        }
        #expect(throws: LabellingError.unknownImage(file: "../tags.csv", example: "images/0.png")) {
            try labels.change(file: "../tags.csv", tags: "pink hair red eyes")
        }
        #expect(throws: LabellingError.lineBreak(file: "images/5.png")) {
            try labels.change(file: "images/5.png", tags: "pink hair red eyes\n6,blue hair blue eyes")
        }
    }
}
