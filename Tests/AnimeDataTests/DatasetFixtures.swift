import Foundation
import Imaging

/// Small data sets written into temporary folders, with images made by our own encoders.
enum DatasetFixtures {
    /// A fresh temporary folder.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("anime-data-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A flat-colour image, easy to recognise after JPEG, cropping and resizing.
    static func solid(_ red: UInt8, _ green: UInt8, _ blue: UInt8, width: Int = 8, height: Int = 8) -> RGBImage {
        RGBImage(width: width, height: height, fill: RGBColor(red: red, green: green, blue: blue))
    }

    /// Writes `image` to `folder/name` (format from the extension; JPEGs at quality 100).
    static func write(_ image: RGBImage, _ folder: URL, _ name: String) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try image.write(to: url, jpegQuality: 100)
    }

    /// Writes text to `folder/name`.
    static func write(text: String, _ folder: URL, _ name: String) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
