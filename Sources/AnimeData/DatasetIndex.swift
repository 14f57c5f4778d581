import Foundation

/// The labelled image files of a data folder, before any image is decoded: what the layout's
/// reader found in the tags file (or folder names), and which lines it had to skip.
struct DatasetIndex {
    /// One image to load.
    struct Entry {
        /// The image file.
        var url: URL
        /// Its path relative to the data folder (used in reports and the cache key).
        var name: String
        /// Its labels under `vocabulary`.
        var labels: TagLabels
    }

    var layout: DatasetLayout
    var vocabulary: TagVocabulary
    /// Whether the loader should replace the vocabulary's priors by the frequencies of the
    /// images it keeps (for vocabularies built from or defaulted for the data).
    var usesObservedPriors: Bool
    /// How the vocabulary was chosen, and why (printed by the commands).
    var choice: VocabularyChoice
    var entries: [Entry]
    var rejectedLines: [LoadReport.Rejection]
    /// Files whose size and time stamp also key the cache (tags files).
    var metadataFiles: [URL]
    /// Images that exist but have no usable tags (tags.csv layouts only): also in
    /// `rejectedLines`, listed here apart so that labelling can offer tags for them.
    var unlabelled: [UnlabelledImage] = []

    /// Reads the folder with the reader of its layout. With `vocabulary` nil, each reader
    /// chooses one as documented on `AnimeDataset.load`; `minimumTagCount` applies to
    /// vocabularies inferred from tags.csv.
    static func read(directory: URL, vocabulary: TagVocabulary?,
                     minimumTagCount: Int = TagVocabulary.defaultMinimumTagCount) throws -> DatasetIndex {
        guard minimumTagCount >= 1 else { throw AnimeDataError.invalidMinimumTagCount(minimumTagCount) }
        let layout = try DatasetLayout.detect(in: directory)
        switch layout {
        case .imagesWithTags:
            return try readTagsCSV(directory: directory, imageFolder: "images", layout: layout, vocabulary: vocabulary,
                                   minimumTagCount: minimumTagCount)
        case .taggedFolder:
            return try readTagsCSV(directory: directory, imageFolder: nil, layout: layout, vocabulary: vocabulary,
                                   minimumTagCount: minimumTagCount)
        case .facesWithTagsClean:
            return try readTagsClean(directory: directory, vocabulary: vocabulary)
        case .classFolders:
            return try readClassFolders(directory: directory, vocabulary: vocabulary)
        case .inMemory:
            throw AnimeDataError.unknownLayout(path: directory.path)
        }
    }

    /// Lines of a text file, with their 1-based numbers; blank lines dropped, "\r" trimmed.
    static func lines(of url: URL) throws -> [(number: Int, text: String)] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AnimeDataError.unreadableTagsFile(path: url.path, reason: (error as NSError).localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AnimeDataError.unreadableTagsFile(path: url.path, reason: "not UTF-8")
        }
        // Split on the scalar "\n": a Character split would not, since "\r\n" is one Character,
        // and a file with Windows line ends would read as a single line.
        return text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let trimmed = String(Substring(line)).trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : (index + 1, trimmed)
        }
    }

    /// Splits "key,rest" at the first comma.
    static func splitKey(_ line: String) -> (key: String, rest: String)? {
        guard let comma = line.firstIndex(of: ",") else { return nil }
        let key = line[..<comma].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { return nil }
        return (key, String(line[line.index(after: comma)...]))
    }

    /// Image files of a folder by exact name and by name without extension, so that a
    /// tags line may give either "000017.png" or "000017".
    struct ImageLookup {
        var byName: [String: URL] = [:]
        var byStem: [String: URL] = [:]

        init(files: [URL]) {
            for file in files {
                byName[file.lastPathComponent] = file
                let stem = file.deletingPathExtension().lastPathComponent
                if byStem[stem] == nil { byStem[stem] = file }
            }
        }

        func find(_ key: String) -> URL? { byName[key] ?? byStem[key] }
    }

    /// The record of a vocabulary passed in by the caller.
    static let givenChoice = VocabularyChoice(source: .given, name: "the given vocabulary", reason: "used as is")

    /// The vocabulary with its priors replaced by the frequencies observed in `labels`
    /// (used when a vocabulary is built from or defaulted for the data).
    static func withObservedPriors(_ vocabulary: TagVocabulary, labels: [TagLabels]) -> TagVocabulary {
        guard !labels.isEmpty else { return vocabulary }
        var result = vocabulary
        for groupIndex in result.groups.indices {
            var counts = [Double](repeating: 0, count: result.groups[groupIndex].values.count)
            for label in labels { counts[label.groupIndices[groupIndex]] += 1 }
            result.groups[groupIndex].priors = counts.map { $0 / Double(labels.count) }
        }
        for tagIndex in result.binaryTags.indices {
            let on = labels.filter { $0.binaryTags[tagIndex] }.count
            result.binaryTags[tagIndex].prior = Double(on) / Double(labels.count)
        }
        return result
    }
}
