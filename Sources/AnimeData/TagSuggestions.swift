import Foundation

/// Tags an attribute classifier suggests for the images of a data set, with its confidence:
/// what `acgan classifier suggest` writes (`suggestions.json`) and the studio's labelling
/// view reads. JSON, keys as the properties are named.
///
/// Confidence: for a categorical group, the softmax probability of the value chosen (the most
/// likely); for a binary tag, the probability of the side chosen (p when on, 1 - p when off);
/// for a face, the smallest of its attributes' confidences, so "confidence at least 0.9" means
/// every attribute of the face is at least 0.9.
public struct TagSuggestions: Codable, Sendable, Equatable {
    /// One categorical group's suggested value.
    public struct GroupSuggestion: Codable, Sendable, Equatable {
        /// The group's name ("hair color").
        public var group: String
        /// The most likely value ("blue hair").
        public var value: String
        /// Its probability.
        public var confidence: Double
        /// The probability of every value of the group, in the vocabulary's order.
        public var probabilities: [Double]

        /// A group's suggestion.
        public init(group: String, value: String, confidence: Double, probabilities: [Double]) {
            self.group = group
            self.value = value
            self.confidence = confidence
            self.probabilities = probabilities
        }
    }

    /// One binary tag's suggestion.
    public struct BinaryTagSuggestion: Codable, Sendable, Equatable {
        /// The tag ("glasses").
        public var tag: String
        /// Whether it is suggested on (its probability is above 0.5).
        public var on: Bool
        /// The probability of the side suggested.
        public var confidence: Double

        /// A binary tag's suggestion.
        public init(tag: String, on: Bool, confidence: Double) {
            self.tag = tag
            self.on = on
            self.confidence = confidence
        }
    }

    /// What the classifier says about one face.
    public struct Suggestion: Codable, Sendable, Equatable {
        /// The suggested tags as tag text ("blue hair red eyes glasses"), as a tags.csv line
        /// would have them (`TagVocabulary.text(for:)`).
        public var tags: String
        /// The face's confidence: the smallest of its attributes'.
        public var confidence: Double
        /// Per categorical group, in the vocabulary's order.
        public var groups: [GroupSuggestion]
        /// Per binary tag, in the vocabulary's order.
        public var binaryTags: [BinaryTagSuggestion]

        /// A face's suggestion.
        public init(tags: String, confidence: Double, groups: [GroupSuggestion], binaryTags: [BinaryTagSuggestion]) {
            self.tags = tags
            self.confidence = confidence
            self.groups = groups
            self.binaryTags = binaryTags
        }
    }

    /// Why an image is in the file.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// No line in tags.csv.
        case untagged
        /// A line whose tags do not read (an unknown or too rare tag, a missing group).
        case unreadable
        /// Tagged; included with `--all`, so that faces the classifier disputes can be checked.
        case tagged
    }

    /// One image and its suggestion.
    public struct Face: Codable, Sendable, Equatable {
        /// The image, relative to the data folder ("images/17.png").
        public var file: String
        /// Why it is here.
        public var status: Status
        /// Its tags now: the line's text for `unreadable`, the labels' text for `tagged`.
        public var currentTags: String?
        /// What the classifier suggests.
        public var suggestion: Suggestion

        /// One face of the file.
        public init(file: String, status: Status, currentTags: String?, suggestion: Suggestion) {
            self.file = file
            self.status = status
            self.currentTags = currentTags
            self.suggestion = suggestion
        }

        /// Whether the classifier suggests other tags than the face has.
        public var isDisputed: Bool { status == .tagged && currentTags != suggestion.tags }
    }

    /// The `format` value.
    public static let fileFormat = "acgan-studio-suggestions/1"

    /// Always `fileFormat`.
    public var format: String
    /// The data folder, as given.
    public var dataset: String
    /// The classifier file, as given.
    public var classifier: String
    /// The vocabulary the tags are in (the data set's and the classifier's).
    public var vocabulary: TagVocabulary
    /// The classifier's held-out accuracy (every attribute pooled), when its file records it.
    public var heldOutAccuracy: Double?
    /// The faces, sorted by file.
    public var faces: [Face]
    /// Images that could not be read (corrupt, truncated), with the reason; nothing else is lost.
    public var skipped: [LoadReport.Rejection]

    /// A suggestions file.
    public init(dataset: String, classifier: String, vocabulary: TagVocabulary, heldOutAccuracy: Double?,
                faces: [Face], skipped: [LoadReport.Rejection]) {
        format = Self.fileFormat
        self.dataset = dataset
        self.classifier = classifier
        self.vocabulary = vocabulary
        self.heldOutAccuracy = heldOutAccuracy
        self.faces = faces
        self.skipped = skipped
    }

    /// The suggestion of the logits (one row, laid out like the condition vector: one block
    /// of softmax logits per group, then one sigmoid logit per binary tag, then one scaled value
    /// per continuous attribute) under `vocabulary`. The confidence is the tags' alone; the
    /// continuous values read are in the text (`name=value`), so accepting it writes them.
    public static func suggestion(logits: ArraySlice<Float>, vocabulary: TagVocabulary) -> Suggestion {
        precondition(logits.count == vocabulary.conditionLength,
                     "\(logits.count) logits for a condition of \(vocabulary.conditionLength)")
        var start = logits.startIndex
        var groups: [GroupSuggestion] = []
        var indices: [Int] = []
        for group in vocabulary.groups {
            let block = logits[start..<(start + group.values.count)].map(Double.init)
            let largest = block.max() ?? 0
            let exponentials = block.map { Foundation.exp($0 - largest) }  // shifted: no overflow
            let total = exponentials.reduce(0, +)
            let probabilities = exponentials.map { $0 / total }
            var best = 0  // the first of equal values, as the classifier's predictions choose
            for index in probabilities.indices where probabilities[index] > probabilities[best] { best = index }
            groups.append(GroupSuggestion(group: group.name, value: group.values[best], confidence: probabilities[best],
                                          probabilities: probabilities))
            indices.append(best)
            start += group.values.count
        }
        var tags: [BinaryTagSuggestion] = []
        for tag in vocabulary.binaryTags {
            let logit = Double(logits[start])
            let probability = 1 / (1 + Foundation.exp(-logit))
            tags.append(BinaryTagSuggestion(tag: tag.name, on: logit > 0, confidence: logit > 0 ? probability : 1 - probability))
            start += 1
        }
        // Continuous attributes: the classifier's reading, in range, to 4 decimals, so that the
        // suggested text is a complete tags.csv line for a set that has them.
        let values = vocabulary.continuous.enumerated().map { k, attribute in
            let read = attribute.value(scaled: max(-1, min(1, logits[start + k])))
            return min(attribute.maximum, max(attribute.minimum, (read * 10_000).rounded() / 10_000))
        }
        let labels = TagLabels(groupIndices: indices, binaryTags: tags.map(\.on), continuous: values)
        let confidence = (groups.map(\.confidence) + tags.map(\.confidence)).min() ?? 1
        return Suggestion(tags: vocabulary.text(for: labels), confidence: confidence, groups: groups, binaryTags: tags)
    }

    /// The JSON of the file (pretty-printed, sorted keys).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a file written by `jsonData()`.
    /// - Throws: `TagSuggestionsError` when it is not JSON of this format.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TagSuggestionsError.unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        do {
            self = try JSONDecoder().decode(TagSuggestions.self, from: data)
        } catch let error as DecodingError {
            throw TagSuggestionsError.unreadable(path: url.path, reason: TagVocabulary.summary(of: error))
        }
        guard format == Self.fileFormat else {
            throw TagSuggestionsError.unreadable(path: url.path, reason: "its format is \"\(format)\", not \(Self.fileFormat)")
        }
    }

    /// Writes the file atomically: a temporary sibling renamed over `url`.
    public func write(to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try jsonData().write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw TagSuggestionsError.writeFailed(path: url.path, reason: (error as NSError).localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TagSuggestionsError.writeFailed(path: url.path, reason: reason)
        }
    }
}

/// A suggestions file that cannot be read or written.
public enum TagSuggestionsError: Error, CustomStringConvertible, Equatable {
    /// Missing, not JSON, or another format.
    case unreadable(path: String, reason: String)
    /// The file could not be written.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): not a suggestions file (\(reason)); write one with `acgan classifier suggest`"
        case let .writeFailed(path, reason):
            return "could not write \(path): \(reason); check that the folder exists and is writable"
        }
    }
}
