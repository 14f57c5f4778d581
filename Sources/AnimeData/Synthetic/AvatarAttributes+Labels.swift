/// Conversion between `TagLabels` of a vocabulary and the renderer's typed attributes. Values
/// are matched by tag phrase, so a vocabulary with the same phrases in another order also works.
extension AvatarAttributes {
    /// The attributes that `labels` of `vocabulary` describe. The vocabulary must have groups
    /// named "hair color", "hair style" and "eye color" whose values are the renderer's phrases;
    /// binary tags it does not know are an error, binary tags it lacks are off.
    public init(labels: TagLabels, vocabulary: TagVocabulary = .syntheticAvatars) throws(SyntheticAvatarError) {
        guard labels.groupIndices.count == vocabulary.groups.count,
              labels.binaryTags.count == vocabulary.binaryTags.count else {
            throw .labelsDoNotFit(reason: "\(labels.groupIndices.count) group values and \(labels.binaryTags.count) binary tags given, the vocabulary has \(vocabulary.groups.count) and \(vocabulary.binaryTags.count)")
        }
        func phrase(ofGroup name: String) throws(SyntheticAvatarError) -> String {
            guard let groupIndex = vocabulary.groups.firstIndex(where: { $0.name == name }) else {
                throw .labelsDoNotFit(reason: "the vocabulary has no group \"\(name)\"")
            }
            let values = vocabulary.groups[groupIndex].values
            let valueIndex = labels.groupIndices[groupIndex]
            guard values.indices.contains(valueIndex) else {
                throw .labelsDoNotFit(reason: "value index \(valueIndex) is out of range for group \"\(name)\"")
            }
            return values[valueIndex]
        }
        func known<Value: RawRepresentable<String>>(_ phrase: String, as type: Value.Type) throws(SyntheticAvatarError) -> Value {
            guard let value = Value(rawValue: phrase) else {
                throw .labelsDoNotFit(reason: "the renderer cannot draw \"\(phrase)\"")
            }
            return value
        }
        var tags: Set<Tag> = []
        for (tagIndex, tag) in vocabulary.binaryTags.enumerated() where labels.binaryTags[tagIndex] {
            tags.insert(try known(tag.name, as: Tag.self))
        }
        self.init(hairColor: try known(try phrase(ofGroup: "hair color"), as: HairColor.self),
                  hairStyle: try known(try phrase(ofGroup: "hair style"), as: HairStyle.self),
                  eyeColor: try known(try phrase(ofGroup: "eye color"), as: EyeColor.self),
                  tags: tags)
    }

    /// The labels of these attributes in `vocabulary` (by phrase); the inverse of `init(labels:)`.
    public func labels(in vocabulary: TagVocabulary = .syntheticAvatars) throws(SyntheticAvatarError) -> TagLabels {
        let phrases = [hairColor.rawValue, hairStyle.rawValue, eyeColor.rawValue]
        var groupIndices: [Int] = []
        for group in vocabulary.groups {
            guard let valueIndex = group.values.firstIndex(where: { phrases.contains($0) }) else {
                throw .labelsDoNotFit(reason: "no value of group \"\(group.name)\" among \(phrases)")
            }
            groupIndices.append(valueIndex)
        }
        let binaryTags = vocabulary.binaryTags.map { tag in
            Tag(rawValue: tag.name).map { tags.contains($0) } ?? false
        }
        return TagLabels(groupIndices: groupIndices, binaryTags: binaryTags)
    }
}
