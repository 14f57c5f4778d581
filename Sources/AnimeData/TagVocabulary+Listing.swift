extension TagVocabulary {
    /// The tags a model knows, for people (`acgan generate --list-tags`): one line per group
    /// with its values, then one line with the binary tags.
    public var listing: String {
        var lines: [String] = []
        for group in groups {
            lines.append("\(group.name) (one of): " + group.values.joined(separator: ", "))
        }
        if !binaryTags.isEmpty {
            lines.append("on/off tags (\"no <tag>\" turns one off): " + binaryTags.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
