import Foundation

/// The generator that ships with ACGAN Studio (trained on the built-in synthetic avatars),
/// used by `acgan generate` and `acgan serve` when no checkpoint is given.
public enum BundledModel {
    /// Its file name under `Models/`.
    public static let fileName = "acgan-synthetic-64.safetensors"

    /// Where it is: `$ACGAN_BUNDLED_MODEL` if set, else `Models/<fileName>` in the nearest folder
    /// above the running program (a build inside the repository finds the repository's copy),
    /// else in the current directory.
    public static func locate() throws -> URL {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["ACGAN_BUNDLED_MODEL"] {
            guard fm.fileExists(atPath: path) else {
                throw CheckpointError.unreadable(path: path, reason: "ACGAN_BUNDLED_MODEL names a file that does not exist")
            }
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent("Models/\(fileName)"))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Models/\(fileName)"))
        if let found = candidates.first(where: { fm.fileExists(atPath: $0.path) }) { return found }
        throw CheckpointError.unreadable(path: "Models/\(fileName)",
            reason: "the bundled model was not found next to the program or in the current directory; pass --checkpoint FILE or set ACGAN_BUNDLED_MODEL")
    }

    /// A sampler for the checkpoint at `path`, or for the bundled model when `path` is nil.
    public static func sampler(checkpoint path: String?) throws -> Sampler {
        try Sampler(checkpoint: path.map { URL(fileURLWithPath: $0) } ?? locate())
    }
}
