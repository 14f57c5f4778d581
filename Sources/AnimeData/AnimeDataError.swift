/// Why a data set could not be loaded at all. (Single bad images and tag lines are not
/// errors: they are listed in the `LoadReport`.)
public enum AnimeDataError: Error, CustomStringConvertible, Equatable {
    /// The folder does not exist or cannot be listed.
    case unreadableDirectory(path: String, reason: String)
    /// No supported layout was recognised in the folder.
    case unknownLayout(path: String)
    /// A tags file that cannot be read.
    case unreadableTagsFile(path: String, reason: String)
    /// The layout was found but no usable image remained; `reasons` summarises why.
    case emptyDataset(path: String, layout: DatasetLayout, reasons: [String])
    /// Tag lines that no built-in vocabulary fits, and in which no tag is frequent enough to
    /// infer one (`mostFrequent` is the most frequent tag, if any).
    case noTagsToLearn(path: String, minimumTagCount: Int, mostFrequent: VocabularyChoice.RareTag?)
    /// A minimum tag count below 1.
    case invalidMinimumTagCount(Int)
    /// A requested image size outside 1...1024.
    case invalidImageSize(Int)
    /// A batch size outside 1...count, or another loader argument out of range.
    case invalidBatchSize(batchSize: Int, datasetCount: Int)
    /// Flips asked for a data set with continuous attributes whose mirror behaviour is unknown.
    case flipWithoutMirror(attributes: [String])

    /// A message that names the folder or file and says what to do next.
    public var description: String {
        switch self {
        case let .unreadableDirectory(path, reason):
            return "\(path): cannot read the data folder (\(reason)); check the path"
        case let .unknownLayout(path):
            return """
                \(path): no supported data layout found. Expected one of: images/ + tags.csv \
                (lines "<id>,<tag> <tag> ..."); faces/ + tags_clean.csv; image files + \
                tags.csv (lines "<file>,<tag> <tag> ..."); or one subfolder of images per class
                """
        case let .unreadableTagsFile(path, reason):
            return "\(path): cannot read the tags file (\(reason)); check that it is UTF-8 text"
        case let .emptyDataset(path, layout, reasons):
            let summary = reasons.prefix(5).joined(separator: "; ")
            return "\(path): no usable images in this \(layout.description) data set (\(summary)); run `acgan inspect` on it for details"
        case let .noTagsToLearn(path, minimumTagCount, mostFrequent):
            guard let mostFrequent else {
                // Continuous values (name=value) alone: D classifies tags, so it needs some.
                return "\(path): the lines have no tags, so no vocabulary can be inferred; every image needs at least "
                    + "one tag beside any name=value attributes (ACGAN's discriminator classifies the tags)"
            }
            return "\(path): no tag is on at least \(minimumTagCount) lines (the most frequent, \"\(mostFrequent.tag)\", "
                + "is on \(mostFrequent.count)), so no vocabulary can be inferred; lower --min-tag-count or pass --vocabulary FILE"
        case let .invalidMinimumTagCount(count):
            return "minimum tag count \(count) is not allowed; use 1 or more (5 is the default)"
        case let .invalidImageSize(size):
            return "image size \(size) is not supported; use a size in 1...1024 (64 is the usual)"
        case let .invalidBatchSize(batchSize, count):
            return "batch size \(batchSize) does not fit a data set of \(count) images; use 1...\(count)"
        case let .flipWithoutMirror(attributes):
            return Self.flipRefusal(attributes: attributes)
        }
    }

    /// Why flips cannot be used with continuous attributes whose mirror behaviour is not stated,
    /// and what to do (the message training prints when it turns flips off).
    public static func flipRefusal(attributes: [String]) -> String {
        "horizontal flips are off: the vocabulary does not say what a mirror does to "
            + attributes.joined(separator: ", ")
            + " (write \"mirror\": \"negate\" or \"keep\" for each in the file `acgan vocabulary --data DIR` prints, "
            + "and pass it with --vocabulary)"
    }
}
