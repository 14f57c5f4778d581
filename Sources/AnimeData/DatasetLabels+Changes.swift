import Foundation

extension DatasetLabels {
    /// Checks that `file` is an image of this data set and that `tags` read as full labels
    /// under its vocabulary (one value per group; binary tags not named are off), and returns
    /// the change that writes them, in the vocabulary's own spelling and order
    /// (`TagVocabulary.text(for:)`), so the new line reads back to exactly these labels.
    /// - Throws: `LabellingError` naming the image and the tag or group at fault.
    public func change(file: String, tags: String) throws -> TagsFileEditor.Change {
        guard hasTagsCSV else { throw LabellingError.notTagsCSV(path: directory.path, layout: layout) }
        guard !tags.contains(where: \.isNewline) else { throw LabellingError.lineBreak(file: file) }
        guard imageFiles.contains(file) else {
            throw LabellingError.unknownImage(file: file, example: labelled.first?.file ?? unlabelled.first?.file)
        }
        let labels: TagLabels
        do {
            labels = try vocabulary.labels(parsing: tags)
        } catch let error as TagVocabularyError {
            switch error {
            case let .unknownTag(word, _, _):
                throw LabellingError.unknownTag(file: file, tag: word, allowed: allowedTags)
            case let .missingGroup(group, _):
                let values = vocabulary.groups.first { $0.name == group }?.values ?? []
                throw LabellingError.missingGroup(file: file, group: group, values: values)
            default:
                throw LabellingError.conflictingTags(file: file, reason: error.description)
            }
        }
        return TagsFileEditor.Change(file: file, text: vocabulary.text(for: labels))
    }

    /// The vocabulary's tags for a message: "hair color: blonde hair, ...; eye color: ...;
    /// on/off: glasses, smile".
    public var allowedTags: String {
        var parts = vocabulary.groups.map { "\($0.name): \($0.values.joined(separator: ", "))" }
        if !vocabulary.binaryTags.isEmpty {
            parts.append("on/off: " + vocabulary.binaryTags.map(\.name).joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}
