import Foundation
import Imaging
import Testing

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Test func writeAndReadFilesInBothFormats() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let image = gradientImage(width: 6, height: 4)
    let pngURL = folder.appendingPathComponent("a.png")
    let jpegURL = folder.appendingPathComponent("b.JPG")
    try image.write(to: pngURL)
    try image.write(to: jpegURL, jpegQuality: 100)
    #expect(try RGBImage(contentsOf: pngURL) == image)
    let jpeg = try RGBImage(contentsOf: jpegURL)
    #expect(ImageFormat(signatureOf: try Data(contentsOf: jpegURL)) == .jpeg)
    #expect(jpeg.width == 6 && jpeg.height == 4)
    // Overwriting replaces the file and leaves no temporary files behind.
    try RGBImage(width: 1, height: 1, fill: .black).write(to: pngURL)
    #expect(try RGBImage(contentsOf: pngURL).pixels == [0, 0, 0])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.png", "b.JPG"])
}

@Test func fileErrorsNameTheFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("missing.png")
    do {
        _ = try RGBImage(contentsOf: missing)
        Issue.record("a missing file decoded")
    } catch let error as ImagingError {
        guard case .unreadableFile(path: missing.path, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(error.description.contains("missing.png"))
    }
    let empty = folder.appendingPathComponent("empty.jpg")
    try Data().write(to: empty)
    #expect(throws: ImagingError.empty(source: empty.path)) { try RGBImage(contentsOf: empty) }
    let text = folder.appendingPathComponent("notes.png")
    try Data("not an image at all".utf8).write(to: text)
    #expect(throws: ImagingError.unknownFormat(source: text.path)) { try RGBImage(contentsOf: text) }
    // Writing into a folder that does not exist fails with the target path.
    let unwritable = folder.appendingPathComponent("no/such/folder/x.png")
    #expect(throws: ImagingError.self) { try RGBImage(width: 1, height: 1, fill: .white).write(to: unwritable) }
}

@Test func fuzzedPNGAndJPEGBytesGiveImagesOrErrorsNeverCrashes() throws {
    let source = gradientImage(width: 16, height: 12)
    let originals = [try source.pngData(), try source.jpegData(quality: 80)]
    var state: UInt64 = 0xAC6A_2026
    func nextRandom(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    var decodedCount = 0, errorCount = 0
    for iteration in 0..<400 {
        var bytes = [UInt8](originals[iteration % 2])
        if nextRandom(2) == 0 { bytes = Array(bytes.prefix(nextRandom(bytes.count))) }
        if !bytes.isEmpty {
            for _ in 0..<(1 + nextRandom(4)) {
                let position = nextRandom(bytes.count)
                bytes[position] ^= UInt8(1 << nextRandom(8))
            }
        }
        do {
            let image = try RGBImage(decoding: Data(bytes), source: "fuzz-\(iteration)")
            #expect(image.pixels.count == image.width * image.height * 3)
            decodedCount += 1
        } catch is ImagingError {
            errorCount += 1
        } catch {
            Issue.record("iteration \(iteration): untyped error \(error)")
        }
    }
    // Both outcomes occur: corruption is usually caught (CRCs, markers), but a flipped bit in
    // JPEG entropy data or a PNG ancillary field can still decode.
    #expect(errorCount > 100)
    #expect(decodedCount + errorCount == 400)
}
