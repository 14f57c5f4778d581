/// What loading a data set found: how many images were kept, and every file or tag line that
/// was skipped, with the reason. Skipping is never fatal; an empty result is (see
/// `AnimeDataError.emptyDataset`).
public struct LoadReport: Codable, Sendable, Equatable {
    /// One skipped image file or tag line.
    public struct Rejection: Codable, Sendable, Equatable, Hashable {
        /// The file (relative to the data folder) or tags-file line it concerns.
        public var file: String
        /// Why it was skipped, e.g. "unknown tag \"wings\" ..." or "corrupt or truncated PNG ...".
        public var reason: String

        /// Creates a rejection record.
        public init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
    }

    /// The layout that was read.
    public var layout: DatasetLayout
    /// Images kept (decoded and labelled).
    public var imageCount: Int
    /// Images that could not be decoded (corrupt, truncated, empty, not an image).
    public var rejectedImages: [Rejection]
    /// Tag lines and files skipped before decoding: unknown tags, a group without a value,
    /// a line whose image is missing, an image without a line, duplicate lines.
    public var rejectedLines: [Rejection]
    /// Original sizes of the decoded images, e.g. ["96x96": 33000, "64x64": 12].
    public var originalSizes: [String: Int]
    /// The cache file used or written, if any (nil when the cache folder is not writable).
    public var cacheFile: String?
    /// Whether the pixels came from an existing cache instead of decoding.
    public var loadedFromCache: Bool
    /// Why the pixel cache could not be written, once per load (nil when it was written or
    /// read). Loading still succeeds; the loader's callers show it to the user.
    public var cacheWarning: String?
    /// Which vocabulary the tags were read with, and why (nil for data handed over in memory).
    public var vocabularyChoice: VocabularyChoice?

    /// Creates a report (the loader fills it in).
    public init(layout: DatasetLayout, imageCount: Int, rejectedImages: [Rejection], rejectedLines: [Rejection],
                originalSizes: [String: Int], cacheFile: String?, loadedFromCache: Bool, cacheWarning: String? = nil,
                vocabularyChoice: VocabularyChoice? = nil) {
        self.layout = layout
        self.imageCount = imageCount
        self.rejectedImages = rejectedImages
        self.rejectedLines = rejectedLines
        self.originalSizes = originalSizes
        self.cacheFile = cacheFile
        self.loadedFromCache = loadedFromCache
        self.cacheWarning = cacheWarning
        self.vocabularyChoice = vocabularyChoice
    }

    /// All skipped items, lines first.
    public var rejections: [Rejection] { rejectedLines + rejectedImages }
}
