/// Which vocabulary a data set was read with, and why: given by the user, built in, or
/// inferred from the tags. The commands print it, so the choice is never silent.
public struct VocabularyChoice: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Where the vocabulary came from.
    public enum Source: String, Codable, Sendable, Equatable {
        /// Passed in (`--vocabulary FILE`), used as is.
        case given
        /// A built-in vocabulary (hair/eye colours, the synthetic avatars' set).
        case builtIn
        /// Built from the tags or folder names of the data.
        case inferred
    }

    /// A tag seen too rarely to be learnt, and on how many lines it was seen.
    public struct RareTag: Codable, Sendable, Equatable {
        /// The tag as written in the data (lowercased), e.g. "digit_6" or "hair:teal".
        public var tag: String
        /// Lines it appears on.
        public var count: Int

        /// Creates an entry.
        public init(tag: String, count: Int) {
            self.tag = tag
            self.count = count
        }
    }

    /// Where the vocabulary came from.
    public var source: Source
    /// Which one, e.g. "the synthetic avatars' tags" or "inferred from tags.csv".
    public var name: String
    /// Why it was chosen, e.g. "it labels 498 of 500 lines (99.6%)".
    public var reason: String
    /// Tags seen on fewer lines than the minimum: reported, not learnt (inferred vocabularies only).
    public var rareTags: [RareTag]
    /// The minimum count rare tags were measured against (inferred vocabularies only).
    public var minimumTagCount: Int?

    /// Creates a choice record.
    public init(source: Source, name: String, reason: String, rareTags: [RareTag] = [], minimumTagCount: Int? = nil) {
        self.source = source
        self.name = name
        self.reason = reason
        self.rareTags = rareTags
        self.minimumTagCount = minimumTagCount
    }

    /// One line (two with rare tags): "vocabulary: <name> (<reason>)", then the tags not learnt.
    public var description: String {
        var text = "vocabulary: \(name) (\(reason))"
        if !rareTags.isEmpty, let minimumTagCount {
            let shown = rareTags.prefix(20).map { "\($0.tag) (\($0.count))" }.joined(separator: ", ")
            let more = rareTags.count > 20 ? " and \(rareTags.count - 20) more" : ""
            text += "\nnot learnt, seen on fewer than \(minimumTagCount) lines (--min-tag-count): \(shown)\(more)"
        }
        return text
    }
}
