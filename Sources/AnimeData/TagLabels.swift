/// A fully specified label: one value index per group, one Bool per binary tag and one value
/// per continuous attribute (in its own units, not scaled), in the order of a `TagVocabulary`.
public struct TagLabels: Codable, Sendable, Equatable, Hashable {
    /// For each group, the index of its value.
    public var groupIndices: [Int]
    /// For each binary tag, whether it is on.
    public var binaryTags: [Bool]
    /// For each continuous attribute, its value (empty for a vocabulary without them).
    public var continuous: [Double]

    /// Creates labels from group value indices, binary tag flags and continuous values.
    public init(groupIndices: [Int], binaryTags: [Bool], continuous: [Double] = []) {
        self.groupIndices = groupIndices
        self.binaryTags = binaryTags
        self.continuous = continuous
    }

    private enum CodingKeys: String, CodingKey {
        case groupIndices, binaryTags, continuous
    }

    /// Decodes labels; labels written before continuous attributes existed have none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        groupIndices = try c.decode([Int].self, forKey: .groupIndices)
        binaryTags = try c.decode([Bool].self, forKey: .binaryTags)
        continuous = try c.decodeIfPresent([Double].self, forKey: .continuous) ?? []
    }

    /// Encodes the labels, "continuous" only when there are values (files of models without
    /// continuous attributes stay as they were).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(groupIndices, forKey: .groupIndices)
        try c.encode(binaryTags, forKey: .binaryTags)
        if !continuous.isEmpty { try c.encode(continuous, forKey: .continuous) }
    }

    /// The labels of the horizontally mirrored image: each continuous value the vocabulary
    /// marks `.negate` changes sign; everything else stays.
    public func mirrored(under vocabulary: TagVocabulary) -> TagLabels {
        var result = self
        for (index, attribute) in vocabulary.continuous.enumerated() where index < continuous.count {
            result.continuous[index] = attribute.mirrored(continuous[index])
        }
        return result
    }
}

/// A partial choice of tags, as typed by a user: `nil` means "random" (drawn from the priors).
public struct TagSelection: Codable, Sendable, Equatable {
    /// For each group, the chosen value index or nil for random.
    public var groupIndices: [Int?]
    /// For each binary tag, on/off or nil for random.
    public var binaryTags: [Bool?]
    /// For each continuous attribute, the chosen value or nil for random. May be shorter than
    /// the vocabulary's list (or empty): attributes past its end are random.
    public var continuous: [Double?]

    /// Creates a selection; the group and tag counts must match the vocabulary it is
    /// completed with.
    public init(groupIndices: [Int?], binaryTags: [Bool?], continuous: [Double?] = []) {
        self.groupIndices = groupIndices
        self.binaryTags = binaryTags
        self.continuous = continuous
    }

    /// An all-random selection for `vocabulary`.
    public init(allRandomFor vocabulary: TagVocabulary) {
        groupIndices = Array(repeating: nil, count: vocabulary.groups.count)
        binaryTags = Array(repeating: nil, count: vocabulary.binaryTags.count)
        continuous = Array(repeating: nil, count: vocabulary.continuous.count)
    }

    private enum CodingKeys: String, CodingKey {
        case groupIndices, binaryTags, continuous
    }

    /// Decodes a selection; one written before continuous attributes existed has none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        groupIndices = try c.decode([Int?].self, forKey: .groupIndices)
        binaryTags = try c.decode([Bool?].self, forKey: .binaryTags)
        continuous = try c.decodeIfPresent([Double?].self, forKey: .continuous) ?? []
    }

    /// Encodes the selection, "continuous" only when it has entries.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(groupIndices, forKey: .groupIndices)
        try c.encode(binaryTags, forKey: .binaryTags)
        if !continuous.isEmpty { try c.encode(continuous, forKey: .continuous) }
    }

    /// The chosen value of continuous attribute `index`, or nil (random).
    public func continuousValue(_ index: Int) -> Double? {
        index < continuous.count ? continuous[index] : nil
    }

    /// Fills every `nil` by drawing from the vocabulary's priors: a group value by its prior
    /// (inverse CDF of one uniform draw), a binary tag as on with probability `prior`.
    /// A continuous value is drawn from the attribute's observed distribution (uniformly over
    /// its range without one). Draws happen in a fixed order (groups, then tags, then
    /// continuous attributes; one draw per random entry only), so the result is deterministic
    /// for a seeded generator.
    public func completed<R: RandomNumberGenerator>(
        vocabulary: TagVocabulary, using rng: inout R
    ) -> TagLabels {
        var indices: [Int] = []
        for (groupIndex, group) in vocabulary.groups.enumerated() {
            if let chosen = groupIndices[groupIndex] {
                indices.append(chosen)
                continue
            }
            let draw = Double.random(in: 0..<1, using: &rng)
            var cumulative = 0.0
            var picked = group.values.count - 1
            for (valueIndex, prior) in group.priors.enumerated() {
                cumulative += prior
                if draw < cumulative {
                    picked = valueIndex
                    break
                }
            }
            indices.append(picked)
        }
        var flags: [Bool] = []
        for (tagIndex, tag) in vocabulary.binaryTags.enumerated() {
            if let chosen = binaryTags[tagIndex] {
                flags.append(chosen)
            } else {
                flags.append(Double.random(in: 0..<1, using: &rng) < tag.prior)
            }
        }
        var values: [Double] = []
        for (index, attribute) in vocabulary.continuous.enumerated() {
            values.append(continuousValue(index) ?? attribute.value(quantile: Double.random(in: 0..<1, using: &rng)))
        }
        return TagLabels(groupIndices: indices, binaryTags: flags, continuous: values)
    }
}
