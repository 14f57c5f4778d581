extension TagVocabulary {
    /// The tags a model knows, for people (`acgan generate --list-tags`): one line per group
    /// with its values, then one line with the binary tags, then one with the continuous
    /// attributes and their ranges.
    public var listing: String {
        var lines: [String] = []
        for group in groups {
            lines.append("\(group.name) (one of): " + group.values.joined(separator: ", "))
        }
        if !binaryTags.isEmpty {
            lines.append("on/off tags (\"no <tag>\" turns one off): " + binaryTags.map(\.name).joined(separator: ", "))
        }
        if !continuous.isEmpty {
            lines.append("continuous attributes (name=value, within min...max): "
                         + continuous.map(\.rangeDescription).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
