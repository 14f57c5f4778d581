import Foundation

/// The tags of a data folder without its pixels: which images are labelled and how, and which
/// are not (`UnlabelledImage`), read with the same readers and the same vocabulary choice as
/// `AnimeDataset.load`, but without decoding an image. Labelling starts here.
public struct DatasetLabels: Sendable {
    /// One labelled image.
    public struct LabelledImage: Sendable, Equatable {
        /// The image, relative to the data folder.
        public var file: String
        /// Its labels under `vocabulary`.
        public var labels: TagLabels
    }

    /// The data folder.
    public var directory: URL
    /// Its layout.
    public var layout: DatasetLayout
    /// The vocabulary the tags were read with (observed priors where loading uses them).
    public var vocabulary: TagVocabulary
    /// How it was chosen, and why.
    public var vocabularyChoice: VocabularyChoice
    /// Images with usable tags, in the tags file's order. Some may still fail to decode.
    public var labelled: [LabelledImage]
    /// Images without usable tags, sorted by file (always empty outside the tags.csv layouts,
    /// where every image found is labelled by its folder or line).
    public var unlabelled: [UnlabelledImage]
    /// Skipped lines and files, as `LoadReport.rejectedLines` lists them.
    public var rejectedLines: [LoadReport.Rejection]
    /// Every image file of the data set, as it names them ("images/17.png"): the labelled and
    /// the unlabelled ones.
    public var imageFiles: Set<String>

    /// Reads the folder's tags as `AnimeDataset.load(from:vocabulary:minimumTagCount:)` would.
    /// - Throws: `AnimeDataError` when the folder is unreadable or has no known layout, or
    ///   (without a given vocabulary) when no vocabulary can be chosen.
    public static func read(directory: URL, vocabulary: TagVocabulary? = nil,
                            minimumTagCount: Int = TagVocabulary.defaultMinimumTagCount) throws -> DatasetLabels {
        let index = try DatasetIndex.read(directory: directory, vocabulary: vocabulary, minimumTagCount: minimumTagCount)
        let labels = index.entries.map(\.labels)
        return DatasetLabels(
            directory: directory, layout: index.layout,
            vocabulary: index.usesObservedPriors ? DatasetIndex.withObservedPriors(index.vocabulary, labels: labels) : index.vocabulary,
            vocabularyChoice: index.choice,
            labelled: index.entries.map { LabelledImage(file: $0.name, labels: $0.labels) },
            unlabelled: index.unlabelled, rejectedLines: index.rejectedLines,
            imageFiles: Set(index.entries.map(\.name) + index.unlabelled.map(\.file)))
    }

    /// Whether labels can be written to this folder's tags file (layouts 1 and 3).
    public var hasTagsCSV: Bool { layout == .imagesWithTags || layout == .taggedFolder }
}
