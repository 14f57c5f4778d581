/// Why an image could not be read, decoded, encoded or written. `source` is the file path, or
/// a caller-given name such as "memory" for bytes that never were a file.
public enum ImagingError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read (missing, a directory, no permission).
    case unreadableFile(path: String, reason: String)
    /// Zero bytes.
    case empty(source: String)
    /// Neither a PNG nor a JPEG signature.
    case unknownFormat(source: String)
    /// A PNG or JPEG that its decoder rejected (truncated, corrupt, unsupported colour space).
    case corrupt(source: String, format: ImageFormat, reason: String)
    /// A header claiming a size this library refuses to allocate.
    case tooLarge(source: String, width: Int, height: Int)
    /// The encoder failed (should not happen for valid images; the reason is the library's).
    case encodingFailed(format: ImageFormat, reason: String)
    /// The file could not be written or moved into place.
    case writeFailed(path: String, reason: String)
    /// A parameter outside its range, such as a JPEG quality of 0 or a crop larger than the image.
    case invalidArgument(String)

    /// A message that names the file and the reason, and says what to do next.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(path): cannot read the file (\(reason)); check the path and its permissions"
        case let .empty(source):
            return "\(source): the file is empty; re-export or remove it"
        case let .unknownFormat(source):
            return "\(source): not a PNG or JPEG (unknown signature); convert it or remove it"
        case let .corrupt(source, format, reason):
            return "\(source): corrupt or truncated \(format.rawValue) (\(reason)); re-export or remove it"
        case let .tooLarge(source, width, height):
            return "\(source): \(width)x\(height) is larger than the supported \(RGBImage.maximumSide) pixels per side; downscale it first"
        case let .encodingFailed(format, reason):
            return "cannot encode \(format.rawValue): \(reason)"
        case let .writeFailed(path, reason):
            return "\(path): cannot write the file (\(reason)); check that the folder exists and is writable"
        case let .invalidArgument(message):
            return message
        }
    }
}

/// The file formats this library reads and writes.
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    /// Portable Network Graphics, through libpng's simplified API.
    case png = "PNG"
    /// JPEG/JFIF, through TurboJPEG.
    case jpeg = "JPEG"

    /// Detects the format from the first bytes (PNG signature or JPEG SOI marker), or nil.
    public init?(signatureOf data: some Collection<UInt8>) {
        let head = Array(data.prefix(8))
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
            self = .png
        } else if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF {
            self = .jpeg
        } else {
            return nil
        }
    }

    /// The format for a file name's extension (`.png`, `.jpg`, `.jpeg`, any case), or nil.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }
}
