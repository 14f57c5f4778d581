import Foundation

/// The studio's folder: `data/` (data sets, one folder each), `runs/` (one folder per training
/// run, as `acgan train --out` writes it), `models/` (generator or checkpoint files) and
/// `registry.sqlite` (the `Registry`).
///
/// The folders are the source of truth for files; every path a request names is resolved by
/// `confined(_:in:)`, which follows symbolic links and refuses anything that ends outside the
/// allowed roots, so `../`, absolute paths and links out are errors, not reads.
public struct Workspace: Sendable, Equatable {
    /// The workspace folder, with symbolic links resolved.
    public let root: URL
    /// Extra folders of data sets that are read, never written (`--data-root`).
    public let dataRoots: [URL]

    /// Data sets made or uploaded in the studio.
    public var dataDirectory: URL { root.appendingPathComponent("data", isDirectory: true) }
    /// One folder per training run.
    public var runsDirectory: URL { root.appendingPathComponent("runs", isDirectory: true) }
    /// Generator and checkpoint files that can be deployed.
    public var modelsDirectory: URL { root.appendingPathComponent("models", isDirectory: true) }
    /// Where uploads are unpacked before they are moved into `data/` in one rename.
    var incomingDirectory: URL { root.appendingPathComponent(".incoming", isDirectory: true) }
    /// The SQLite registry.
    public var registryURL: URL { root.appendingPathComponent("registry.sqlite") }

    /// Opens (and on first use creates) the workspace at `root`; `dataRoots` must exist.
    public init(root: URL, dataRoots: [URL] = []) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        self.root = root.resolvingSymlinksInPath().standardizedFileURL
        self.dataRoots = try dataRoots.map { url in
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw WorkspaceError.missingDataRoot(url.path)
            }
            return url.resolvingSymlinksInPath().standardizedFileURL
        }
        for folder in [dataDirectory, runsDirectory, modelsDirectory, incomingDirectory] {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// The default workspace: `$XDG_DATA_HOME/acgan-studio`, else `~/.local/share/acgan-studio`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("acgan-studio", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".local/share/acgan-studio", isDirectory: true)
    }

    /// Checks that `name` is a plain name (letters, digits, `.`, `_`, `-`; not starting with a
    /// dot), the only kind of name requests may use for data sets, runs and models.
    public static func checkName(_ name: String, field: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if name.hasPrefix("/") {
            throw StudioError.invalidPath(field: field, path: name, reason: "absolute paths are not accepted; give a name inside the workspace")
        }
        if name.contains("..") || name.contains("/") {
            throw StudioError.invalidPath(field: field, path: name, reason: "a name cannot contain '/' or '..'")
        }
        guard !name.isEmpty, name.count <= 100, !name.hasPrefix("."), name.allSatisfy(allowed.contains) else {
            throw StudioError.outOfRange(
                field: field, value: "\"\(name)\"",
                allowed: "1 to 100 letters, digits, '.', '_' or '-', not starting with '.'")
        }
    }

    /// `name` inside `folder`, after following every symbolic link: a link that leads out of
    /// `folder` is `StudioError.forbiddenPath` (403), so a data set linked to `/etc` is never read.
    public func confined(_ name: String, in folder: URL, field: String) throws -> URL {
        try Self.checkName(name, field: field)
        let base = folder.resolvingSymlinksInPath().standardizedFileURL
        let resolved = base.appendingPathComponent(name).resolvingSymlinksInPath().standardizedFileURL
        guard Self.isInside(resolved, base) else {
            throw StudioError.forbiddenPath(field: field, path: name, reason: "it leads out of \(base.lastPathComponent)/ (a symbolic link)")
        }
        return resolved
    }

    /// Whether `url` is `folder` or inside it (both already resolved and standardised).
    static func isInside(_ url: URL, _ folder: URL) -> Bool {
        let path = url.path, base = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        return path == folder.path || path.hasPrefix(base)
    }

    /// Bytes of the regular files under the workspace (what the disk quota counts).
    public func usedBytes() -> Int64 {
        var total: Int64 = 0
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return 0 }
        for case let url as URL in walker {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            total += Int64(values.fileSize ?? 0)
        }
        return total
    }
}

/// A workspace that cannot be opened.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    /// A `--data-root` that is not a folder.
    case missingDataRoot(String)

    public var description: String {
        switch self {
        case .missingDataRoot(let path): "--data-root \(path): no such folder"
        }
    }
}
