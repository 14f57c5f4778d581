import Foundation
import AnimeData

/// The classifier's accuracy on faces with known tags (its held-out real faces): per attribute,
/// per value (recall of that value) and overall. Stored in the classifier file's metadata and
/// printed by `acgan classifier train`.
public struct ClassifierAccuracy: Codable, Sendable, Equatable {
    /// One attribute: a categorical group or a binary tag.
    public struct Attribute: Codable, Sendable, Equatable {
        /// The group's or tag's name.
        public var attribute: String
        /// Categorical group or binary tag.
        public var kind: AttributeAccuracy.Kind
        /// All faces.
        public var accuracy: Accuracy
        /// Per value (for a binary tag: "on", "off"): faces with this true value, and how many
        /// of them were predicted as such.
        public var values: [Value]
    }

    /// One value of an attribute.
    public struct Value: Codable, Sendable, Equatable {
        /// The value's name.
        public var value: String
        /// Faces with this true value and how many were recognised.
        public var accuracy: Accuracy
    }

    /// Per attribute, in vocabulary order (groups, then binary tags).
    public var attributes: [Attribute]
    /// Faces with every attribute right.
    public var allCorrect: Accuracy

    /// The accuracy counted in `tally` (targets = true labels).
    public init(tally: AttributeAccuracyTally) {
        let report = tally.report(real: nil)
        attributes = report.attributes.map { entry in
            Attribute(attribute: entry.attribute, kind: entry.kind, accuracy: entry.generated,
                      values: entry.values.map { Value(value: $0.value, accuracy: $0.generated) })
        }
        allCorrect = report.generatedAllCorrect
    }

    /// Every (face, attribute) prediction pooled.
    public var overall: Accuracy { attributes.map(\.accuracy).reduce(Accuracy(correct: 0, total: 0), +) }

    /// Mean of the per-attribute accuracies (each attribute counts once, whatever its size).
    public var meanPerAttribute: Double? {
        let fractions = attributes.compactMap(\.accuracy.fraction)
        return fractions.isEmpty ? nil : fractions.reduce(0, +) / Double(fractions.count)
    }

    /// A plain-text table for the terminal: one line per attribute, then the totals.
    public var table: String {
        func percent(_ accuracy: Accuracy) -> String {
            accuracy.fraction.map { String(format: "%6.2f%%", $0 * 100) } ?? "     -"
        }
        let width = max(20, (attributes.map(\.attribute.count).max() ?? 0) + 2)
        var lines: [String] = []
        for entry in attributes {
            let name = entry.attribute.padding(toLength: width, withPad: " ", startingAt: 0)
            let worst = entry.values.filter { $0.accuracy.total > 0 }.min {
                ($0.accuracy.fraction ?? 1) < ($1.accuracy.fraction ?? 1)
            }
            let worstText = worst.map { "  (lowest: \($0.value) \(percent($0.accuracy).trimmingCharacters(in: .whitespaces)))" } ?? ""
            lines.append("  \(name)\(percent(entry.accuracy))  \(entry.accuracy.correct)/\(entry.accuracy.total)\(worstText)")
        }
        let overallName = "overall".padding(toLength: width, withPad: " ", startingAt: 0)
        let allName = "all attributes right".padding(toLength: width, withPad: " ", startingAt: 0)
        lines.append("  \(overallName)\(percent(overall))  \(overall.correct)/\(overall.total)")
        lines.append("  \(allName)\(percent(allCorrect))  \(allCorrect.correct)/\(allCorrect.total)")
        return lines.joined(separator: "\n")
    }
}

extension AttributeAccuracyTally {
    /// An empty tally for the groups and binary tags of `vocabulary`.
    public init(vocabulary: TagVocabulary) {
        self.init(groups: vocabulary.groups.map { (name: $0.name, values: $0.values) },
                  binaryTags: vocabulary.binaryTags.map(\.name))
    }

    /// Records one face's target labels and predicted labels.
    public mutating func record(target: TagLabels, predicted: TagLabels) throws {
        try record(targetGroups: target.groupIndices, predictedGroups: predicted.groupIndices,
                   targetBinary: target.binaryTags, predictedBinary: predicted.binaryTags)
    }
}

extension AttributeClassifier {
    /// Accuracy against the true labels of data-set images `indices` (eval mode).
    public func heldOutAccuracy(dataset: AnimeDataset, indices: [Int]) throws -> ClassifierAccuracy {
        ClassifierAccuracy(tally: try tally(dataset: dataset, indices: indices))
    }

    /// Predictions on data-set images `indices` counted against their true labels.
    public func tally(dataset: AnimeDataset, indices: [Int]) throws -> AttributeAccuracyTally {
        guard predictsSameTags(as: dataset.vocabulary) else {
            throw ClassifierError.mismatch("the data set's tags (\(dataset.vocabulary.allPhrases.joined(separator: ", "))) "
                + "are not the classifier's (\(vocabulary.allPhrases.joined(separator: ", ")))")
        }
        let output = try classify(dataset: dataset, indices: indices)
        var tally = AttributeAccuracyTally(vocabulary: vocabulary)
        for (position, index) in indices.enumerated() {
            try tally.record(target: dataset.labels[index], predicted: output.predictions[position])
        }
        return tally
    }
}
