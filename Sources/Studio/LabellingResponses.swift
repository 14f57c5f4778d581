import AnimeData
import Foundation

/// `GET /api/datasets/{name}/suggestions`: the faces of a data set that need tags, with what
/// its latest finished classifier run suggests for each, a page at a time.
public struct DatasetSuggestions: Codable, Sendable, Equatable {
    /// The data set's tags, for choosing them by hand.
    public struct Vocabulary: Codable, Sendable, Equatable {
        public struct Group: Codable, Sendable, Equatable {
            public var name: String
            public var values: [String]
        }
        public var groups: [Group]
        public var binaryTags: [String]

        init(_ vocabulary: TagVocabulary) {
            groups = vocabulary.groups.map { Group(name: $0.name, values: $0.values) }
            binaryTags = vocabulary.binaryTags.map(\.name)
        }
    }

    /// One face and its suggestion.
    public struct Face: Codable, Sendable, Equatable {
        /// The image, as the data set names it ("images/17.png"); `POST .../labels` takes it.
        public var file: String
        /// "untagged" (no line in tags.csv), "unreadable" (a line whose tags do not read), or
        /// "tagged" (listed with `disputed=true` when the classifier suggests other tags).
        public var status: String
        /// The tags it has now: the line's text, or the labels' text of a tagged face.
        public var currentTags: String?
        /// The suggested tags as tag text, and the face's confidence (the smallest of its
        /// attributes' confidences).
        public var tags: String
        public var confidence: Double
        /// Per group: the value, its probability and every value's probability.
        public var groups: [TagSuggestions.GroupSuggestion]
        /// Per binary tag: on or off and the probability of that side.
        public var binaryTags: [TagSuggestions.BinaryTagSuggestion]
        /// Base64 PNG of the face at 64x64 (absent when the image no longer decodes).
        public var png: String?
    }

    public var dataset: String
    /// Whether labels can be written (`POST .../labels`); `readOnly` says why not.
    public var writable: Bool
    public var readOnly: String?
    /// The classifier run the suggestions come from ("run-3"); absent when the data set has
    /// no finished classifier run yet.
    public var run: String?
    /// That classifier's held-out accuracy (every attribute pooled).
    public var heldOutAccuracy: Double?
    /// Images without usable tags now, and how many of them the run has no suggestion for
    /// (added since it ran, or unreadable).
    public var needingLabels: Int
    public var withoutSuggestion: Int
    /// Why the suggestions no longer fit the data set (its tags changed), when they do not.
    public var stale: String?
    /// The data set's tags.
    public var vocabulary: Vocabulary
    /// Faces listed, over all pages; the first one of this page; and the confidence of every
    /// listed face without usable tags, in listing order (the faces `min_confidence` takes,
    /// so a page can count those above a threshold).
    public var matching: Int
    public var offset: Int
    public var confidences: [Double]
    /// This page.
    public var faces: [Face]
    /// Images the suggest step could not read.
    public var skipped: [LoadReport.Rejection]
}

/// `POST /api/datasets/{name}/labels`: tags for some faces, given one by one (accepted or
/// corrected), or every suggestion of the latest classifier run at or above a confidence.
public struct LabelsRequest: Codable, Sendable, Equatable {
    /// One face's tags.
    public struct Label: Codable, Sendable, Equatable {
        /// The image as the data set names it ("images/17.png").
        public var image: String
        /// Tag text with one value of every group and the binary tags that are on
        /// ("blue hair red eyes glasses").
        public var tags: String

        public init(image: String, tags: String) {
            self.image = image
            self.tags = tags
        }
    }

    public var labels: [Label]?
    /// Accept every suggestion for a face without usable tags whose confidence is at least this.
    public var minConfidence: Double?
    /// With `min_confidence`: images to leave out (faces a person skipped).
    public var skip: [String]?

    enum CodingKeys: String, CodingKey {
        case labels, skip, minConfidence = "min_confidence"
    }

    /// The JSON field names, at the top level and in each label.
    static let fieldNames: Set<String> = ["labels", "min_confidence", "skip"]
    static let labelFieldNames: Set<String> = ["image", "tags"]

    public init(labels: [Label]? = nil, minConfidence: Double? = nil, skip: [String]? = nil) {
        self.labels = labels
        self.minConfidence = minConfidence
        self.skip = skip
    }
}

/// What `POST /api/datasets/{name}/labels` wrote.
public struct LabelsResponse: Codable, Sendable, Equatable {
    public var dataset: String
    /// Faces labelled: lines replaced plus lines added.
    public var written: Int
    public var replaced: Int
    public var added: Int
    /// The previous tags.csv, kept beside it ("tags.csv.1"; older ones are tags.csv.2 to .5);
    /// absent when nothing was written.
    public var backup: String?
    /// The labels written, in the vocabulary's spelling.
    public var labelled: [LabelsRequest.Label]
    /// Images still without usable tags.
    public var needingLabels: Int
}
