extension TagVocabulary {
    /// Parses tag text such as "blue hair red eyes smile" into a partial selection.
    ///
    /// Multi-word phrases are matched against the vocabulary, longest match first, ignoring
    /// case; commas count as spaces. A binary tag preceded by "no" ("no glasses") is off.
    /// Groups and binary tags that are not mentioned stay `nil` ("random").
    /// - Throws: `TagVocabularyError.unknownTag` for words that start no known phrase (the
    ///   message lists the known tags), `.conflictingValues` for two values of one group.
    public func parse(_ text: String) throws -> TagSelection {
        try TagParser(self).parse(text)
    }

    /// Parses the tag text of one data-set line into fully specified labels: every group must
    /// have a value; binary tags that are not mentioned are off.
    /// - Throws: what `parse` throws, and `TagVocabularyError.missingGroup` when a group has
    ///   no value in the text.
    public func labels(parsing text: String) throws -> TagLabels {
        try TagParser(self).labels(parsing: text)
    }

    /// Lowercase words of a phrase, split the same way as parsed text.
    static func words(of phrase: String) -> [String] {
        phrase.lowercased().split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }
}

/// A vocabulary's phrases indexed for matching; build one and reuse it for many lines.
struct TagParser {
    /// Where a phrase lives in the vocabulary.
    enum PhraseTarget {
        case groupValue(group: Int, value: Int)
        case binaryTag(Int)
    }

    let vocabulary: TagVocabulary
    /// Phrases by their lowercase words joined with single spaces.
    private var phrases: [String: PhraseTarget] = [:]
    /// The most words any phrase has.
    private var longestPhrase = 1

    init(_ vocabulary: TagVocabulary) {
        self.vocabulary = vocabulary
        for (groupIndex, group) in vocabulary.groups.enumerated() {
            for (valueIndex, value) in group.values.enumerated() {
                add(value, .groupValue(group: groupIndex, value: valueIndex))
            }
        }
        for (tagIndex, tag) in vocabulary.binaryTags.enumerated() {
            add(tag.name, .binaryTag(tagIndex))
        }
    }

    private mutating func add(_ phrase: String, _ target: PhraseTarget) {
        let words = TagVocabulary.words(of: phrase)
        guard !words.isEmpty else { return }
        // The first phrase with given words wins, as in a left-to-right reading of the vocabulary.
        if phrases[words.joined(separator: " ")] == nil { phrases[words.joined(separator: " ")] = target }
        longestPhrase = max(longestPhrase, words.count)
    }

    /// See `TagVocabulary.parse(_:)`.
    func parse(_ text: String) throws -> TagSelection {
        var selection = TagSelection(allRandomFor: vocabulary)
        let words = TagVocabulary.words(of: text)
        var position = 0
        while position < words.count {
            var negated = false
            var start = position
            if words[position] == "no", position + 1 < words.count {
                negated = true
                start += 1
            }
            guard let (target, length) = longestMatch(in: words, at: start),
                  !negated || { if case .binaryTag = target { return true } else { return false } }()
            else {
                throw TagVocabularyError.unknownTag(word: words[position], text: text, knownTags: vocabulary.allPhrases)
            }
            switch target {
            case let .groupValue(group, value):
                if let earlier = selection.groupIndices[group], earlier != value {
                    let values = vocabulary.groups[group].values
                    throw TagVocabularyError.conflictingValues(
                        group: vocabulary.groups[group].name, first: values[earlier], second: values[value])
                }
                selection.groupIndices[group] = value
            case let .binaryTag(tag):
                if let earlier = selection.binaryTags[tag], earlier == negated {
                    throw TagVocabularyError.conflictingBinaryTag(tag: vocabulary.binaryTags[tag].name)
                }
                selection.binaryTags[tag] = !negated
            }
            position = start + length
        }
        return selection
    }

    /// See `TagVocabulary.labels(parsing:)`.
    func labels(parsing text: String) throws -> TagLabels {
        let selection = try parse(text)
        var indices: [Int] = []
        for (groupIndex, chosen) in selection.groupIndices.enumerated() {
            guard let chosen else {
                throw TagVocabularyError.missingGroup(group: vocabulary.groups[groupIndex].name, text: text)
            }
            indices.append(chosen)
        }
        return TagLabels(groupIndices: indices, binaryTags: selection.binaryTags.map { $0 ?? false })
    }

    /// The longest phrase that matches `words` starting at `start`, and its word count.
    private func longestMatch(in words: [String], at start: Int) -> (PhraseTarget, Int)? {
        guard start < words.count else { return nil }
        for length in stride(from: min(longestPhrase, words.count - start), through: 1, by: -1) {
            if let target = phrases[words[start..<(start + length)].joined(separator: " ")] {
                return (target, length)
            }
        }
        return nil
    }
}
