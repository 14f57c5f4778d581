import Foundation

extension TagVocabulary {
    /// Parses tag text such as "blue hair red eyes smile" into a partial selection.
    ///
    /// Multi-word phrases are matched against the vocabulary, longest match first, ignoring
    /// case; commas count as spaces. A binary tag preceded by "no" ("no glasses") is off. A
    /// word `name=value` with a number after `=` ("face_size=0.8") gives a continuous
    /// attribute's value. Groups, binary tags and attributes not mentioned stay `nil` ("random").
    /// - Throws: `TagVocabularyError.unknownTag` for words that start no known phrase (the
    ///   message lists the known tags), `.conflictingValues` for two values of one group,
    ///   `.unknownAttribute` for a `name=value` of no continuous attribute, `.valueOutOfRange`
    ///   (with the range) for a value outside its attribute's range.
    public func parse(_ text: String) throws -> TagSelection {
        try TagParser(self).parse(text)
    }

    /// Parses learned code values as `acgan generate --codes` takes them: comma-separated, one
    /// per code in order ("0.5,-1"; fewer than the codes leave the rest random, and an empty
    /// entry or "random" leaves that one random), into a selection that sets only those codes.
    /// - Throws: `TagVocabularyError.badCodes` for a model without codes, more values than
    ///   codes, or an entry that is not a number; `.valueOutOfRange` for a value outside [-1, 1].
    public func parseCodes(_ text: String) throws -> TagSelection {
        let codes = learnedCodes
        guard !codes.isEmpty else {
            throw TagVocabularyError.badCodes(reason: "this model has no learned codes (train one with `acgan train --info-codes K`)")
        }
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard entries.count <= codes.count else {
            throw TagVocabularyError.badCodes(reason: "\(entries.count) values for \(codes.count) learned codes (\(codes.map(\.name).joined(separator: ", ")))")
        }
        var selection = TagSelection(allRandomFor: self)
        let first = continuous.count - codes.count
        for (index, entry) in entries.enumerated() where !entry.isEmpty && entry.lowercased() != "random" {
            guard let value = Double(entry), value.isFinite else {
                throw TagVocabularyError.badCodes(reason: "\"\(entry)\" is not a number; give values in [-1, 1] such as \"0.5,-1\"")
            }
            let code = codes[index]
            guard code.contains(value) else {
                throw TagVocabularyError.valueOutOfRange(name: code.name, value: value, minimum: code.minimum, maximum: code.maximum)
            }
            selection.continuous[first + index] = value
        }
        return selection
    }

    /// Parses the tag text of one data-set line into fully specified labels: every group must
    /// have a value, and every continuous attribute; binary tags that are not mentioned are off.
    /// - Throws: what `parse` throws, `TagVocabularyError.missingGroup` when a group has
    ///   no value in the text, `.missingValue` when a continuous attribute has none.
    public func labels(parsing text: String) throws -> TagLabels {
        try TagParser(self).labels(parsing: text)
    }

    /// Lowercase words of a phrase, split the same way as parsed text.
    static func words(of phrase: String) -> [String] {
        phrase.lowercased().split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }

    /// The name and value of a word `name=value` whose value is a finite number, else nil.
    public static func continuousToken(_ word: String) -> (name: String, value: Double)? {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex,
              let value = Double(word[word.index(after: equals)...]), value.isFinite else { return nil }
        return (String(word[..<equals]).lowercased(), value)
    }

    /// Tag text split into its tags and its `name=value` words, e.g. "blue hair tilt=0.1" into
    /// ("blue hair", [("tilt", 0.1)]).
    public static func splitContinuous(_ text: String) -> (tags: String, values: [(name: String, value: Double)]) {
        var tags: [String] = []
        var values: [(name: String, value: Double)] = []
        for word in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init) {
            if let token = continuousToken(word) { values.append(token) } else { tags.append(word) }
        }
        return (tags.joined(separator: " "), values)
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
    /// Continuous attributes by name.
    private var attributes: [String: Int] = [:]

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
        for (index, attribute) in vocabulary.continuous.enumerated() { attributes[attribute.name] = index }
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
            if let (name, value) = TagVocabulary.continuousToken(words[position]) {
                guard let index = attributes[name] else {
                    throw TagVocabularyError.unknownAttribute(name: name, text: text,
                                                              knownAttributes: vocabulary.continuous.map(\.rangeDescription))
                }
                let attribute = vocabulary.continuous[index]
                guard attribute.contains(value) else {
                    throw TagVocabularyError.valueOutOfRange(name: name, value: value, minimum: attribute.minimum,
                                                             maximum: attribute.maximum)
                }
                if let earlier = selection.continuous[index], earlier != value {
                    throw TagVocabularyError.conflictingValues(group: name, first: "\(name)=\(ContinuousAttribute.format(earlier))",
                                                               second: "\(name)=\(ContinuousAttribute.format(value))")
                }
                selection.continuous[index] = value
                position += 1
                continue
            }
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
        var values: [Double] = []
        for (index, chosen) in selection.continuous.enumerated() {
            guard let chosen else {
                throw TagVocabularyError.missingValue(name: vocabulary.continuous[index].name, text: text)
            }
            values.append(chosen)
        }
        return TagLabels(groupIndices: indices, binaryTags: selection.binaryTags.map { $0 ?? false }, continuous: values)
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
