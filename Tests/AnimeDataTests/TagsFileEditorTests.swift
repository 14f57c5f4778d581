import Foundation
import Imaging
import Testing
import AnimeData

/// tags.csv is changed in place line by line, atomically, with the previous versions kept.
@Suite struct TagsFileEditorTests {
    static let vocabulary = TagVocabulary(groups: [.init(name: "class", values: ["cat", "dog"])],
                                          binaryTags: [.init(name: "spots", prior: 0.5)])

    /// a.png ... e.png beside tags.csv with `text`.
    static func folder(_ text: String, images: [String] = ["a.png", "b.png", "c.png", "d.png", "e.png"]) throws -> URL {
        let folder = try DatasetFixtures.folder()
        for name in images { try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), folder, name) }
        try DatasetFixtures.write(text: text, folder, "tags.csv")
        return folder
    }

    static func text(_ folder: URL, _ name: String = "tags.csv") throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func linesAreReplacedInPlaceOrAddedAndTheRestIsKeptByteForByte() throws {
        let original = "a.png,cat\nb.png, bird spots  \n\nc.png,dog\n"
        let folder = try Self.folder(original)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try TagsFileEditor.apply([.init(file: "b.png", text: "dog spots"), .init(file: "e.png", text: "cat")], to: folder)
        #expect(outcome == TagsFileEditor.Outcome(replaced: 1, added: 1, backup: "tags.csv.1"))
        #expect(try Self.text(folder) == "a.png,cat\nb.png,dog spots\n\nc.png,dog\ne.png,cat\n")
        #expect(try Self.text(folder, "tags.csv.1") == original)
        // The result reads back as the labels asked for; d.png is still without a line.
        let labels = try DatasetLabels.read(directory: folder, vocabulary: Self.vocabulary)
        let byFile = Dictionary(uniqueKeysWithValues: labels.labelled.map { ($0.file, $0.labels) })
        #expect(byFile["b.png"] == TagLabels(groupIndices: [1], binaryTags: [true]))
        #expect(byFile["e.png"] == TagLabels(groupIndices: [0], binaryTags: [false]))
        #expect(labels.unlabelled.map(\.file) == ["d.png"])
        // No temporary file is left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["a.png", "b.png", "c.png", "d.png", "e.png", "tags.csv", "tags.csv.1"])
    }

    @Test func newLinesAreKeyedLikeTheFilesOtherLinesAndLineEndingsKept() throws {
        // Layout 1 with ids: a new line gets the id; a file whose stem is not unique gets its name.
        let folder = try DatasetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["1.png", "2.png", "3.png", "3.jpg"] {
            try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), folder, "images/\(name)")
        }
        try DatasetFixtures.write(text: "1,cat\r\n", folder, "tags.csv")
        try TagsFileEditor.apply([.init(file: "images/2.png", text: "dog"), .init(file: "images/3.jpg", text: "cat")], to: folder)
        #expect(try Self.text(folder) == "1,cat\r\n2,dog\r\n3.jpg,cat\r\n")
        // A file keyed by names gets names; the last line had no newline.
        let named = try Self.folder("a.png,cat")
        defer { try? FileManager.default.removeItem(at: named) }
        try TagsFileEditor.apply([.init(file: "c.png", text: "dog")], to: named)
        #expect(try Self.text(named) == "a.png,cat\nc.png,dog\n")
    }

    @Test func furtherLinesOfAChangedImageAreDropped() throws {
        let folder = try Self.folder("a.png,bird\nb.png,cat\na,fish\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try TagsFileEditor.apply([.init(file: "a.png", text: "dog")], to: folder)
        #expect(outcome.replaced == 1 && outcome.added == 0)
        #expect(try Self.text(folder) == "a.png,dog\nb.png,cat\n")
    }

    @Test func previousVersionsAreKeptUpToFive() throws {
        let folder = try Self.folder("a.png,cat\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        var versions = [try Self.text(folder)]
        for round in 0..<7 {
            try TagsFileEditor.apply([.init(file: "a.png", text: round % 2 == 0 ? "dog" : "cat spots")], to: folder)
            versions.append(try Self.text(folder))
        }
        // tags.csv.1 is the version before the last change, tags.csv.5 the fifth before.
        for version in 1...TagsFileEditor.keptVersions {
            #expect(try Self.text(folder, TagsFileEditor.backupName(version)) == versions[versions.count - 1 - version])
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("tags.csv.6").path))
    }

    @Test func aBadChangeLeavesEverythingAsItWas() throws {
        let original = "a.png,cat\n"
        let folder = try Self.folder(original)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad: [([TagsFileEditor.Change], LabellingError)] = [
            ([.init(file: "z.png", text: "cat")], .unknownImage(file: "z.png", example: "a.png")),
            ([.init(file: "tags.csv", text: "cat")], .unknownImage(file: "tags.csv", example: "a.png")),
            ([.init(file: "b.png", text: "cat"), .init(file: "b.png", text: "dog")], .duplicateImage(file: "b.png")),
            ([.init(file: "b.png", text: "cat\nc.png,dog")], .lineBreak(file: "b.png")),
        ]
        for (changes, error) in bad {
            #expect(throws: error) { try TagsFileEditor.apply(changes, to: folder) }
        }
        #expect(try Self.text(folder) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            == ["a.png", "b.png", "c.png", "d.png", "e.png", "tags.csv"])
    }

    @Test func aFolderOfAnotherLayoutIsRefused() throws {
        let folder = try DatasetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try DatasetFixtures.write(DatasetFixtures.solid(1, 2, 3), folder, "cat/1.png")
        #expect(throws: LabellingError.notTagsCSV(path: folder.path, layout: .classFolders)) {
            try TagsFileEditor.apply([.init(file: "cat/1.png", text: "cat")], to: folder)
        }
    }

    @Test func aFolderThatCannotBeWrittenSaysSoAndKeepsTheFile() throws {
        guard getuid() != 0 else { return }  // root writes anywhere
        let original = "a.png,cat\n"
        let folder = try Self.folder(original)
        defer {
            _ = chmod(folder.path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        #expect(chmod(folder.path, 0o555) == 0)
        let error = #expect(throws: LabellingError.self) { try TagsFileEditor.apply([.init(file: "b.png", text: "dog")], to: folder) }
        #expect(error?.description.contains("nothing was changed") == true)
        #expect(try Self.text(folder) == original)
    }
}
