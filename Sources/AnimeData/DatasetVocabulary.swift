import Foundation

/// The vocabulary a data folder is read with, found from its tags alone, without decoding an
/// image: what `acgan vocabulary` prints for people to check or edit and pass back with
/// `--vocabulary`.
public struct DatasetVocabulary: Sendable, Equatable {
    /// The layout found.
    public var layout: DatasetLayout
    /// The vocabulary, with the priors training would use: for a vocabulary built from or
    /// defaulted for the data, the frequencies over the labelled lines (images that then fail
    /// to decode are still counted here).
    public var vocabulary: TagVocabulary
    /// Which vocabulary, and why.
    public var choice: VocabularyChoice
    /// Lines (or files) that got labels.
    public var labelledCount: Int
    /// Tag lines and files that would be skipped, with reasons.
    public var rejectedLines: [LoadReport.Rejection]

    /// Reads the folder's tags as `AnimeDataset.load` does with the same arguments.
    /// - Throws: what `AnimeDataset.load` throws before decoding images.
    public static func read(directory: URL, vocabulary: TagVocabulary? = nil,
                            minimumTagCount: Int = TagVocabulary.defaultMinimumTagCount) throws -> DatasetVocabulary {
        let index = try DatasetIndex.read(directory: directory, vocabulary: vocabulary, minimumTagCount: minimumTagCount)
        let labels = index.entries.map(\.labels)
        return DatasetVocabulary(
            layout: index.layout,
            vocabulary: index.usesObservedPriors ? DatasetIndex.withObservedPriors(index.vocabulary, labels: labels) : index.vocabulary,
            choice: index.choice, labelledCount: labels.count, rejectedLines: index.rejectedLines)
    }
}
