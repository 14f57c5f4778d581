extension TagVocabulary {
    /// Where a phrase lives in the vocabulary.
    private enum PhraseTarget {
        case groupValue(group: Int, value: Int)
        case binaryTag(Int)
    }

    /// Parses tag text such as "blue hair red eyes smile" into a partial selection.
    ///
    /// Multi-word phrases are matched against the vocabulary, longest match first, ignoring
    /// case; commas count as spaces. A binary tag preceded by "no" ("no glasses") is off.
    /// Groups and binary tags that are not mentioned stay `nil` ("random").
    /// - Throws: `TagVocabularyError.unknownTag` for words that start no known phrase (the
    ///   message lists the known tags), `.conflictingValues` for two values of one group.
    public func parse(_ text: String) throws -> TagSelection {
        var selection = TagSelection(allRandomFor: self)
        let words = text.lowercased()
            .split(whereSeparator: { $0 == "," || $0.isWhitespace })
            .map(String.init)
        let phrases = phraseTable()
        var position = 0
        while position < words.count {
            var negated = false
            var start = position
            if words[position] == "no", position + 1 < words.count {
                negated = true
                start += 1
            }
            guard let (target, length) = longestMatch(in: words, at: start, phrases: phrases),
                  !negated || { if case .binaryTag = target { return true } else { return false } }()
            else {
                throw TagVocabularyError.unknownTag(word: words[position], text: text, knownTags: allPhrases)
            }
            switch target {
            case let .groupValue(group, value):
                if let earlier = selection.groupIndices[group], earlier != value {
                    throw TagVocabularyError.conflictingValues(
                        group: groups[group].name, first: groups[group].values[earlier],
                        second: groups[group].values[value])
                }
                selection.groupIndices[group] = value
            case let .binaryTag(tag):
                if let earlier = selection.binaryTags[tag], earlier == negated {
                    throw TagVocabularyError.conflictingBinaryTag(tag: binaryTags[tag].name)
                }
                selection.binaryTags[tag] = !negated
            }
            position = start + length
        }
        return selection
    }

    /// Parses the tag text of one data-set line into fully specified labels: every group must
    /// have a value; binary tags that are not mentioned are off.
    /// - Throws: what `parse` throws, and `TagVocabularyError.missingGroup` when a group has
    ///   no value in the text.
    public func labels(parsing text: String) throws -> TagLabels {
        let selection = try parse(text)
        var indices: [Int] = []
        for (groupIndex, chosen) in selection.groupIndices.enumerated() {
            guard let chosen else {
                throw TagVocabularyError.missingGroup(group: groups[groupIndex].name, text: text)
            }
            indices.append(chosen)
        }
        return TagLabels(groupIndices: indices, binaryTags: selection.binaryTags.map { $0 ?? false })
    }

    /// All phrases split into lowercase words, with what each one selects.
    private func phraseTable() -> [(words: [String], target: PhraseTarget)] {
        var table: [(words: [String], target: PhraseTarget)] = []
        for (groupIndex, group) in groups.enumerated() {
            for (valueIndex, value) in group.values.enumerated() {
                table.append((Self.words(of: value), .groupValue(group: groupIndex, value: valueIndex)))
            }
        }
        for (tagIndex, tag) in binaryTags.enumerated() {
            table.append((Self.words(of: tag.name), .binaryTag(tagIndex)))
        }
        return table
    }

    /// The longest phrase that matches `words` starting at `start`, and its word count.
    private func longestMatch(
        in words: [String], at start: Int, phrases: [(words: [String], target: PhraseTarget)]
    ) -> (PhraseTarget, Int)? {
        var best: (PhraseTarget, Int)?
        for phrase in phrases where !phrase.words.isEmpty && start + phrase.words.count <= words.count {
            guard phrase.words.count > (best?.1 ?? 0) else { continue }
            if Array(words[start..<(start + phrase.words.count)]) == phrase.words {
                best = (phrase.target, phrase.words.count)
            }
        }
        return best
    }

    /// Lowercase words of a phrase, split the same way as parsed text.
    static func words(of phrase: String) -> [String] {
        phrase.lowercased().split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }
}
