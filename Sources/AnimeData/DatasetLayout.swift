import Foundation

/// The on-disk layouts the readers understand (DATASETS.md), detected from a folder's contents.
public enum DatasetLayout: String, Codable, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// Layout 1: `images/<id>.jpg|png` + `tags.csv` lines `<id>,<hair> hair <eye> eyes`
    /// (the 64x64 "extra_data" set of the ACGAN anime article), or any `<id>,<tag> <tag> ...`.
    case imagesWithTags
    /// Layout 2: `faces/<id>.jpg` + `tags_clean.csv` lines `<id>,<tag>:<count>\t...` (96x96).
    case facesWithTagsClean
    /// Layout 3: image files next to `tags.csv` lines `<file>,<tag> <tag> ...` (what
    /// `acgan synth` writes).
    case taggedFolder
    /// Layout 4: one subfolder of images per class; the folder name is the tag.
    case classFolders
    /// Not a folder: images handed over in memory (`AnimeDataset(images:labels:vocabulary:)`),
    /// as tests and tools do. `detect` never returns it.
    case inMemory

    /// A short human-readable name, e.g. "images/ + tags.csv".
    public var description: String {
        switch self {
        case .imagesWithTags: return "images/ + tags.csv"
        case .facesWithTagsClean: return "faces/ + tags_clean.csv"
        case .taggedFolder: return "images + tags.csv"
        case .classFolders: return "one folder per class"
        case .inMemory: return "in memory"
        }
    }

    /// File extensions read as images (compared without case).
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Detects the layout of `directory`, checking in this order: `faces/` + `tags_clean.csv`,
    /// `images/` + `tags.csv`, `tags.csv`, subfolders that hold images.
    public static func detect(in directory: URL) throws -> DatasetLayout {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AnimeDataError.unreadableDirectory(path: directory.path, reason: "no such folder")
        }
        func exists(_ name: String, folder: Bool) -> Bool {
            var isFolder: ObjCBool = false
            let found = fileManager.fileExists(atPath: directory.appendingPathComponent(name).path, isDirectory: &isFolder)
            return found && isFolder.boolValue == folder
        }
        if exists("tags_clean.csv", folder: false) && exists("faces", folder: true) { return .facesWithTagsClean }
        if exists("tags.csv", folder: false) && exists("images", folder: true) { return .imagesWithTags }
        if exists("tags.csv", folder: false) { return .taggedFolder }
        let subfolders = try listDirectory(directory).filter { isFolder($0) && !$0.lastPathComponent.hasPrefix(".") }
        if try subfolders.contains(where: { try !imageFiles(in: $0).isEmpty }) { return .classFolders }
        throw AnimeDataError.unknownLayout(path: directory.path)
    }

    /// The folder's entries (not recursive), sorted by name for a deterministic order.
    static func listDirectory(_ directory: URL) throws -> [URL] {
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            return names.sorted().map { directory.appendingPathComponent($0) }
        } catch {
            throw AnimeDataError.unreadableDirectory(path: directory.path, reason: "\((error as NSError).localizedDescription)")
        }
    }

    /// The image files directly inside `directory`, sorted by name (hidden files skipped).
    static func imageFiles(in directory: URL) throws -> [URL] {
        try listDirectory(directory).filter {
            !$0.lastPathComponent.hasPrefix(".") && imageExtensions.contains($0.pathExtension.lowercased()) && !isFolder($0)
        }
    }

    /// Whether `url` is a folder.
    static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
