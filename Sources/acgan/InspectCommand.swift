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
            """)

    @Argument(help: "The data folder.")
    var directory: String

    @Option(help: "Side length images are resized to (and cached at).")
    var size: Int = 64

    @Option(help: "A vocabulary JSON file (default: chosen from the data).")
    var vocabulary: String?

    @Option(help: "Where the pixel cache goes (default: <directory>/.acgan-cache).")
    var cacheDirectory: String?

    func validate() throws {
        guard (1...1024).contains(size) else { throw ValidationError("--size must be in 1...1024, got \(size)") }
        try requireFolder(directory, option: "DIRECTORY")
        if let vocabulary { try requireFile(vocabulary, option: "--vocabulary") }
        if let cacheDirectory { try requireOutputFolder(cacheDirectory, option: "--cache-directory") }
    }

    func run() throws {
        let chosenVocabulary = try vocabulary.map { try TagVocabulary(contentsOf: URL(fileURLWithPath: $0)) }
        let inspection = try DatasetInspection.inspect(
            directory: URL(fileURLWithPath: directory), imageSize: size, vocabulary: chosenVocabulary,
            cacheDirectory: cacheDirectory.map { URL(fileURLWithPath: $0) })
        print(inspection)
    }
}
