import Foundation

/// Writes new tag text for some images of a data folder into its `tags.csv` (layouts 1 and 3),
/// atomically, keeping the previous versions.
///
/// The new file is written beside the old one and renamed over it (rename(2) is atomic within a
/// file system), so a reader or a crash sees the old file or the new one, never half of one.
/// Before the rename, the current file becomes `tags.csv.1` (a hard link to it, so it is the
/// exact previous file; a copy where links are not possible); the older `tags.csv.1` moves to
/// `tags.csv.2`, and so on up to `tags.csv.\(keptVersions)`, the oldest, which is dropped.
///
/// Lines of other images are kept byte for byte. An image with a line gets its tag text
/// replaced in place (its key, the id or file name before the comma, is kept; further lines of
/// the same image are dropped, since only one line per image is read); an image without one
/// gets a new line at the end, keyed like the file's other lines (the id without extension
/// when they are, else the file name).
public enum TagsFileEditor {
    /// New tag text for one image.
    public struct Change: Sendable, Equatable, Hashable {
        /// The image as the data set names it ("images/17.png", or "17.png" beside tags.csv).
        public var file: String
        /// The tag text, e.g. "blue hair red eyes".
        public var text: String

        /// A change of one image's tags.
        public init(file: String, text: String) {
            self.file = file
            self.text = text
        }
    }

    /// What a write did.
    public struct Outcome: Sendable, Equatable {
        /// Lines whose tag text was replaced.
        public var replaced: Int
        /// Lines added for images that had none.
        public var added: Int
        /// The previous version's file name ("tags.csv.1").
        public var backup: String

        /// An outcome from its parts.
        public init(replaced: Int, added: Int, backup: String) {
            self.replaced = replaced
            self.added = added
            self.backup = backup
        }
    }

    /// How many previous versions are kept: `tags.csv.1` (the newest) to `tags.csv.5`.
    public static let keptVersions = 5

    /// Writes `changes` into the tags.csv of `directory` (see the type's description).
    /// - Throws: `LabellingError.notTagsCSV` for another layout, `.unknownImage` for a file
    ///   that is not one of its images, `.duplicateImage`, `.lineBreak`, and `.fileFailed`
    ///   when the file cannot be read or written (then nothing changed).
    @discardableResult
    public static func apply(_ changes: [Change], to directory: URL) throws -> Outcome {
        let layout = try DatasetLayout.detect(in: directory)
        guard layout == .imagesWithTags || layout == .taggedFolder else {
            throw LabellingError.notTagsCSV(path: directory.path, layout: layout)
        }
        let prefix = layout == .imagesWithTags ? "images/" : ""
        let imageFiles = try DatasetLayout.imageFiles(in: layout == .imagesWithTags
                                                      ? directory.appendingPathComponent("images") : directory)
        let lookup = DatasetIndex.ImageLookup(files: imageFiles)
        let names = Set(imageFiles.map { prefix + $0.lastPathComponent })
        var wanted: [String: String] = [:]
        for change in changes {
            guard !change.text.contains(where: \.isNewline) else { throw LabellingError.lineBreak(file: change.file) }
            guard names.contains(change.file) else {
                throw LabellingError.unknownImage(file: change.file, example: imageFiles.first.map { prefix + $0.lastPathComponent })
            }
            guard wanted.updateValue(change.text, forKey: change.file) == nil else {
                throw LabellingError.duplicateImage(file: change.file)
            }
        }

        let tagsURL = directory.appendingPathComponent("tags.csv")
        let original: String
        do {
            let data = try Data(contentsOf: tagsURL)
            guard let text = String(data: data, encoding: .utf8) else {
                throw LabellingError.fileFailed(path: tagsURL.path, reason: "not UTF-8 text")
            }
            original = text
        } catch let error as LabellingError {
            throw error
        } catch {
            throw LabellingError.fileFailed(path: tagsURL.path, reason: (error as NSError).localizedDescription)
        }
        // Lines split on the scalar "\n" ("\r\n" is one Character, so a Character split would
        // not split a file with Windows line ends); such a line keeps its "\r".
        var lines = original.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(Substring($0)) }
        if lines.last == "" { lines.removeLast() }  // the final newline
        let crlf = lines.first.map { $0.unicodeScalars.last == "\r" } ?? false

        // Replace the first line of each changed image; drop its further lines.
        var done: Set<String> = []
        var kept: [String] = []
        var (stemKeys, nameKeys) = (0, 0)
        var replaced = 0
        for line in lines {
            let endsInReturn = line.unicodeScalars.last == "\r"
            let bare = endsInReturn ? String(String.UnicodeScalarView(line.unicodeScalars.dropLast())) : line
            guard let (key, _) = DatasetIndex.splitKey(bare.trimmingCharacters(in: .whitespaces)),
                  let url = lookup.find(key) else {
                kept.append(line)
                continue
            }
            if key == url.lastPathComponent { nameKeys += 1 } else { stemKeys += 1 }
            let name = prefix + url.lastPathComponent
            guard let text = wanted[name] else {
                kept.append(line)
                continue
            }
            if done.insert(name).inserted {
                kept.append(key + "," + text + (endsInReturn ? "\r" : ""))
                replaced += 1
            }
        }
        let stems = Dictionary(grouping: imageFiles) { $0.deletingPathExtension().lastPathComponent }
        var added = 0
        for change in changes where !done.contains(change.file) {
            let url = lookup.find(String(change.file.dropFirst(prefix.count)))!
            let stem = url.deletingPathExtension().lastPathComponent
            let key = stemKeys > nameKeys && stems[stem]?.count == 1 ? stem : url.lastPathComponent
            kept.append(key + "," + change.text + (crlf ? "\r" : ""))
            added += 1
        }
        let text = kept.joined(separator: "\n") + (kept.isEmpty ? "" : "\n")
        try replace(tagsURL, with: Data(text.utf8))
        return Outcome(replaced: replaced, added: added, backup: "tags.csv.1")
    }

    /// The file name of the `version`-th previous version (1 is the newest).
    public static func backupName(_ version: Int) -> String { "tags.csv.\(version)" }

    /// Writes `data` to a temporary sibling, flushes it to disk, shifts the kept versions,
    /// makes the current file version 1, and renames the new one over it.
    static func replace(_ url: URL, with data: Data) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        func failed(_ reason: String) -> LabellingError {
            try? FileManager.default.removeItem(at: temporary)
            return LabellingError.fileFailed(path: url.path, reason: reason)
        }
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw failed("cannot write a new file in \(folder.path) (\(String(cString: strerror(errno))))")
        }
        if let handle = try? FileHandle(forWritingTo: temporary) {
            try? handle.synchronize()
            try? handle.close()
        }
        let backup = { (version: Int) in folder.appendingPathComponent(backupName(version)).path }
        unlink(backup(keptVersions))
        for version in stride(from: keptVersions - 1, through: 1, by: -1) {
            _ = rename(backup(version), backup(version + 1))
        }
        if link(url.path, backup(1)) != 0 {
            do {
                try FileManager.default.copyItem(atPath: url.path, toPath: backup(1))
            } catch {
                throw failed("cannot keep the previous version as \(backupName(1)) (\((error as NSError).localizedDescription))")
            }
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw failed("cannot rename the new file into place (\(String(cString: strerror(errno))))")
        }
    }
}
