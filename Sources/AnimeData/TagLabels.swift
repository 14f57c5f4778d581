/// A fully specified label: one value index per group and one Bool per binary tag, in the
/// order of a `TagVocabulary`.
public struct TagLabels: Codable, Sendable, Equatable, Hashable {
    /// For each group, the index of its value.
    public var groupIndices: [Int]
    /// For each binary tag, whether it is on.
    public var binaryTags: [Bool]

    /// Creates labels from group value indices and binary tag flags.
    public init(groupIndices: [Int], binaryTags: [Bool]) {
        self.groupIndices = groupIndices
        self.binaryTags = binaryTags
    }
}

/// A partial choice of tags, as typed by a user: `nil` means "random" (drawn from the priors).
public struct TagSelection: Codable, Sendable, Equatable {
    /// For each group, the chosen value index or nil for random.
    public var groupIndices: [Int?]
    /// For each binary tag, on/off or nil for random.
    public var binaryTags: [Bool?]

    /// Creates a selection; the counts must match the vocabulary it is completed with.
    public init(groupIndices: [Int?], binaryTags: [Bool?]) {
        self.groupIndices = groupIndices
        self.binaryTags = binaryTags
    }

    /// An all-random selection for `vocabulary`.
    public init(allRandomFor vocabulary: TagVocabulary) {
        groupIndices = Array(repeating: nil, count: vocabulary.groups.count)
        binaryTags = Array(repeating: nil, count: vocabulary.binaryTags.count)
    }

    /// Fills every `nil` by drawing from the vocabulary's priors: a group value by its prior
    /// (inverse CDF of one uniform draw), a binary tag as on with probability `prior`.
    /// Draws happen in a fixed order (groups, then tags; one draw per random entry only), so
    /// the result is deterministic for a seeded generator.
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
        return TagLabels(groupIndices: indices, binaryTags: flags)
    }
}
