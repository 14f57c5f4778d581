extension TagVocabulary {
    /// The default of `minimumTagCount`: a tag on fewer lines than this is more likely a typo
    /// than a class a model can learn.
    public static let defaultMinimumTagCount = 5

    /// A vocabulary inferred from the tag text of a data set's lines, and what was left out.
    public struct Inference: Sendable, Equatable {
        /// The inferred vocabulary (uniform priors; the loader replaces them by the observed
        /// frequencies). Empty when no tag is frequent enough.
        public var vocabulary: TagVocabulary
        /// Tags seen on fewer lines than the minimum, most frequent first (ties by name).
        public var rareTags: [VocabularyChoice.RareTag]
        /// Which rule made the vocabulary, for people, e.g. "every line has one tag, so the
        /// 10 tags form one group \"class\"".
        public var rule: String
    }

    /// Infers a vocabulary from tag text (the part of each tags.csv line after the comma).
    ///
    /// Rules: every token separated by whitespace (or a comma) is one tag, compared without
    /// case; multi-word tags are written with `_` ("open_mouth"). A token `group:value`
    /// ("hair:blue") is a value of the categorical group `group`, written in full as the value
    /// ("hair:blue"), so tag text reads back unambiguously. When every line has exactly one
    /// token and no token is `group:value`, the tokens form one group "class". Every other
    /// token is an on/off tag. Tags on fewer than `minimumTagCount` lines are listed in
    /// `rareTags` and left out. Groups, values and tags are sorted by name, numbers inside
    /// names by value ("digit_2" before "digit_10").
    /// - Precondition: `minimumTagCount >= 1`.
    public static func inferred(fromTagTexts texts: [String], minimumTagCount: Int = defaultMinimumTagCount) -> Inference {
        precondition(minimumTagCount >= 1, "minimumTagCount must be at least 1")
        let tokensPerLine = texts.map { words(of: $0) }
        var counts: [String: Int] = [:]
        for tokens in tokensPerLine {
            for token in Set(tokens) { counts[token, default: 0] += 1 }
        }
        let learnt = counts.filter { $0.value >= minimumTagCount }.keys.sorted(by: naturalOrder)
        let rare = counts.filter { $0.value < minimumTagCount }
            .map { VocabularyChoice.RareTag(tag: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : naturalOrder($0.tag, $1.tag) }
        let hasGroupTokens = counts.keys.contains { groupName(of: $0) != nil }
        let linesWithTags = tokensPerLine.filter { !$0.isEmpty }

        if !hasGroupTokens, !linesWithTags.isEmpty, linesWithTags.allSatisfy({ $0.count == 1 }) {
            let vocabulary = TagVocabulary(groups: learnt.isEmpty ? [] : [Group(name: "class", values: learnt)])
            return Inference(vocabulary: vocabulary, rareTags: rare,
                             rule: "every line has one tag, so the \(learnt.count) tags form one group \"class\"")
        }
        var groupValues: [String: [String]] = [:]
        var binary: [String] = []
        for token in learnt {
            if let group = groupName(of: token) { groupValues[group, default: []].append(token) } else { binary.append(token) }
        }
        let groups = groupValues.keys.sorted(by: naturalOrder).map { Group(name: $0, values: groupValues[$0]!) }
        let tags = binary.map { BinaryTag(name: $0, prior: 0.5) }
        var parts: [String] = []
        if !groups.isEmpty {
            parts.append("\(groups.count) \(groups.count == 1 ? "group" : "groups") from group:value tags ("
                         + groups.map(\.name).joined(separator: ", ") + ")")
        }
        parts.append("\(tags.count) on/off \(tags.count == 1 ? "tag" : "tags")")
        if !hasGroupTokens, let multiple = linesWithTags.first(where: { $0.count != 1 }) {
            parts.append("lines such as \"\(multiple.joined(separator: " "))\" have several tags, so each tag is on/off")
        }
        return Inference(vocabulary: TagVocabulary(groups: groups, binaryTags: tags), rareTags: rare,
                         rule: parts.joined(separator: "; "))
    }

    /// The group of a `group:value` token, or nil for a plain tag (no colon, or nothing on
    /// one side of it).
    public static func groupName(of token: String) -> String? {
        guard let colon = token.firstIndex(of: ":"), colon != token.startIndex,
              token.index(after: colon) != token.endIndex else { return nil }
        return String(token[..<colon])
    }

    /// Name order with numbers compared by value: "digit_2" < "digit_10" < "eyes".
    public static func naturalOrder(_ left: String, _ right: String) -> Bool {
        let a = naturalKey(left), b = naturalKey(right)
        for (x, y) in zip(a, b) where x != y {
            switch (x, y) {
            case let (.number(m), .number(n)): return m.count != n.count ? m.count < n.count : m < n
            case let (.text(s), .text(t)): return s < t
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
        return a.count != b.count ? a.count < b.count : left < right
    }

    private enum NaturalPart: Equatable {
        /// Digits without leading zeros (compared by length, then as text).
        case number(String)
        case text(String)
    }

    private static func naturalKey(_ text: String) -> [NaturalPart] {
        var parts: [NaturalPart] = []
        var current = ""
        var inDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            if inDigits {
                let trimmed = current.drop { $0 == "0" }
                parts.append(.number(trimmed.isEmpty ? "0" : String(trimmed)))
            } else {
                parts.append(.text(current))
            }
            current = ""
        }
        for character in text {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != inDigits { flush(); inDigits = isDigit }
            current.append(character)
        }
        flush()
        return parts
    }
}
