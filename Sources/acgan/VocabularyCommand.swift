import AnimeData
import ArgumentParser
import Foundation

/// `acgan vocabulary --data DIR`: the vocabulary training would use, as JSON to check or edit.
struct VocabularyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocabulary",
        abstract: "Print the tag vocabulary a data folder would be trained with, as JSON to edit.",
        discussion: """
            Reads the folder's tags as `acgan train` does (no image is decoded) and prints the \
            vocabulary on standard output: its categorical groups (values and priors) and its \
            on/off tags (priors). Which vocabulary was chosen, why, which tags were too rare to \
            learn and how many lines were skipped go to standard error. Edit the JSON (drop or \
            reorder values and tags, rename groups, change priors; a value or tag must stay \
            spelt as in the data) and pass it back with --vocabulary FILE to train, inspect, \
            classifier train or evaluate. See `acgan inspect --help` for how a vocabulary is \
            inferred from tags.csv.
            Example: acgan vocabulary --data data/digits > digits.json && \
            acgan train --data data/digits --vocabulary digits.json --out runs/digits
            """)

    @Option(help: "The data folder.")
    var data: String

    @OptionGroup var vocabularyOptions: VocabularyOptions

    func validate() throws {
        try requireFolder(data, option: "--data")
    }

    func run() throws {
        let found = try DatasetVocabulary.read(directory: URL(fileURLWithPath: data),
                                               vocabulary: vocabularyOptions.givenVocabulary(),
                                               minimumTagCount: vocabularyOptions.minimumTagCount)
        printError("layout: \(found.layout.description)")
        printError(found.choice.description)
        printError("\(found.labelledCount) labelled images; \(found.rejectedLines.count) files or lines skipped"
                   + (found.rejectedLines.isEmpty ? "" : " (see `acgan inspect`)"))
        FileHandle.standardOutput.write(try found.vocabulary.jsonData() + Data("\n".utf8))
    }
}
