import AnimeData
import Foundation
import ZIPFoundation

/// Unpacks an uploaded zip of a data folder (ZIPFoundation) safely: every entry is checked
/// before anything is written (no absolute paths, no `..`, no symbolic links, at most
/// `maxEntries` entries and `maxUnpackedBytes` in all, as the zip declares them), and each
/// extraction is bounded again by what it actually writes. The files land in a private
/// folder first and reach `data/NAME` in one rename, so a bad upload leaves nothing behind.
enum DatasetUpload {
    /// Unpacks `zip` into a new folder under `scratch` and returns the data folder inside it
    /// (the zip's single top-level folder, if it has one and nothing else).
    static func unpack(zip: URL, into scratch: URL, maxEntries: Int, maxUnpackedBytes: Int64) throws -> URL {
        let archive: Archive
        do {
            archive = try Archive(url: zip, accessMode: .read)
        } catch {
            throw StudioError.invalidUpload(reason: "it does not open as a zip archive")
        }
        var entries: [Entry] = []
        var declared: UInt64 = 0
        for entry in archive {
            entries.append(entry)
            guard entries.count <= maxEntries else {
                throw StudioError.invalidUpload(reason: "it has more than \(maxEntries) entries")
            }
            try checkPath(entry.path)
            if entry.type == .symlink {
                throw StudioError.invalidUpload(reason: "\"\(entry.path)\" is a symbolic link; links are not accepted")
            }
            declared += entry.uncompressedSize
            guard declared <= UInt64(maxUnpackedBytes) else {
                throw StudioError.invalidUpload(
                    reason: "its files would unpack to more than \(StudioError.megabytes(maxUnpackedBytes))")
            }
        }
        guard entries.contains(where: { $0.type == .file }) else {
            throw StudioError.invalidUpload(reason: "it holds no files")
        }
        let folder = scratch.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let base = folder.resolvingSymlinksInPath().standardizedFileURL
        var written: Int64 = 0
        for entry in entries {
            let target = base.appendingPathComponent(entry.path).standardizedFileURL
            guard Workspace.isInside(target, base) else {
                throw StudioError.invalidUpload(reason: "\"\(entry.path)\" leads out of the folder")
            }
            do {
                switch entry.type {
                case .directory:
                    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                case .file:
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    // The consumer sees the real bytes, so a zip that lies about its sizes
                    // is stopped at the limit all the same.
                    guard FileManager.default.createFile(atPath: target.path, contents: nil),
                          let handle = try? FileHandle(forWritingTo: target) else {
                        throw StudioError.invalidUpload(reason: "\"\(entry.path)\" could not be written")
                    }
                    defer { try? handle.close() }
                    let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                        written += Int64(chunk.count)
                        guard written <= maxUnpackedBytes else {
                            throw StudioError.invalidUpload(
                                reason: "its files unpack to more than \(StudioError.megabytes(maxUnpackedBytes))")
                        }
                        handle.write(chunk)
                    }
                    guard checksum == entry.checksum else {
                        throw StudioError.invalidUpload(reason: "\"\(entry.path)\" is damaged (its CRC-32 does not match)")
                    }
                case .symlink:
                    break  // refused above
                }
            } catch let error as StudioError {
                throw error
            } catch {
                throw StudioError.invalidUpload(reason: "\"\(entry.path)\" does not unpack: \(error)")
            }
        }
        let visible = ((try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "__MACOSX" }
        if visible.count == 1 {
            let inner = base.appendingPathComponent(visible[0])
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: inner.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return inner
            }
        }
        return base
    }

    /// Refuses entry names that are absolute or climb out with `..`.
    static func checkPath(_ path: String) throws {
        if path.hasPrefix("/") || path.hasPrefix("\\") {
            throw StudioError.invalidUpload(reason: "\"\(path)\" is an absolute path")
        }
        let parts = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if parts.contains("..") {
            throw StudioError.invalidUpload(reason: "\"\(path)\" contains '..'")
        }
        if path.contains("\0") || parts.isEmpty {
            throw StudioError.invalidUpload(reason: "an entry has an empty or invalid name")
        }
    }
}

extension StudioWorkspace {
    /// `POST /api/datasets?name=NAME` with a zip body: unpacks it safely, checks that it loads
    /// as a data set (a layout `acgan inspect` recognises, at least one image), and moves it
    /// to `data/NAME` in one rename.
    public func uploadDataset(name: String, zipData: Data) async throws -> DatasetSummary {
        try Workspace.checkName(name, field: "name")
        let target = workspace.dataDirectory.appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: target.path),
              !datasetFolders().contains(where: { $0.name == name }) else {
            throw StudioError.conflict("A data set named \(name) exists already; choose another name")
        }
        try checkQuota(needed: Int64(zipData.count))
        let scratch = workspace.incomingDirectory.appendingPathComponent(UUID().uuidString, isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let configuration = self.configuration
        let folder: URL = try await Self.blocking {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let zip = scratch.appendingPathComponent("upload.zip")
            try zipData.write(to: zip)
            return try DatasetUpload.unpack(zip: zip, into: scratch, maxEntries: configuration.maxUploadEntries,
                                            maxUnpackedBytes: configuration.maxUnpackedBytes)
        }
        var summary = try await inspection(of: folder, name: name)
        if let error = summary.error {
            throw StudioError.invalidUpload(reason: "it is not a data folder acgan can read: \(error)")
        }
        if summary.imageCount ?? 0 == 0 {
            throw StudioError.invalidUpload(reason: "no image in it loads")
        }
        try workspaceChange {
            try FileManager.default.moveItem(at: folder, to: target)
            try registry.recordDataset(name: name, source: "upload")
        }
        inspections.withLock { $0[folder.path] = nil }
        summary.location = "workspace"
        summary.source = "upload"
        return summary
    }
}
