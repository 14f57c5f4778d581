import AnimeData
import Foundation
import Testing

@Test func inspectionSummarisesLayoutSizesTagsAndRejections() throws {
    let root = try makeLayoutOne()
    defer { try? FileManager.default.removeItem(at: root) }
    let inspection = try DatasetInspection.inspect(directory: root, imageSize: 4)
    #expect(inspection.layout == .imagesWithTags && inspection.imageCount == 3 && inspection.imageSize == 4)
    #expect(inspection.sizeHistogram == [.init(size: "8x8", count: 2), .init(size: "12x8", count: 1)])
    #expect(inspection.tagCounts.count == 12 + 11)
    #expect(inspection.tagCounts[0] == .init(group: "hair color", tag: "aqua hair", count: 2))
    #expect(inspection.tagCounts[1] == .init(group: "hair color", tag: "black hair", count: 0))
    #expect(inspection.tagCounts.first { $0.tag == "gray eyes" }?.count == 1)
    #expect(inspection.rejections.count == 4 + layoutOneMissingImages.count)
    #expect(inspection.vocabularyChoice?.source == .builtIn)
    let text = inspection.description
    #expect(text.contains("layout: images/ + tags.csv"))
    #expect(text.contains("images: 3 (resized to 4x4)\nvocabulary: the anime faces' hair and eye colours (it labels 19 of 20 lines (95.0%))\noriginal sizes:"))
    #expect(text.contains("  12x8: 1"))
    #expect(text.contains("eye color:\n  aqua eyes: 1"))
    #expect(text.contains("images/3.jpg: "))
}

@Test func inspectionListsBinaryTagCounts() throws {
    let root = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    try DatasetFixtures.write(DatasetFixtures.solid(1, 1, 1), root, "a.png")
    try DatasetFixtures.write(DatasetFixtures.solid(2, 2, 2), root, "b.png")
    try DatasetFixtures.write(text: "a.png,red hair ponytail red eyes glasses\nb,red hair short hair blue eyes glasses smile\n",
                              root, "tags.csv")
    let inspection = try DatasetInspection.inspect(directory: root, imageSize: 8)
    #expect(inspection.layout == .taggedFolder)
    #expect(inspection.tagCounts.filter { $0.group == nil }.map(\.count) == [0, 1, 0, 0, 0, 2])
    #expect(inspection.description.contains("binary tags:\n  blush: 0\n  smile: 1"))
}
