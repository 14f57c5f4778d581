/// Why labels could not be written to a data set's `tags.csv`. Each message names the image,
/// tag or file at fault and says what would work.
public enum LabellingError: Error, CustomStringConvertible, Equatable {
    /// The data set is not one of the tags.csv layouts, so there is no file to write tags to.
    case notTagsCSV(path: String, layout: DatasetLayout)
    /// A file that is not an image of the data set.
    case unknownImage(file: String, example: String?)
    /// The same image twice in one change.
    case duplicateImage(file: String)
    /// A word that starts no tag of the vocabulary; `allowed` lists the tags by group.
    case unknownTag(file: String, tag: String, allowed: String)
    /// No value for a categorical group; `values` are the group's values.
    case missingGroup(file: String, group: String, values: [String])
    /// Two values of one group, or a tag both on and off.
    case conflictingTags(file: String, reason: String)
    /// Tag text with a line break (it would make two lines).
    case lineBreak(file: String)
    /// tags.csv could not be read or written.
    case fileFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notTagsCSV(path, layout):
            return "\(path) is a \"\(layout.description)\" data set; labels are written to tags.csv, so only the "
                + "\"images/ + tags.csv\" and \"images + tags.csv\" layouts can be labelled"
        case let .unknownImage(file, example):
            return "\"\(file)\" is not an image of this data set"
                + (example.map { "; give the file as the data set lists it, such as \"\($0)\"" } ?? "")
        case let .duplicateImage(file):
            return "\"\(file)\" is given twice; give each image once"
        case let .unknownTag(file, tag, allowed):
            return "\(file): unknown tag \"\(tag)\"; the data set's tags are \(allowed)"
        case let .missingGroup(file, group, values):
            return "\(file): no value for \(group); choose one of \(values.joined(separator: ", "))"
        case let .conflictingTags(file, reason):
            return "\(file): \(reason)"
        case let .lineBreak(file):
            return "\(file): the tags contain a line break; give them on one line"
        case let .fileFailed(path, reason):
            return "\(path): \(reason); nothing was changed"
        }
    }
}
