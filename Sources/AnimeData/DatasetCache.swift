import Foundation
import Imaging

/// The decoded-pixel cache: one binary file per data folder and image size.
///
/// Layout (little-endian): 8-byte magic "ACGANDC1", UInt64 key hash, UInt64 metadata length,
/// UInt64 pixel offset, metadata JSON, zero padding to a 64-byte boundary, then the pixels of
/// the kept images (HWC, back to back). The key hash covers the list of files with their sizes
/// and modification times, the tags files, the requested size and the vocabulary; any change
/// rebuilds the cache.
enum DatasetCache {
    static let magic = Array("ACGANDC1".utf8)
    static let headerLength = 32

    /// What the cache remembers besides pixels: which index entries decoded, and what was
    /// learnt by decoding (rejections, original sizes).
    struct Metadata: Codable {
        var imageSize: Int
        var keptEntries: [Int]
        var rejectedImages: [LoadReport.Rejection]
        var originalSizes: [String: Int]
    }

    /// The cache file for `imageSize` in `folder`.
    static func fileURL(in folder: URL, imageSize: Int) -> URL {
        folder.appendingPathComponent("pixels-\(imageSize)px.acgancache")
    }

    /// FNV-1a (64-bit) of everything that decides the cache's contents.
    static func key(index: DatasetIndex, imageSize: Int) throws -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0x0A
            hash = hash &* 0x0000_0100_0000_01B3
        }
        mix("format 1, size \(imageSize), layout \(index.layout.rawValue)")
        mix(String(decoding: try index.vocabulary.jsonData(), as: UTF8.self))
        for file in index.metadataFiles { mix("\(file.lastPathComponent) \(fileStamp(file))") }
        for entry in index.entries {
            // Continuous values only when there are some: the keys of other data sets stay as they were.
            mix("\(entry.name) \(fileStamp(entry.url)) \(entry.labels.groupIndices) \(entry.labels.binaryTags)"
                + (entry.labels.continuous.isEmpty ? "" : " \(entry.labels.continuous)"))
        }
        return hash
    }

    /// "size mtime-seconds.nanoseconds" of a file, or "missing".
    static func fileStamp(_ url: URL) -> String {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return "missing" }
        #if os(Linux)
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        #else
        return "\(info.st_size) \(info.st_mtimespec.tv_sec).\(info.st_mtimespec.tv_nsec)"
        #endif
    }

    /// The mapped cache if it exists, is intact and has `key`; nil means "rebuild".
    static func read(_ url: URL, key: UInt64, imageSize: Int, entryCount: Int) -> (metadata: Metadata, storage: Data, pixelOffset: Int)? {
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped), data.count >= headerLength,
              Array(data.prefix(8)) == magic else { return nil }
        let header = data.withUnsafeBytes { raw in (1...3).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self).littleEndian } }
        let metadataLength = Int(clamping: header[1])
        let pixelOffset = Int(clamping: header[2])
        guard header[0] == key, metadataLength <= data.count - headerLength, pixelOffset <= data.count,
              let metadata = try? JSONDecoder().decode(Metadata.self, from: data.subdata(in: headerLength..<(headerLength + metadataLength))),
              metadata.imageSize == imageSize,
              metadata.keptEntries.allSatisfy({ $0 >= 0 && $0 < entryCount }),
              data.count - pixelOffset >= metadata.keptEntries.count * imageSize * imageSize * 3
        else { return nil }
        return (metadata, data, pixelOffset)
    }

    /// Writes a cache file atomically (temporary file, then rename); `pixels` holds the kept
    /// images back to back. Creates the cache folder if needed.
    /// - Throws: `DatasetCache.WriteError` with the cache path and a one-line reason (the
    ///   system's, e.g. "Permission denied"); no temporary file is left behind.
    static func write(_ url: URL, key: UInt64, metadata: Metadata, pixels: UnsafeRawBufferPointer) throws(WriteError) {
        let json: Data
        do { json = try JSONEncoder().encode(metadata) } catch { throw WriteError(path: url.path, reason: "\(error)") }
        let pixelOffset = (headerLength + json.count + 63) / 64 * 64
        var head = Data(magic)
        for value in [key, UInt64(json.count), UInt64(pixelOffset)] {
            withUnsafeBytes(of: value.littleEndian) { head.append(contentsOf: $0) }
        }
        head.append(json)
        head.append(Data(count: pixelOffset - head.count))
        let folder = url.deletingLastPathComponent()
        if let reason = makeFolder(folder.path) {
            throw WriteError(path: url.path, reason: "cannot create the folder \(folder.path): \(reason)")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        // open(2) rather than FileManager, so that a failure comes with the system's reason.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WriteError(path: url.path, reason: "cannot create a file in \(folder.path): \(String(cString: strerror(errno)))")
        }
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            defer { try? handle.close() }
            try handle.write(contentsOf: head)
            // Write in 64 MiB pieces: Data(bytesNoCopy:) avoids copying the pixels.
            var start = 0
            while start < pixels.count {
                let end = min(pixels.count, start + 64 << 20)
                let piece = UnsafeMutableRawPointer(mutating: pixels.baseAddress! + start)
                try handle.write(contentsOf: Data(bytesNoCopy: piece, count: end - start, deallocator: .none))
                start = end
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(path: url.path, reason: shortReason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(path: url.path, reason: reason)
        }
    }

    /// Why the cache file could not be written.
    struct WriteError: Error, CustomStringConvertible {
        /// The cache file.
        var path: String
        /// One line, e.g. "Permission denied" or "No space left on device".
        var reason: String

        var description: String { "\(path): \(reason)" }
    }

    /// `mkdir -p` with the reason it failed (Foundation's error here is often a bare "error 512"):
    /// nil when `path` is, or has become, a folder.
    private static func makeFolder(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "\(path) is a file, not a folder"
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let reason = makeFolder(parent) { return reason }
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return nil }
        return String(cString: strerror(errno))
    }

    /// The POSIX reason of a Foundation file error ("Not a directory"), else its description.
    private static func shortReason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription.replacingOccurrences(of: "\n", with: " ")
    }
}
