import AnimeData
import ArgumentParser
import Foundation

/// `acgan inspect DIR`: what the data loader sees in a folder, before training on it.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a data folder's layout, image count, sizes, tag counts and rejected files.",
        discussion: """
            Loads the folder exactly as training does (and fills the same pixel cache), then \
            prints a summary. Layouts: images/ + tags.csv; faces/ + tags_clean.csv; images + \
            tags.csv; one subfolder per class.

            Vocabulary: tags.csv lines are read with a built-in vocabulary (anime hair and eye \
            colours, or the synthetic avatars' tags) when it labels at least 95% of them; \
            otherwise the vocabulary is inferred from the tags: each whitespace-separated word \
            is a tag (write multi-word tags with _, as open_mouth); group:value words (hair:blue) \
            make categorical groups; when every line has exactly one tag, the tags are one group \
            "class"; other tags are on/off; tags on fewer than --min-tag-count lines are \
            reported, not learnt. The choice and its reason are printed. `acgan vocabulary` \
            prints the vocabulary as JSON to edit and pass back with --vocabulary.
            """)

    @Argument(help: "The data folder.")
    var directory: String

    @Option(help: "Side length images are resized to (and cached at).")
    var size: Int = 64

    @OptionGroup var vocabularyOptions: VocabularyOptions

    @Option(help: "Where the pixel cache goes (default: <directory>/.acgan-cache).")
    var cacheDirectory: String?

    func validate() throws {
        guard (1...1024).contains(size) else { throw ValidationError("--size must be in 1...1024, got \(size)") }
        try requireFolder(directory, option: "DIRECTORY")
        if let cacheDirectory { try requireOutputFolder(cacheDirectory, option: "--cache-directory") }
    }

    func run() throws {
        let inspection = try DatasetInspection.inspect(
            directory: URL(fileURLWithPath: directory), imageSize: size, vocabulary: vocabularyOptions.givenVocabulary(),
            minimumTagCount: vocabularyOptions.minimumTagCount, cacheDirectory: cacheDirectory.map { URL(fileURLWithPath: $0) })
        print(inspection)
    }
}
