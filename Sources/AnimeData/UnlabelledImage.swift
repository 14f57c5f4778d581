/// An image of a `tags.csv` data set that training skips because it has no usable tags: no
/// line in `tags.csv`, or a line whose tags do not read under the vocabulary (an unknown or
/// too rare tag, a group without a value). Loading lists it among the rejections; assisted
/// labelling (`acgan classifier suggest`, the studio's labelling view) offers tags for it.
public struct UnlabelledImage: Codable, Sendable, Equatable, Hashable {
    /// The image, relative to the data folder ("images/17.png", or "17.png" beside tags.csv).
    public var file: String
    /// Why it has no labels: `UnlabelledImage.noLine`, or "tags.csv line N: ..." with the
    /// parser's reason.
    public var reason: String
    /// The tag text of its line, when it has one that does not read.
    public var lineText: String?

    /// A record of one unlabelled image.
    public init(file: String, reason: String, lineText: String? = nil) {
        self.file = file
        self.reason = reason
        self.lineText = lineText
    }

    /// The reason of an image that `tags.csv` does not mention.
    public static let noLine = "no line in tags.csv"

    /// Whether the image has no line at all (rather than a line that does not read).
    public var isUntagged: Bool { lineText == nil }
}
