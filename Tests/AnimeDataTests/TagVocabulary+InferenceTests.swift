import AnimeData
import Testing

/// `n` copies of `text`.
private func lines(_ text: String, _ n: Int) -> [String] { Array(repeating: text, count: n) }

@Test func singleTagLinesFormOneGroupCalledClass() {
    let texts = (0..<11).flatMap { lines("digit_\($0)", 5) } + ["Digit_3", "digti_6", "digit_4", " "]
    let inference = TagVocabulary.inferred(fromTagTexts: texts)
    // Numbers inside names sort by value; case is ignored ("Digit_3" is digit_3).
    #expect(inference.vocabulary == TagVocabulary(groups: [.init(name: "class", values: (0...10).map { "digit_\($0)" })]))
    #expect(inference.vocabulary.binaryTags.isEmpty)
    #expect(inference.rareTags == [.init(tag: "digti_6", count: 1)])
    #expect(inference.rule == "every line has one tag, so the 11 tags form one group \"class\"")
}

@Test func groupValueTokensMakeGroupsAndOtherTokensOnOffTags() {
    let texts = lines("hair:blue eyes:red smile", 3) + lines("hair:red eyes:red open_mouth", 3)
        + lines("HAIR:blue eyes:green smile open_mouth", 2) + ["hair:teal eyes:red", "eyes:green hair:blue wings"]
    let inference = TagVocabulary.inferred(fromTagTexts: texts, minimumTagCount: 2)
    #expect(inference.vocabulary.groups == [
        .init(name: "eyes", values: ["eyes:green", "eyes:red"]),
        .init(name: "hair", values: ["hair:blue", "hair:red"]),
    ])
    #expect(inference.vocabulary.binaryTags.map(\.name) == ["open_mouth", "smile"])
    #expect(inference.rareTags == [.init(tag: "hair:teal", count: 1), .init(tag: "wings", count: 1)])
    #expect(inference.rule == "2 groups from group:value tags (eyes, hair); 2 on/off tags")
    // The vocabulary reads its own lines back: values are written in full, "hair:blue".
    let labels = try? inference.vocabulary.labels(parsing: "smile hair:blue eyes:green")
    #expect(labels == TagLabels(groupIndices: [0, 0], binaryTags: [false, true]))
    #expect(inference.vocabulary.text(for: TagLabels(groupIndices: [1, 1], binaryTags: [true, false]))
        == "eyes:red hair:red open_mouth")
}

@Test func oneLineWithSeveralTagsMakesEveryTagOnOff() {
    let texts = lines("cat", 5) + lines("dog", 5) + ["cat dog"]
    let inference = TagVocabulary.inferred(fromTagTexts: texts)
    #expect(inference.vocabulary.groups.isEmpty)
    #expect(inference.vocabulary.binaryTags.map(\.name) == ["cat", "dog"])
    #expect(inference.rule == "2 on/off tags; lines such as \"cat dog\" have several tags, so each tag is on/off")
}

@Test func theMinimumCountDecidesWhatIsLearnt() {
    let texts = lines("a", 3) + lines("b", 2) + ["c"]
    #expect(TagVocabulary.inferred(fromTagTexts: texts, minimumTagCount: 1).vocabulary.groups[0].values == ["a", "b", "c"])
    #expect(TagVocabulary.inferred(fromTagTexts: texts, minimumTagCount: 3).vocabulary.groups[0].values == ["a"])
    let none = TagVocabulary.inferred(fromTagTexts: texts, minimumTagCount: 4)
    #expect(none.vocabulary.conditionLength == 0)
    // Most frequent first, ties by name.
    #expect(none.rareTags == [.init(tag: "a", count: 3), .init(tag: "b", count: 2), .init(tag: "c", count: 1)])
    // A tag counts once per line.
    #expect(TagVocabulary.inferred(fromTagTexts: ["x x x x x", "y"], minimumTagCount: 2).rareTags.map(\.count) == [1, 1])
}

@Test func onlyATokenWithTextOnBothSidesOfAColonIsAGroupValue() {
    #expect(TagVocabulary.groupName(of: "hair:blue") == "hair")
    #expect(TagVocabulary.groupName(of: "a:b:c") == "a")
    #expect(TagVocabulary.groupName(of: ":blue") == nil)
    #expect(TagVocabulary.groupName(of: "hair:") == nil)
    #expect(TagVocabulary.groupName(of: "smile") == nil)
}

@Test func naturalOrderComparesNumbersByValue() {
    let sorted = ["digit_10", "digit_2", "b", "digit_1", "a10", "a9", "digit_02", "a"].sorted(by: TagVocabulary.naturalOrder)
    #expect(sorted == ["a", "a9", "a10", "b", "digit_1", "digit_02", "digit_2", "digit_10"])
}
