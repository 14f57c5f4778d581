import AnimeData
import ArgumentParser
import Evaluation
import Foundation

/// `acgan classifier suggest --classifier clf.safetensors --data DIR [--out suggestions.json] [--all]`.
struct ClassifierSuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest tags, with their confidence, for the images of a data set that have none.",
        discussion: """
            The images a data set's tags.csv leaves without usable tags (no line, or a line whose \
            tags do not read) are classified by an attribute classifier trained on the set's \
            tagged images (`acgan classifier train`). For each face: the most likely value of each \
            group and the side of each on/off tag, each with its probability, and the face's \
            confidence (the smallest of them). Written as JSON to --out (atomically), with a \
            summary here. --all classifies the tagged images too, so faces whose tags the \
            classifier disputes can be checked. Images that do not decode are skipped and listed. \
            The classifier must predict the data set's own tags (as `acgan vocabulary` lists them).
            Example: acgan classifier suggest --classifier clf.safetensors --data data/faces --out suggestions.json
            """)

    @Option(help: "The classifier (written by `acgan classifier train`).")
    var classifier: String

    @Option(help: "The data folder (images/ + tags.csv, or images beside tags.csv).")
    var data: String

    @Option(help: "Where to write the suggestions (JSON; written atomically).")
    var out: String = "suggestions.json"

    @Flag(help: "Suggest tags for every image, the tagged ones too.")
    var all = false

    @Option(help: "Faces listed in the summary (all are in --out).")
    var show: Int = 20

    @OptionGroup var threadOptions: ThreadOptions

    @OptionGroup var vocabularyOptions: VocabularyOptions

    func validate() throws {
        guard show >= 0 else { throw ValidationError("--show must be 0 or more, got \(show)") }
        try requireFile(classifier, option: "--classifier")
        try requireFolder(data, option: "--data")
        try requireWritableFilePath(out, option: "--out")
    }

    func run() throws {
        threadOptions.apply()
        let model = try AttributeClassifier.load(from: URL(fileURLWithPath: classifier))
        let suggestions = try TagSuggester(classifier: model).suggestions(
            directory: URL(fileURLWithPath: data), vocabulary: vocabularyOptions.givenVocabulary(),
            minimumTagCount: vocabularyOptions.minimumTagCount, includeTagged: all,
            dataSetName: data, classifierName: classifier) { printError($0) }
        try suggestions.write(to: URL(fileURLWithPath: out))
        printNow(Self.summary(suggestions, show: show) + "\nwrote " + out)
    }

    /// The faces in bands of confidence, the first `show` faces, and the skipped images.
    static func summary(_ suggestions: TagSuggestions, show: Int) -> String {
        let faces = suggestions.faces
        let untagged = faces.filter { $0.status == .untagged }.count
        let unreadable = faces.filter { $0.status == .unreadable }.count
        var lines = ["\(untagged + unreadable) faces without usable tags (\(untagged) without a line in tags.csv, "
            + "\(unreadable) with tags that do not read)"]
        if faces.contains(where: { $0.status == .tagged }) {
            lines.append("\(faces.filter(\.isDisputed).count) of \(faces.count - untagged - unreadable) tagged faces "
                + "have other tags than the classifier suggests")
        }
        if let accuracy = suggestions.heldOutAccuracy {
            lines.append(String(format: "the classifier's held-out accuracy: %.1f%%", accuracy * 100))
        }
        lines.append("confidence   faces")
        for (label, lowest, below) in [(">= 0.9", 0.9, 2.0), ("0.7 to 0.9", 0.7, 0.9), ("0.5 to 0.7", 0.5, 0.7), ("< 0.5", 0, 0.5)] {
            let count = faces.filter { $0.suggestion.confidence >= lowest && $0.suggestion.confidence < below }.count
            lines.append(label.padding(toLength: 13, withPad: " ", startingAt: 0) + "\(count)")
        }
        let width = min(40, faces.prefix(show).map(\.file.count).max() ?? 0) + 2
        for face in faces.prefix(show) {
            let now = face.status == .tagged ? (face.isDisputed ? "  (tagged: \(face.currentTags ?? ""))" : "  (tagged alike)")
                : face.status == .unreadable ? "  (its line: \(face.currentTags ?? ""))" : ""
            lines.append(face.file.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "%.2f  ", face.suggestion.confidence) + face.suggestion.tags + now)
        }
        if faces.count > show { lines.append("... \(faces.count - show) more") }
        if !suggestions.skipped.isEmpty {
            lines.append("skipped \(suggestions.skipped.count) images that do not decode:")
            lines += suggestions.skipped.map { "  \($0.file): \($0.reason)" }
        }
        return lines.joined(separator: "\n")
    }
}
