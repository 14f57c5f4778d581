import Foundation

/// Everything `acgan evaluate` measured, as numbers: written as `report.json` so two checkpoints
/// can be compared with a diff or a script, and rendered with its images by `ReportWriter`.
///
/// Images are not part of it (see `ReportFigures`), which keeps the JSON small and diffable.
public struct EvaluationReport: Codable, Sendable, Equatable {
    /// Version of this JSON layout; bumped when fields change meaning. 2: features divided by
    /// the real set's RMS before FID/KID, the real-vs-real reference, the diversity means, the
    /// spectral artefact figure.
    public var formatVersion: Int = 2
    /// Heading of the HTML page.
    public var title: String
    /// The generator checkpoint evaluated (path or name as given on the command line).
    public var checkpoint: String
    /// The attribute classifier used for accuracy and features.
    public var classifier: String
    /// The real data set (directory) the generated faces are compared with.
    public var dataSet: String
    /// Seed of every random choice (tags, noise, pairs, subsets): same seed, same numbers.
    public var seed: UInt64
    /// Number of generated faces scored.
    public var generatedCount: Int
    /// Number of real (held-out) faces scored.
    public var realCount: Int
    /// When the report was made (ISO 8601), if the caller records it.
    public var createdAt: String?
    /// Wall-clock time of the evaluation in seconds, if recorded.
    public var elapsedSeconds: Double?

    /// Does the generator draw what was asked for?
    public var attributeAccuracy: AttributeAccuracyReport
    /// Are faces of one class different from each other?
    public var diversity: DiversityReport
    /// FID and KID on the classifier's features.
    public var featureDistances: FeatureDistanceReport
    /// Periodic (checkerboard) energy of generated against real faces; nil when the faces'
    /// side is odd (there is no period-2 frequency).
    public var spectralArtefacts: SpectralArtefactReport?
    /// Nearest training faces of some generated faces.
    public var memorisation: MemorisationReport
    /// For each continuous attribute, the Pearson correlation between the values asked for
    /// (uniform over its range) and the values the classifier reads back; absent without them.
    public var continuousAttributes: [ContinuousCorrelation]?
    /// For each learned code (`acgan train --info-codes`), its correlation with each continuous
    /// attribute the classifier reads back; absent without codes.
    public var learnedCodes: [LearnedCodeEffect]?

    /// A report from its parts.
    public init(title: String = "ACGAN evaluation", checkpoint: String, classifier: String, dataSet: String,
                seed: UInt64, generatedCount: Int, realCount: Int, createdAt: String? = nil,
                elapsedSeconds: Double? = nil, attributeAccuracy: AttributeAccuracyReport,
                diversity: DiversityReport, featureDistances: FeatureDistanceReport,
                spectralArtefacts: SpectralArtefactReport?, memorisation: MemorisationReport,
                continuousAttributes: [ContinuousCorrelation]? = nil, learnedCodes: [LearnedCodeEffect]? = nil) {
        self.title = title
        self.checkpoint = checkpoint
        self.classifier = classifier
        self.dataSet = dataSet
        self.seed = seed
        self.generatedCount = generatedCount
        self.realCount = realCount
        self.createdAt = createdAt
        self.elapsedSeconds = elapsedSeconds
        self.attributeAccuracy = attributeAccuracy
        self.diversity = diversity
        self.featureDistances = featureDistances
        self.spectralArtefacts = spectralArtefacts
        self.memorisation = memorisation
        self.continuousAttributes = continuousAttributes
        self.learnedCodes = learnedCodes
    }
}

extension EvaluationReport {
    /// The ratios issue 11 sets targets on, in one line: FID / real-vs-real FID, mean MS-SSIM
    /// generated / real, the period-2 and period-4 spectral shares generated / real; "-" where a
    /// ratio was not measured.
    public var ratioSummary: String {
        func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        func bound(_ value: Double) -> String { String(format: "%.2f", value) }
        let distances = featureDistances
        var parts = ["FID / real-vs-real FID \(ratio(distances.frechetDistanceRatio)) "
                        + "(target <= \(bound(distances.frechetRatioTarget)))",
                     "mean MS-SSIM generated / real \(ratio(diversity.meanMSSSIMRatio)) "
                        + "(target \(bound(1 - diversity.meanTolerance))-\(bound(1 + diversity.meanTolerance)))"]
        if let spectral = spectralArtefacts {
            parts.append("period-2 share generated / real \(ratio(spectral.period2Ratio)), period-4 "
                + "\(ratio(spectral.period4Ratio)) (target <= \(bound(spectral.ratioTarget)) each)")
        }
        return "ratios: " + parts.joined(separator: ", ")
    }
}

/// A count of correct predictions; the fraction is derived so it never disagrees with the counts.
public struct Accuracy: Codable, Sendable, Equatable {
    /// Predictions that matched.
    public var correct: Int
    /// Predictions made.
    public var total: Int

    /// `correct` out of `total`.
    public init(correct: Int, total: Int) {
        self.correct = correct
        self.total = total
    }

    /// correct / total, or nil when nothing was predicted.
    public var fraction: Double? { total > 0 ? Double(correct) / Double(total) : nil }

    private enum CodingKeys: String, CodingKey { case correct, total, fraction }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        correct = try container.decode(Int.self, forKey: .correct)
        total = try container.decode(Int.self, forKey: .total)
    }

    /// Writes the fraction too, for readers of the JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(correct, forKey: .correct)
        try container.encode(total, forKey: .total)
        try container.encodeIfPresent(fraction, forKey: .fraction)
    }

    /// Sum of two counts.
    public static func + (left: Accuracy, right: Accuracy) -> Accuracy {
        Accuracy(correct: left.correct + right.correct, total: left.total + right.total)
    }
}

/// Attribute accuracy of generated faces (against the requested tags) beside the classifier's
/// accuracy on held-out real faces (against their true tags), which bounds what is measurable.
public struct AttributeAccuracyReport: Codable, Sendable, Equatable {
    /// One entry per categorical group and per binary tag, in vocabulary order.
    public var attributes: [AttributeAccuracy]
    /// Fraction of generated faces with every attribute right.
    public var generatedAllCorrect: Accuracy
    /// Fraction of real faces the classifier gets entirely right.
    public var realAllCorrect: Accuracy?

    /// A report from per-attribute results.
    public init(attributes: [AttributeAccuracy], generatedAllCorrect: Accuracy, realAllCorrect: Accuracy?) {
        self.attributes = attributes
        self.generatedAllCorrect = generatedAllCorrect
        self.realAllCorrect = realAllCorrect
    }

    /// All (face, attribute) predictions on generated faces pooled.
    public var generatedOverall: Accuracy { attributes.map(\.generated).reduce(Accuracy(correct: 0, total: 0), +) }
    /// All (face, attribute) predictions on real faces pooled, if measured.
    public var realOverall: Accuracy? {
        let reals = attributes.compactMap(\.real)
        return reals.isEmpty ? nil : reals.reduce(Accuracy(correct: 0, total: 0), +)
    }

    /// The class values (a group's value, or a binary tag's "on" or "off") requested for at least
    /// `minimumFaces` generated faces, with the share of them drawn right, lowest first (ties in
    /// vocabulary order). A model can be right on nearly every attribute and still never draw one
    /// value (black hair drawn as grey): the pooled figures hide that, this list does not.
    public func generatedValues(minimumFaces: Int) -> [(attribute: String, value: String, fraction: Double)] {
        var rows: [(attribute: String, value: String, fraction: Double)] = []
        for attribute in attributes {
            for value in attribute.values where value.generated.total >= max(minimumFaces, 1) {
                rows.append((attribute.attribute, value.value, Double(value.generated.correct) / Double(value.generated.total)))
            }
        }
        return rows.enumerated().sorted { ($0.element.fraction, $0.offset) < ($1.element.fraction, $1.offset) }.map(\.element)
    }
}

/// Accuracy of one attribute (a categorical group such as "hair color" or a binary tag such as
/// "glasses"), overall and per value.
public struct AttributeAccuracy: Codable, Sendable, Equatable {
    /// Whether the attribute is one-of-many or on/off.
    public enum Kind: String, Codable, Sendable { case categorical, binary }
    /// The attribute's name in the vocabulary.
    public var attribute: String
    /// Categorical group or binary tag.
    public var kind: Kind
    /// All generated faces.
    public var generated: Accuracy
    /// All held-out real faces, if measured.
    public var real: Accuracy?
    /// Per value ("blonde hair", ...; "on"/"off" for binary tags): faces whose requested (or
    /// true) value is this one, and how many of them the classifier saw as such (recall).
    public var values: [ValueAccuracy]

    /// One attribute's results.
    public init(attribute: String, kind: Kind, generated: Accuracy, real: Accuracy?, values: [ValueAccuracy]) {
        self.attribute = attribute
        self.kind = kind
        self.generated = generated
        self.real = real
        self.values = values
    }
}

/// Accuracy for the faces of one attribute value.
public struct ValueAccuracy: Codable, Sendable, Equatable {
    /// The value ("blue eyes", or "on"/"off").
    public var value: String
    /// Generated faces requested with this value.
    public var generated: Accuracy
    /// Real faces that have this value, if measured.
    public var real: Accuracy?

    /// One value's results.
    public init(value: String, generated: Accuracy, real: Accuracy?) {
        self.value = value
        self.generated = generated
        self.real = real
    }
}
