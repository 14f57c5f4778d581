import Foundation

/// The tags a model is conditioned on: categorical groups (exactly one value each, such as
/// hair colour), binary tags (such as glasses) and continuous attributes (such as face size).
///
/// The order defines the condition vector fed to the generator and predicted by the
/// discriminator: one one-hot block per group, in group order, then one 0/1 entry per binary
/// tag, then one value in [-1, 1] per continuous attribute (its value scaled over its range).
/// Checkpoints store their vocabulary as JSON so that a model always reads its own layout; a
/// vocabulary without continuous attributes writes no "continuous" key, byte for byte as
/// before they existed.
public struct TagVocabulary: Codable, Sendable, Equatable {
    /// A categorical attribute: every image has exactly one of its values.
    public struct Group: Codable, Sendable, Equatable {
        /// Human-readable name, e.g. "hair color".
        public var name: String
        /// Full tag phrases as they appear in tag text, e.g. "blonde hair", "twin tail".
        public var values: [String]
        /// One probability per value, summing to 1; used when a value is left "random".
        public var priors: [Double]

        /// Creates a group; `priors` defaults to uniform and is normalised to sum to 1.
        public init(name: String, values: [String], priors: [Double]? = nil) {
            self.name = name
            self.values = values
            let raw = priors ?? Array(repeating: 1, count: values.count)
            precondition(raw.count == values.count, "group \(name): one prior per value")
            let total = raw.reduce(0, +)
            self.priors = total > 0 ? raw.map { $0 / total } : raw
        }
    }

    /// An on/off attribute such as "glasses" or "open mouth".
    public struct BinaryTag: Codable, Sendable, Equatable {
        /// The tag phrase, e.g. "open mouth".
        public var name: String
        /// Probability of "on" when the tag is left "random".
        public var prior: Double

        /// Creates a binary tag with its prior probability of being on.
        public init(name: String, prior: Double) {
            self.name = name
            self.prior = prior
        }
    }

    /// The categorical groups, in condition-vector order.
    public var groups: [Group]
    /// The binary tags, in condition-vector order (after all groups).
    public var binaryTags: [BinaryTag]
    /// The continuous attributes, in condition-vector order (after the binary tags).
    public var continuous: [ContinuousAttribute]

    /// Creates a vocabulary from its groups, binary tags and continuous attributes (in
    /// condition-vector order).
    public init(groups: [Group], binaryTags: [BinaryTag] = [], continuous: [ContinuousAttribute] = []) {
        self.groups = groups
        self.binaryTags = binaryTags
        self.continuous = continuous
    }

    private enum CodingKeys: String, CodingKey {
        case groups, binaryTags, continuous
    }

    /// Decodes a vocabulary; one written before continuous attributes existed has none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        groups = try c.decode([Group].self, forKey: .groups)
        binaryTags = try c.decode([BinaryTag].self, forKey: .binaryTags)
        continuous = try c.decodeIfPresent([ContinuousAttribute].self, forKey: .continuous) ?? []
    }

    /// Encodes the vocabulary; "continuous" only when there are continuous attributes, so that
    /// the JSON of a vocabulary without them (and so a checkpoint's metadata) is unchanged.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(groups, forKey: .groups)
        try c.encode(binaryTags, forKey: .binaryTags)
        if !continuous.isEmpty { try c.encode(continuous, forKey: .continuous) }
    }

    /// Length of the condition vector: the sum of the group sizes, plus the binary tag count,
    /// plus the continuous attribute count.
    public var conditionLength: Int { tagConditionLength + continuous.count }

    /// Length of the tag part of the condition vector (groups and binary tags); the continuous
    /// values start here.
    public var tagConditionLength: Int { groupSizes.reduce(0, +) + binaryTags.count }

    /// The vocabulary without its continuous attributes (the tags alone).
    public var withoutContinuous: TagVocabulary { TagVocabulary(groups: groups, binaryTags: binaryTags) }

    /// The learned codes (`ContinuousAttribute.learned`): the last continuous attributes of a
    /// model trained with `--info-codes`, none in a data set's vocabulary.
    public var learnedCodes: [ContinuousAttribute] { continuous.filter(\.learned) }

    /// The vocabulary without its learned codes: the attributes a data set labels (what an
    /// attribute classifier of the model's data reads).
    public var withoutLearnedCodes: TagVocabulary {
        TagVocabulary(groups: groups, binaryTags: binaryTags, continuous: continuous.filter { !$0.learned })
    }

    /// This vocabulary with `count` learned codes (`code1` ... ) after its continuous attributes:
    /// a model's vocabulary when it trains with `--info-codes count`.
    /// - Throws: `TagVocabularyError.learnedCodeNameTaken` when the data already has an
    ///   attribute of a code's name, or the vocabulary already has codes.
    public func withLearnedCodes(_ count: Int) throws -> TagVocabulary {
        guard count > 0 else { return self }
        if let existing = learnedCodes.first { throw TagVocabularyError.learnedCodeNameTaken(name: existing.name) }
        let codes = (0..<count).map(ContinuousAttribute.learnedCode)
        let taken = Set(continuous.map(\.name) + allPhrases)
        if let clash = codes.first(where: { taken.contains($0.name) }) {
            throw TagVocabularyError.learnedCodeNameTaken(name: clash.name)
        }
        return TagVocabulary(groups: groups, binaryTags: binaryTags, continuous: continuous + codes)
    }

    /// The continuous attributes whose mirror behaviour is not stated: flipping images would
    /// pair them with wrong values, so training turns flips off while there is one.
    public var continuousWithoutMirror: [ContinuousAttribute] { continuous.filter { $0.mirror == nil && !$0.learned } }

    /// Number of values in each group, in order.
    public var groupSizes: [Int] { groups.map(\.values.count) }

    /// The condition vector for fully specified labels: one-hot per group, then 0/1 per tag,
    /// then each continuous value scaled to [-1, 1].
    public func condition(for labels: TagLabels) -> [Float] {
        var vector = [Float](repeating: 0, count: conditionLength)
        writeCondition(for: labels, into: &vector, at: 0)
        return vector
    }

    /// Writes the condition vector of `labels` into `buffer` starting at `offset`
    /// (used to fill a batch's (N, T) condition matrix without temporary arrays).
    public func writeCondition(for labels: TagLabels, into buffer: inout [Float], at offset: Int) {
        var start = offset
        for (groupIndex, group) in groups.enumerated() {
            for valueIndex in 0..<group.values.count {
                buffer[start + valueIndex] = valueIndex == labels.groupIndices[groupIndex] ? 1 : 0
            }
            start += group.values.count
        }
        for tagIndex in binaryTags.indices {
            buffer[start + tagIndex] = labels.binaryTags[tagIndex] ? 1 : 0
        }
        start += binaryTags.count
        precondition(labels.continuous.count == continuous.count,
                     "labels have \(labels.continuous.count) continuous values, the vocabulary \(continuous.count) attributes")
        for (index, attribute) in continuous.enumerated() {
            buffer[start + index] = attribute.scaled(labels.continuous[index])
        }
    }

    /// The tag text of fully specified labels, e.g. "blonde hair twin tail blue eyes smile":
    /// group values in group order, then the binary tags that are on, then `name=value` per
    /// continuous attribute (when the labels have values). `parse` reads it back.
    public func text(for labels: TagLabels) -> String {
        var phrases: [String] = []
        for (groupIndex, group) in groups.enumerated() {
            phrases.append(group.values[labels.groupIndices[groupIndex]])
        }
        for (tagIndex, tag) in binaryTags.enumerated() where labels.binaryTags[tagIndex] {
            phrases.append(tag.name)
        }
        for (index, attribute) in continuous.enumerated() where index < labels.continuous.count {
            phrases.append("\(attribute.name)=\(ContinuousAttribute.format(labels.continuous[index]))")
        }
        return phrases.joined(separator: " ")
    }

    /// Every known tag phrase: all group values, then all binary tags.
    public var allPhrases: [String] { groups.flatMap(\.values) + binaryTags.map(\.name) }

    /// The vocabulary as pretty-printed JSON with sorted keys (stable bytes for checkpoints).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a vocabulary written by `jsonData()`; checks that every group is usable.
    public init(jsonData: Data) throws {
        let decoded: TagVocabulary
        do {
            decoded = try JSONDecoder().decode(TagVocabulary.self, from: jsonData)
        } catch let error as DecodingError {
            throw TagVocabularyError.invalidJSON(reason: Self.summary(of: error))
        } catch {
            throw TagVocabularyError.invalidJSON(reason: "\(error)")
        }
        for group in decoded.groups where group.values.isEmpty || group.values.count != group.priors.count {
            throw TagVocabularyError.invalidJSON(
                reason: "group \"\(group.name)\" needs at least one value and one prior per value")
        }
        for attribute in decoded.continuous {
            if let problem = attribute.problem { throw TagVocabularyError.invalidJSON(reason: problem) }
        }
        if let code = decoded.continuous.drop(while: { !$0.learned }).first(where: { !$0.learned }) {
            throw TagVocabularyError.invalidJSON(reason: "continuous attribute \"\(code.name)\" comes after a learned code: learned codes are the last continuous attributes")
        }
        let names = decoded.continuous.map(\.name)
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw TagVocabularyError.invalidJSON(reason: "continuous attribute \"\(repeated)\" is listed twice")
        }
        self = decoded
    }

    /// A one-line account of a decoding error: where in the JSON, and what was wrong.
    static func summary(of error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : keys
        }
        switch error {
        case let .keyNotFound(key, context):
            return "\"\(key.stringValue)\" is missing at \(path(context))"
        case let .typeMismatch(type, context):
            return "\(path(context)) should be \(type)"
        case let .valueNotFound(type, context):
            return "\(path(context)) should be \(type), not null"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)".replacingOccurrences(of: "\n", with: " ")
        }
    }
}
