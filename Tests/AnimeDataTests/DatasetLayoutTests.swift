import AnimeData
import Foundation
import Testing

@Test func layoutDetectionFollowsTheDocumentedOrder() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    // Only a hidden folder with images: not a class folder.
    try DatasetFixtures.write(DatasetFixtures.solid(1, 1, 1), root, ".acgan-cache/x.png")
    #expect(throws: AnimeDataError.unknownLayout(path: root.path)) { try DatasetLayout.detect(in: root) }
    try DatasetFixtures.write(DatasetFixtures.solid(1, 1, 1), root, "cats/a.png")
    #expect(try DatasetLayout.detect(in: root) == .classFolders)
    try DatasetFixtures.write(text: "a.png,blue hair\n", root, "tags.csv")
    #expect(try DatasetLayout.detect(in: root) == .taggedFolder)
    try FileManager.default.createDirectory(at: root.appendingPathComponent("images"), withIntermediateDirectories: true)
    #expect(try DatasetLayout.detect(in: root) == .imagesWithTags)
    try DatasetFixtures.write(text: "0,blue hair:1\t\n", root, "tags_clean.csv")
    // tags_clean.csv needs faces/ next to it.
    #expect(try DatasetLayout.detect(in: root) == .imagesWithTags)
    try FileManager.default.createDirectory(at: root.appendingPathComponent("faces"), withIntermediateDirectories: true)
    #expect(try DatasetLayout.detect(in: root) == .facesWithTagsClean)
}
