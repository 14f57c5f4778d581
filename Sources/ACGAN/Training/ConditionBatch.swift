import AnimeData
import Tensors
import Randomness

/// How a condition vector is laid out: one one-hot block per categorical group, then one 0/1
/// entry per binary tag, then one value in [-1, 1] per continuous attribute (the order of the
/// tag vocabulary).
public struct ConditionLayout: Codable, Sendable, Equatable {
    /// The size of each categorical group, in order.
    public var groupSizes: [Int]
    /// The number of binary tags after the groups.
    public var binaryCount: Int
    /// The number of continuous attributes after the binary tags (learned codes included).
    public var continuousCount: Int
    /// How many of the continuous attributes, the last ones, are learned codes (InfoGAN).
    public var codeCount: Int

    public init(groupSizes: [Int], binaryCount: Int, continuousCount: Int = 0, codeCount: Int = 0) {
        precondition(codeCount <= continuousCount, "\(codeCount) learned codes among \(continuousCount) continuous attributes")
        self.groupSizes = groupSizes
        self.binaryCount = binaryCount
        self.continuousCount = continuousCount
        self.codeCount = codeCount
    }

    /// The layout of a vocabulary's condition vector.
    public init(_ vocabulary: TagVocabulary) {
        self.init(groupSizes: vocabulary.groupSizes, binaryCount: vocabulary.binaryTags.count,
                  continuousCount: vocabulary.continuous.count, codeCount: vocabulary.learnedCodes.count)
    }

    /// The continuous attributes of the data (before the learned codes).
    public var dataContinuousCount: Int { continuousCount - codeCount }

    private enum CodingKeys: String, CodingKey {
        case groupSizes, binaryCount, continuousCount, codeCount
    }

    /// Encodes the layout; "codeCount" only when there are learned codes.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(groupSizes, forKey: .groupSizes)
        try c.encode(binaryCount, forKey: .binaryCount)
        try c.encode(continuousCount, forKey: .continuousCount)
        if codeCount != 0 { try c.encode(codeCount, forKey: .codeCount) }
    }

    /// Decodes a layout; one written before continuous attributes existed has none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        groupSizes = try c.decode([Int].self, forKey: .groupSizes)
        binaryCount = try c.decode(Int.self, forKey: .binaryCount)
        continuousCount = try c.decodeIfPresent(Int.self, forKey: .continuousCount) ?? 0
        codeCount = try c.decodeIfPresent(Int.self, forKey: .codeCount) ?? 0
    }

    /// The length of the condition vector.
    public var length: Int { continuousOffset + continuousCount }

    /// Where the continuous values start in the condition vector (after groups and tags).
    public var continuousOffset: Int { groupSizes.reduce(0, +) + binaryCount }

    /// Where group `g` starts in the condition vector.
    public func groupOffset(_ g: Int) -> Int { groupSizes[..<g].reduce(0, +) }
}

/// The labels of a batch, in the two forms the model needs: the condition vector c fed to G,
/// and class indices / 0-1 targets / scaled values for D's classification loss.
public struct ConditionBatch {
    /// (N, T): one-hot per group, then the binary tags, then the scaled continuous values.
    public let condition: Tensor
    /// One array of N class indices per categorical group.
    public let groupIndices: [[Int32]]
    /// (N, binaryCount) 0/1 targets, nil when there are no binary tags.
    public let binaryTargets: Tensor?
    /// (N, continuousCount) continuous values scaled to [-1, 1] (D's regression targets), nil
    /// when there are no continuous attributes.
    public let continuousTargets: Tensor?
    /// The layout.
    public let layout: ConditionLayout

    /// The batch size.
    public var count: Int { condition.shape[0] }

    /// Builds the batch from class indices per group, per-sample binary tags and per-sample
    /// scaled continuous values (one row of `layout.continuousCount` per sample, or none at all
    /// when the layout has no continuous attributes).
    public init(layout: ConditionLayout, groupIndices: [[Int32]], binaryTags: [[Bool]], continuous: [[Float]] = []) {
        let n = groupIndices.first?.count ?? binaryTags.count
        precondition(groupIndices.count == layout.groupSizes.count && groupIndices.allSatisfy { $0.count == n })
        precondition(binaryTags.count == n && binaryTags.allSatisfy { $0.count == layout.binaryCount })
        precondition(layout.continuousCount == 0 ? continuous.isEmpty
                     : continuous.count == n && continuous.allSatisfy { $0.count == layout.continuousCount },
                     "one row of \(layout.continuousCount) continuous values per sample")
        var c = [Float](repeating: 0, count: n * layout.length)
        var targets = [Float](repeating: 0, count: n * layout.binaryCount)
        for i in 0..<n {
            for (g, indices) in groupIndices.enumerated() {
                precondition(indices[i] >= 0 && Int(indices[i]) < layout.groupSizes[g], "class index out of range")
                c[i * layout.length + layout.groupOffset(g) + Int(indices[i])] = 1
            }
            let base = layout.groupSizes.reduce(0, +)
            for (b, on) in binaryTags[i].enumerated() where on {
                c[i * layout.length + base + b] = 1
                targets[i * layout.binaryCount + b] = 1
            }
            for (k, value) in (continuous.isEmpty ? [] : continuous[i]).enumerated() {
                c[i * layout.length + layout.continuousOffset + k] = value
            }
        }
        self.layout = layout
        self.groupIndices = groupIndices
        condition = Tensor(shape: [n, layout.length], scalars: c)
        binaryTargets = layout.binaryCount > 0 ? Tensor(shape: [n, layout.binaryCount], scalars: targets) : nil
        continuousTargets = layout.continuousCount > 0
            ? Tensor(shape: [n, layout.continuousCount], scalars: continuous.flatMap { $0 }) : nil
    }

    /// The batch of fully specified labels under `vocabulary` (continuous values scaled). Labels
    /// of real images have no values for the vocabulary's learned codes: those read 0 (no loss
    /// reads them for real images).
    public init(labels: [TagLabels], vocabulary: TagVocabulary) {
        let layout = ConditionLayout(vocabulary)
        self.init(layout: layout,
                  groupIndices: layout.groupSizes.indices.map { g in labels.map { Int32($0.groupIndices[g]) } },
                  binaryTags: labels.map(\.binaryTags),
                  continuous: layout.continuousCount == 0 ? [] : labels.map { label in
                      precondition(label.continuous.count == layout.continuousCount || label.continuous.count == layout.dataContinuousCount,
                                   "labels with \(label.continuous.count) continuous values for \(layout.continuousCount) attributes")
                      return zip(vocabulary.continuous, label.continuous).map { $0.scaled($1) }
                          + [Float](repeating: 0, count: layout.continuousCount - label.continuous.count)
                  })
    }

    /// Labels drawn uniformly at random (each group value and each tag equally likely, each
    /// scaled continuous value uniform in [-1, 1]), as the PyTorch reference's `sample_labels`.
    /// The continuous values are drawn after everything else, so a layout without them draws
    /// exactly as before they existed.
    public static func uniform(layout: ConditionLayout, count n: Int, using rng: inout RandomGenerator) -> ConditionBatch {
        let groups = layout.groupSizes.map { size in (0..<n).map { _ in Int32(rng.next() % UInt64(size)) } }
        let tags = (0..<n).map { _ in (0..<layout.binaryCount).map { _ in rng.next() & 1 == 1 } }
        let continuous = layout.continuousCount == 0 ? []
            : (0..<n).map { _ in (0..<layout.continuousCount).map { _ in rng.nextUniform() * 2 - 1 } }
        return ConditionBatch(layout: layout, groupIndices: groups, binaryTags: tags, continuous: continuous)
    }

    /// Rows `range` of this batch (this process's part of a batch split over processes).
    public func rows(_ range: Range<Int>) -> ConditionBatch {
        let binaryCount = layout.binaryCount, continuousCount = layout.continuousCount
        let targets = binaryTargets?.scalars ?? []
        let tags = range.map { i in (0..<binaryCount).map { targets[i * binaryCount + $0] == 1 } }
        let values = continuousTargets?.scalars ?? []
        let continuous = continuousCount == 0 ? [] : range.map { i in Array(values[(i * continuousCount)..<((i + 1) * continuousCount)]) }
        return ConditionBatch(layout: layout, groupIndices: groupIndices.map { Array($0[range]) }, binaryTags: tags,
                              continuous: continuous)
    }
}
