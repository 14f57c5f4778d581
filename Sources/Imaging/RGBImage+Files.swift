import Foundation

extension RGBImage {
    /// Decodes PNG or JPEG bytes, choosing the decoder from the signature (not a file name).
    /// - Parameter source: the name used in errors (a file path, or "memory").
    public init(decoding data: Data, source: String = "memory") throws {
        guard !data.isEmpty else { throw ImagingError.empty(source: source) }
        switch ImageFormat(signatureOf: data) {
        case .png: try self.init(pngData: data, source: source)
        case .jpeg: try self.init(jpegData: data, source: source)
        case nil: throw ImagingError.unknownFormat(source: source)
        }
    }

    /// Reads and decodes a PNG or JPEG file; errors name the file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImagingError.unreadableFile(path: url.path, reason: Self.shortReason(error))
        }
        try self.init(decoding: data, source: url.path)
    }

    /// Encodes the image in `format` (JPEG at `jpegQuality`).
    public func encoded(as format: ImageFormat, jpegQuality: Int = 95) throws -> Data {
        switch format {
        case .png: return try pngData()
        case .jpeg: return try jpegData(quality: jpegQuality)
        }
    }

    /// Writes the image atomically: the bytes go to a temporary file in the same folder, which
    /// is then renamed over `url`, so readers never see a half-written image.
    /// - Parameter format: defaults to the one named by the file extension (PNG if unknown).
    public func write(to url: URL, format: ImageFormat? = nil, jpegQuality: Int = 95) throws {
        let chosen = format ?? ImageFormat(fileExtension: url.pathExtension) ?? .png
        try Self.writeAtomically(encoded(as: chosen, jpegQuality: jpegQuality), to: url)
    }

    /// Writes bytes to a temporary sibling of `url`, then renames it into place (rename(2) is
    /// atomic within one file system). The temporary file is removed if anything fails.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw ImagingError.writeFailed(path: url.path, reason: shortReason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ImagingError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// Foundation's error text without its long user-info dump.
    private static func shortReason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           let posix = POSIXErrorCode(rawValue: Int32(underlying.code)), underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(posix.rawValue))
        }
        return nsError.localizedDescription
    }
}
