import Foundation

extension Trainer {
    /// The files that make a folder hold a run: a fresh run there needs `overwrite`.
    static let runMarkers = ["checkpoint.safetensors", "metrics.jsonl"]

    /// Which of `runMarkers` are in `folder` (an empty or unrelated folder has none).
    static func existingRunFiles(in folder: URL) -> [String] {
        runMarkers.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// Removes the files a run writes, and only those: the checkpoint first (so a folder
    /// left half cleared by a crash is still refused, never resumed with foreign metrics),
    /// then the generator, metrics, loss plot, sample sheets (`samples/iter_NNNNNN.png`) and
    /// kept generators (`generators/iter_NNNNNN.safetensors`; each folder goes too if nothing
    /// else is in it). Other files in the folder stay.
    func removeRunFiles() throws {
        let fm = FileManager.default
        for url in [checkpointURL, generatorURL, metricsURL, lossPlotURL] where fm.fileExists(atPath: url.path) {
            try fm.removeItem(at: url)
        }
        removeStrayTemporaryFiles()
        for (folder, isRunFile) in [(samplesDirectory, Self.isSampleSheet), (keptGeneratorsDirectory, Self.isKeptGenerator)] {
            guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names where isRunFile(name) {
                try fm.removeItem(at: folder.appendingPathComponent(name))
            }
            if (try? fm.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
                try fm.removeItem(at: folder)
            }
        }
    }

    /// Removes temporary files that atomic writes left when their process was killed:
    /// `.checkpoint.safetensors.tmp-PID-N`, `.losses.png.UUID.tmp`, `.iter_000500.png.UUID.tmp`.
    func removeStrayTemporaryFiles() {
        let fm = FileManager.default
        let ownNames = [checkpointURL, generatorURL, metricsURL, lossPlotURL].map(\.lastPathComponent)
        func isTemporary(_ name: String, of target: String) -> Bool {
            name.hasPrefix("." + target + ".") && (name.contains(".tmp-") || name.hasSuffix(".tmp"))
        }
        for name in (try? fm.contentsOfDirectory(atPath: runDirectory.path)) ?? []
        where ownNames.contains(where: { isTemporary(name, of: $0) }) {
            try? fm.removeItem(at: runDirectory.appendingPathComponent(name))
        }
        for name in (try? fm.contentsOfDirectory(atPath: samplesDirectory.path)) ?? [] where name.hasPrefix(".iter_") {
            let sheet = String(name.dropFirst().prefix { $0 != "." }) + ".png"
            if Self.isSampleSheet(sheet), isTemporary(name, of: sheet) {
                try? fm.removeItem(at: samplesDirectory.appendingPathComponent(name))
            }
        }
    }

    /// `iter_000500.safetensors` (and nothing else) is a kept generator.
    static func isKeptGenerator(_ name: String) -> Bool {
        name.hasPrefix("iter_") && name.hasSuffix(".safetensors") && name.dropFirst(5).dropLast(12).allSatisfy(\.isNumber)
    }

    /// `iter_000500.png` (and nothing else) is a sample sheet.
    static func isSampleSheet(_ name: String) -> Bool {
        name.hasPrefix("iter_") && name.hasSuffix(".png") && name.dropFirst(5).dropLast(4).allSatisfy(\.isNumber)
    }
}
