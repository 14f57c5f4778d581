/// Counts classifier predictions against target labels, attribute by attribute, to build an
/// `AttributeAccuracyReport`. Labels are plain indices so this does not depend on the data layer:
/// one value index per categorical group, one Bool per binary tag, in vocabulary order
/// (`TagLabels.groupIndices` and `.binaryTags`).
public struct AttributeAccuracyTally: Sendable, Equatable {
    /// Names of the categorical groups and their values, in vocabulary order.
    public let groups: [(name: String, values: [String])]
    /// Names of the binary tags, in vocabulary order.
    public let binaryTags: [String]
    private var groupCounts: [[Accuracy]]      // [group][value]
    private var binaryCounts: [[Accuracy]]     // [tag][0 = off, 1 = on]
    /// Faces with every attribute right.
    public private(set) var allCorrect = Accuracy(correct: 0, total: 0)

    /// An empty tally for a vocabulary.
    public init(groups: [(name: String, values: [String])], binaryTags: [String]) {
        self.groups = groups
        self.binaryTags = binaryTags
        groupCounts = groups.map { Array(repeating: Accuracy(correct: 0, total: 0), count: $0.values.count) }
        binaryCounts = binaryTags.map { _ in Array(repeating: Accuracy(correct: 0, total: 0), count: 2) }
    }

    public static func == (left: Self, right: Self) -> Bool {
        left.groups.map(\.name) == right.groups.map(\.name) && left.groups.map(\.values) == right.groups.map(\.values)
            && left.binaryTags == right.binaryTags && left.groupCounts == right.groupCounts
            && left.binaryCounts == right.binaryCounts && left.allCorrect == right.allCorrect
    }

    /// Records one face: its target labels (requested for generated faces, true for real ones)
    /// and the classifier's prediction.
    public mutating func record(targetGroups: [Int], predictedGroups: [Int],
                                targetBinary: [Bool], predictedBinary: [Bool]) throws {
        guard targetGroups.count == groups.count, predictedGroups.count == groups.count else {
            throw EvaluationError.invalidParameter(
                name: "group labels", value: "\(targetGroups.count)/\(predictedGroups.count)",
                reason: "need one value index per categorical group (\(groups.count))")
        }
        guard targetBinary.count == binaryTags.count, predictedBinary.count == binaryTags.count else {
            throw EvaluationError.invalidParameter(
                name: "binary labels", value: "\(targetBinary.count)/\(predictedBinary.count)",
                reason: "need one Bool per binary tag (\(binaryTags.count))")
        }
        var everything = true
        for (group, target) in targetGroups.enumerated() {
            guard groups[group].values.indices.contains(target) else {
                throw EvaluationError.invalidParameter(
                    name: "\(groups[group].name) index", value: "\(target)",
                    reason: "must be below \(groups[group].values.count)")
            }
            let hit = predictedGroups[group] == target
            groupCounts[group][target] = groupCounts[group][target] + Accuracy(correct: hit ? 1 : 0, total: 1)
            everything = everything && hit
        }
        for (tag, target) in targetBinary.enumerated() {
            let hit = predictedBinary[tag] == target
            let slot = target ? 1 : 0
            binaryCounts[tag][slot] = binaryCounts[tag][slot] + Accuracy(correct: hit ? 1 : 0, total: 1)
            everything = everything && hit
        }
        allCorrect = allCorrect + Accuracy(correct: everything ? 1 : 0, total: 1)
    }

    /// The report for generated faces (this tally) beside real faces (`real`, same vocabulary).
    public func report(real: AttributeAccuracyTally?) -> AttributeAccuracyReport {
        let zero = Accuracy(correct: 0, total: 0)
        var attributes = [AttributeAccuracy]()
        for (group, entry) in groups.enumerated() {
            let values = entry.values.enumerated().map { index, name in
                ValueAccuracy(value: name, generated: groupCounts[group][index],
                              real: real?.groupCounts[group][index])
            }
            attributes.append(AttributeAccuracy(
                attribute: entry.name, kind: .categorical, generated: groupCounts[group].reduce(zero, +),
                real: real?.groupCounts[group].reduce(zero, +), values: values))
        }
        for (tag, name) in binaryTags.enumerated() {
            let values = [("on", 1), ("off", 0)].map { label, slot in
                ValueAccuracy(value: label, generated: binaryCounts[tag][slot], real: real?.binaryCounts[tag][slot])
            }
            attributes.append(AttributeAccuracy(
                attribute: name, kind: .binary, generated: binaryCounts[tag].reduce(zero, +),
                real: real?.binaryCounts[tag].reduce(zero, +), values: values))
        }
        return AttributeAccuracyReport(attributes: attributes, generatedAllCorrect: allCorrect,
                                       realAllCorrect: real?.allCorrect)
    }
}
