import Foundation

/// What `acgan inspect` prints about a data folder: its layout, how many images load, their
/// original sizes, how often each tag value occurs, and every skipped file with the reason.
public struct DatasetInspection: Sendable, Equatable, CustomStringConvertible {
    /// How many decoded images had one original size.
    public struct SizeCount: Sendable, Equatable {
        /// "WxH", e.g. "96x96".
        public var size: String
        /// Number of images of that size.
        public var count: Int

        /// Creates an entry.
        public init(size: String, count: Int) {
            self.size = size
            self.count = count
        }
    }

    /// How many kept images carry one tag value.
    public struct TagCount: Sendable, Equatable {
        /// The group name ("hair color"), or nil for a binary tag.
        public var group: String?
        /// The value or binary tag phrase ("blue hair", "glasses").
        public var tag: String
        /// Number of kept images with it.
        public var count: Int

        /// Creates an entry.
        public init(group: String?, tag: String, count: Int) {
            self.group = group
            self.tag = tag
            self.count = count
        }
    }

    /// The data folder.
    public var directory: String
    /// The layout found.
    public var layout: DatasetLayout
    /// Images that load (decoded and labelled).
    public var imageCount: Int
    /// The size images are resized to (and cached at).
    public var imageSize: Int
    /// Original sizes, most frequent first (ties by name).
    public var sizeHistogram: [SizeCount]
    /// Every group value and binary tag of the vocabulary, in vocabulary order, with counts
    /// (zero counts included, so missing classes show).
    public var tagCounts: [TagCount]
    /// Skipped tag lines and images, with reasons.
    public var rejections: [LoadReport.Rejection]
    /// The vocabulary used.
    public var vocabulary: TagVocabulary
    /// Which vocabulary, and why (nil for data handed over in memory).
    public var vocabularyChoice: VocabularyChoice?
    /// Why the pixel cache could not be written, if it could not (see `LoadReport.cacheWarning`).
    public var cacheWarning: String?

    /// Loads the folder as training would (same readers, same cache) and summarises it.
    /// - Throws: what `AnimeDataset.load` throws.
    public static func inspect(directory: URL, imageSize: Int = 64, vocabulary: TagVocabulary? = nil,
                               minimumTagCount: Int = TagVocabulary.defaultMinimumTagCount,
                               cacheDirectory: URL? = nil) throws -> DatasetInspection {
        let dataset = try AnimeDataset.load(from: directory, imageSize: imageSize, vocabulary: vocabulary,
                                            minimumTagCount: minimumTagCount, cacheDirectory: cacheDirectory)
        return DatasetInspection(dataset: dataset)
    }

    /// Summarises an already loaded data set.
    public init(dataset: AnimeDataset) {
        directory = dataset.directory.path
        layout = dataset.layout
        imageCount = dataset.count
        imageSize = dataset.imageSize
        vocabulary = dataset.vocabulary
        vocabularyChoice = dataset.report.vocabularyChoice
        rejections = dataset.report.rejections
        cacheWarning = dataset.report.cacheWarning
        sizeHistogram = dataset.report.originalSizes
            .map { SizeCount(size: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.size) > ($1.count, $0.size) }
        var counts: [TagCount] = []
        for (groupIndex, group) in vocabulary.groups.enumerated() {
            var perValue = [Int](repeating: 0, count: group.values.count)
            for label in dataset.labels { perValue[label.groupIndices[groupIndex]] += 1 }
            for (valueIndex, value) in group.values.enumerated() {
                counts.append(TagCount(group: group.name, tag: value, count: perValue[valueIndex]))
            }
        }
        for (tagIndex, tag) in vocabulary.binaryTags.enumerated() {
            counts.append(TagCount(group: nil, tag: tag.name, count: dataset.labels.filter { $0.binaryTags[tagIndex] }.count))
        }
        tagCounts = counts
    }

    /// A plain-text report for the terminal.
    public var description: String {
        var lines = ["data set: \(directory)", "layout: \(layout.description)",
                     "images: \(imageCount) (resized to \(imageSize)x\(imageSize))"]
        if let vocabularyChoice { lines.append(vocabularyChoice.description) }
        lines.append("original sizes:")
        lines += sizeHistogram.map { "  \($0.size): \($0.count)" }
        var currentGroup: String?? = .none
        for count in tagCounts {
            if currentGroup != .some(count.group) {
                lines.append(count.group.map { "\($0):" } ?? "binary tags:")
                currentGroup = .some(count.group)
            }
            lines.append("  \(count.tag): \(count.count)")
        }
        lines.append("rejected: \(rejections.count)")
        lines += rejections.map { "  \($0.file): \($0.reason)" }
        if let cacheWarning { lines.append("warning: \(cacheWarning)") }
        return lines.joined(separator: "\n")
    }
}
