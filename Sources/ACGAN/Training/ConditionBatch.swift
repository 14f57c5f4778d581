import Tensors
import Randomness

/// How a condition vector is laid out: one one-hot block per categorical group, then one 0/1
/// entry per binary tag (the order of the tag vocabulary).
public struct ConditionLayout: Codable, Sendable, Equatable {
    /// The size of each categorical group, in order.
    public var groupSizes: [Int]
    /// The number of binary tags after the groups.
    public var binaryCount: Int

    public init(groupSizes: [Int], binaryCount: Int) {
        self.groupSizes = groupSizes
        self.binaryCount = binaryCount
    }

    /// The length of the condition vector.
    public var length: Int { groupSizes.reduce(0, +) + binaryCount }

    /// Where group `g` starts in the condition vector.
    public func groupOffset(_ g: Int) -> Int { groupSizes[..<g].reduce(0, +) }
}

/// The labels of a batch, in the two forms the model needs: the condition vector c fed to G,
/// and class indices / 0-1 targets for D's classification loss.
public struct ConditionBatch {
    /// (N, T): one-hot per group, then the binary tags.
    public let condition: Tensor
    /// One array of N class indices per categorical group.
    public let groupIndices: [[Int32]]
    /// (N, binaryCount) 0/1 targets, nil when there are no binary tags.
    public let binaryTargets: Tensor?
    /// The layout.
    public let layout: ConditionLayout

    /// The batch size.
    public var count: Int { condition.shape[0] }

    /// Builds the batch from class indices per group and per-sample binary tags.
    public init(layout: ConditionLayout, groupIndices: [[Int32]], binaryTags: [[Bool]]) {
        let n = groupIndices.first?.count ?? binaryTags.count
        precondition(groupIndices.count == layout.groupSizes.count && groupIndices.allSatisfy { $0.count == n })
        precondition(binaryTags.count == n && binaryTags.allSatisfy { $0.count == layout.binaryCount })
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
        }
        self.layout = layout
        self.groupIndices = groupIndices
        condition = Tensor(shape: [n, layout.length], scalars: c)
        binaryTargets = layout.binaryCount > 0 ? Tensor(shape: [n, layout.binaryCount], scalars: targets) : nil
    }

    /// Labels drawn uniformly at random (each group value and each tag equally likely), as
    /// the PyTorch reference's `sample_labels`.
    public static func uniform(layout: ConditionLayout, count n: Int, using rng: inout RandomGenerator) -> ConditionBatch {
        let groups = layout.groupSizes.map { size in (0..<n).map { _ in Int32(rng.next() % UInt64(size)) } }
        let tags = (0..<n).map { _ in (0..<layout.binaryCount).map { _ in rng.next() & 1 == 1 } }
        return ConditionBatch(layout: layout, groupIndices: groups, binaryTags: tags)
    }

    /// Rows `range` of this batch (this process's part of a batch split over processes).
    public func rows(_ range: Range<Int>) -> ConditionBatch {
        let binaryCount = layout.binaryCount
        let targets = binaryTargets?.scalars ?? []
        let tags = range.map { i in (0..<binaryCount).map { targets[i * binaryCount + $0] == 1 } }
        return ConditionBatch(layout: layout, groupIndices: groupIndices.map { Array($0[range]) }, binaryTags: tags)
    }
}
