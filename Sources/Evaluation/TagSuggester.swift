import AnimeData
import Foundation
import Imaging

/// Suggests tags for the images of a data set that have none (`acgan classifier suggest`):
/// reads the folder's tags without decoding its pixels (`DatasetLabels`), checks that the
/// classifier predicts the data set's own tags, then decodes the images to label a batch at a
/// time and asks the classifier. An image that does not decode is skipped and listed with the
/// reason; every other image gets a suggestion.
public struct TagSuggester {
    /// The classifier that suggests.
    public let classifier: AttributeClassifier

    /// Images decoded and classified at once (bounds memory on large sets).
    static let batchSize = 256

    /// A suggester with `classifier` (from `AttributeClassifier.load`).
    public init(classifier: AttributeClassifier) {
        self.classifier = classifier
    }

    /// The suggestions for the data folder `directory`: its unlabelled images (no line in
    /// tags.csv, or a line that does not read) and, with `includeTagged`, every labelled
    /// image too (so that faces whose tags the classifier disputes can be found).
    /// `vocabulary` reads the folder as `--vocabulary` does (default: the folder's own choice,
    /// as training makes it). `dataSetName` and `classifierName` are recorded in the result.
    /// - Throws: `AnimeDataError` for a folder that does not read, and
    ///   `ClassifierError.vocabularyMismatch` when the classifier predicts other tags.
    public func suggestions(directory: URL, vocabulary: TagVocabulary? = nil,
                            minimumTagCount: Int = TagVocabulary.defaultMinimumTagCount, includeTagged: Bool = false,
                            dataSetName: String, classifierName: String,
                            progress: (String) -> Void = { _ in }) throws -> TagSuggestions {
        let labels = try DatasetLabels.read(directory: directory, vocabulary: vocabulary, minimumTagCount: minimumTagCount)
        guard classifier.predictsSameTags(as: labels.vocabulary) else {
            throw ClassifierError.vocabularyMismatch(classifier: Self.describe(classifier.vocabulary),
                                                     data: Self.describe(labels.vocabulary), dataPath: dataSetName)
        }
        let words = labels.vocabulary
        var wanted: [(file: String, status: TagSuggestions.Status, current: String?)] = labels.unlabelled.map {
            ($0.file, $0.isUntagged ? .untagged : .unreadable, $0.lineText)
        }
        if includeTagged {
            wanted += labels.labelled.map { ($0.file, .tagged, words.text(for: $0.labels)) }
        }
        wanted.sort { $0.file < $1.file }
        progress("suggesting tags for \(wanted.count) faces (\(labels.unlabelled.count) without usable tags)")

        var faces: [TagSuggestions.Face] = []
        var skipped: [LoadReport.Rejection] = []
        let rowLength = words.conditionLength
        let size = classifier.configuration.imageSize
        var start = 0
        while start < wanted.count {
            let batch = wanted[start..<min(wanted.count, start + Self.batchSize)]
            var images: [RGBImage] = []
            var kept: [(file: String, status: TagSuggestions.Status, current: String?)] = []
            for face in batch {
                do {
                    // Fitted at once (as the loader fits training images), so a batch of large
                    // originals is never held.
                    let image = try RGBImage(contentsOf: directory.appendingPathComponent(face.file))
                    images.append(image.centerCroppedToSquare().resized(width: size, height: size))
                    kept.append(face)
                } catch {
                    skipped.append(LoadReport.Rejection(file: face.file, reason: "\(error)"))
                }
            }
            let logits = classifier.logits(images: images)
            for (row, face) in kept.enumerated() {
                let suggestion = TagSuggestions.suggestion(logits: logits[(row * rowLength)..<((row + 1) * rowLength)],
                                                           vocabulary: words)
                faces.append(TagSuggestions.Face(file: face.file, status: face.status, currentTags: face.current,
                                                 suggestion: suggestion))
            }
            start += batch.count
            if wanted.count > Self.batchSize { progress("\(start) of \(wanted.count) faces") }
        }
        return TagSuggestions(dataset: dataSetName, classifier: classifierName, vocabulary: words,
                              heldOutAccuracy: classifier.trainingSummary?.heldOutAccuracy.overall.fraction,
                              faces: faces, skipped: skipped)
    }

    /// "hair color (blonde hair, ...), eye color (...) and the on/off tags glasses, smile".
    static func describe(_ vocabulary: TagVocabulary) -> String {
        var parts = vocabulary.groups.map { "\($0.name) (\($0.values.joined(separator: ", ")))" }
        parts.append(vocabulary.binaryTags.isEmpty ? "no on/off tags"
                     : "the on/off tags " + vocabulary.binaryTags.map(\.name).joined(separator: ", "))
        return parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}
