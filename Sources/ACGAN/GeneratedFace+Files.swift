import Foundation
import Imaging

extension GeneratedFace {
    /// The name of the file that describes separately written faces.
    public static let samplesFileName = "samples.json"

    /// `samples.json`: a JSON array with one compact face per line (keys sorted), readable and
    /// short despite the vectors, and parseable by any JSON reader.
    public static func samplesJSON(_ faces: [GeneratedFace]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let lines = try faces.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        return Data(("[\n" + lines.joined(separator: ",\n") + "\n]\n").utf8)
    }

    /// Writes image i to `folder/names[i]` (PNG) and `samples.json` describing every face with
    /// its file name; the folder is created if missing. Every file is written atomically
    /// (temporary file, then rename), so an interrupted run leaves no half-written file.
    /// - Returns: the faces as described in `samples.json`.
    @discardableResult
    public static func writeSeparately(images: [RGBImage], faces: [GeneratedFace], names: [String],
                                       to folder: URL) throws -> [GeneratedFace] {
        precondition(images.count == faces.count && faces.count == names.count,
                     "\(images.count) images, \(faces.count) faces and \(names.count) names")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var described: [GeneratedFace] = []
        for (image, (face, name)) in zip(images, zip(faces, names)) {
            try image.write(to: folder.appendingPathComponent(name), format: .png)
            var entry = face
            entry.file = name
            described.append(entry)
        }
        try RGBImage.writeAtomically(samplesJSON(described), to: folder.appendingPathComponent(samplesFileName))
        return described
    }
}

/// The layout of a sheet of faces.
public enum FaceGrid {
    /// Rows and columns for `count` faces: `columns` of them per row (never more than
    /// `count`, so a large value cannot make a huge empty image), or by default the smallest
    /// square that holds them all.
    public static func shape(count: Int, columns: Int? = nil) -> (rows: Int, columns: Int) {
        let count = max(1, count)
        let chosen = min(count, max(1, columns ?? Int(Double(count).squareRoot().rounded(.up))))
        return ((count + chosen - 1) / chosen, chosen)
    }
}
