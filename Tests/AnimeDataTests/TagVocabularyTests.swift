import AnimeData
import Foundation
import Testing
import Randomness

/// A tiny deterministic generator for tests (SplitMix64).
struct DataTestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Test func syntheticAvatarsLayoutMatchesContract() {
    let vocabulary = TagVocabulary.syntheticAvatars
    #expect(vocabulary.groupSizes == [13, 5, 10])
    #expect(vocabulary.conditionLength == 13 + 5 + 10 + 6)
    #expect(vocabulary.groups.map(\.name) == ["hair color", "hair style", "eye color"])
    #expect(vocabulary.groups[1].values == ["long hair", "short hair", "twin tail", "ponytail", "drill hair"])
    #expect(vocabulary.binaryTags.map(\.name) == ["blush", "smile", "open mouth", "hat", "ribbon", "glasses"])
    // Hair priors listed in DATASETS.md sum to 1.000; eye priors sum to 1.001 and are normalised.
    #expect(abs(vocabulary.groups[0].priors[1] - 0.213) < 1e-9)
    #expect(abs(vocabulary.groups[2].priors[0] - 0.284 / 1.001) < 1e-9)
    for group in vocabulary.groups {
        #expect(abs(group.priors.reduce(0, +) - 1) < 1e-12)
    }
}

@Test func animeFacesHasTwelveHairAndTenEyeColours() {
    let vocabulary = TagVocabulary.animeFaces
    #expect(vocabulary.groupSizes == [12, 10])
    #expect(vocabulary.groups[0].values.first == "aqua hair")
    #expect(vocabulary.groups[1].values.last == "yellow eyes")
    #expect(vocabulary.binaryTags.isEmpty)
}

@Test func parseMatchesMultiWordPhrasesCaseInsensitively() throws {
    let vocabulary = TagVocabulary.syntheticAvatars
    let selection = try vocabulary.parse("Blue Hair, twin tail red eyes open mouth no glasses")
    #expect(selection.groupIndices == [3, 2, 1])
    #expect(selection.binaryTags == [nil, nil, true, nil, nil, false])
}

@Test func parsePrefersTheLongestMatch() throws {
    // "long hair" is a value of its own and must not be read as an unknown "long" + "hair".
    let vocabulary = TagVocabulary(
        groups: [.init(name: "length", values: ["long", "long hair"])],
        binaryTags: [.init(name: "hair", prior: 0.5)])
    let selection = try vocabulary.parse("long hair")
    #expect(selection.groupIndices == [1])
    #expect(selection.binaryTags == [nil])
}

@Test func parseRejectsUnknownWordsAndConflicts() {
    let vocabulary = TagVocabulary.syntheticAvatars
    #expect(throws: TagVocabularyError.unknownTag(
        word: "tail", text: "blue hair tail", knownTags: vocabulary.allPhrases)) {
        try vocabulary.parse("blue hair tail")
    }
    #expect(throws: TagVocabularyError.conflictingValues(
        group: "hair color", first: "blue hair", second: "red hair")) {
        try vocabulary.parse("blue hair red hair")
    }
    #expect(throws: TagVocabularyError.conflictingBinaryTag(tag: "smile")) {
        try vocabulary.parse("smile no smile")
    }
    let error = TagVocabularyError.unknownTag(word: "x", text: "x", knownTags: ["a", "b"])
    #expect(error.description.contains("known tags: a, b"))
}

@Test func labelsParsingRequiresEveryGroup() throws {
    let vocabulary = TagVocabulary.syntheticAvatars
    let labels = try vocabulary.labels(parsing: "blonde hair twin tail blue eyes blush smile glasses")
    #expect(labels == TagLabels(groupIndices: [0, 2, 0], binaryTags: [true, true, false, false, false, true]))
    #expect(vocabulary.text(for: labels) == "blonde hair twin tail blue eyes blush smile glasses")
    #expect(throws: TagVocabularyError.missingGroup(group: "hair style", text: "blue hair red eyes")) {
        try vocabulary.labels(parsing: "blue hair red eyes")
    }
}

@Test func conditionIsOneHotPerGroupThenBinaryFlags() {
    let vocabulary = TagVocabulary(
        groups: [.init(name: "a", values: ["a0", "a1", "a2"]), .init(name: "b", values: ["b0", "b1"])],
        binaryTags: [.init(name: "t0", prior: 0.5), .init(name: "t1", prior: 0.5)])
    let condition = vocabulary.condition(for: TagLabels(groupIndices: [2, 0], binaryTags: [false, true]))
    #expect(condition == [0, 0, 1, 1, 0, 0, 1])
}

@Test func jsonRoundTripPreservesEverything() throws {
    let data = try TagVocabulary.syntheticAvatars.jsonData()
    #expect(try TagVocabulary(jsonData: data) == .syntheticAvatars)
    #expect(throws: TagVocabularyError.self) { try TagVocabulary(jsonData: Data("{}".utf8)) }
    let emptyGroup = Data(#"{"groups":[{"name":"g","values":[],"priors":[]}],"binaryTags":[]}"#.utf8)
    #expect(throws: TagVocabularyError.self) { try TagVocabulary(jsonData: emptyGroup) }
}

@Test func completedDrawsRandomEntriesFromThePriors() {
    let vocabulary = TagVocabulary(
        groups: [.init(name: "g", values: ["x", "y", "z"], priors: [0.2, 0.0, 0.8])],
        binaryTags: [.init(name: "t", prior: 0.25)])
    var rng = DataTestRandom(state: 7)
    var valueCounts = [0, 0, 0]
    var onCount = 0
    let draws = 20_000
    for _ in 0..<draws {
        let labels = TagSelection(allRandomFor: vocabulary).completed(vocabulary: vocabulary, using: &rng)
        valueCounts[labels.groupIndices[0]] += 1
        onCount += labels.binaryTags[0] ? 1 : 0
    }
    // Binomial standard deviation for p = 0.2 over 20k draws is about 0.003; allow 0.015.
    #expect(abs(Double(valueCounts[0]) / Double(draws) - 0.2) < 0.015)
    #expect(valueCounts[1] == 0)
    #expect(abs(Double(onCount) / Double(draws) - 0.25) < 0.015)
    // Fixed entries are kept as given.
    let fixed = TagSelection(groupIndices: [1], binaryTags: [false]).completed(vocabulary: vocabulary, using: &rng)
    #expect(fixed == TagLabels(groupIndices: [1], binaryTags: [false]))
}

@Test func vocabularyFileErrorsNameTheFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let good = folder.appendingPathComponent("good.json")
    try TagVocabulary.syntheticAvatars.jsonData().write(to: good)
    #expect(try TagVocabulary(contentsOf: good) == TagVocabulary.syntheticAvatars)
    let text = folder.appendingPathComponent("text.json")
    try Data("hair colours: lots".utf8).write(to: text)
    for bad in [text, folder.appendingPathComponent("missing.json"), folder] {
        #expect {
            try TagVocabulary(contentsOf: bad)
        } throws: { error in
            let message = "\(error)"
            return error is TagVocabularyFileError && message.hasPrefix(bad.path + ": ")
        }
    }
}

@Test func invalidVocabularyJSONSaysWhereOnOneLine() {
    func reason(_ json: String) -> String? {
        do {
            _ = try TagVocabulary(jsonData: Data(json.utf8))
            return nil
        } catch {
            return "\(error)"
        }
    }
    #expect(reason("hair colours: lots") == "vocabulary JSON is not valid (not JSON); write it as `acgan vocabulary` prints it")
    #expect(reason(#"{"groups": [{"name": "g", "values": ["a"]}], "binaryTags": []}"#)?
        .contains("(\"priors\" is missing at .groups[0])") == true)
    #expect(reason(#"{"groups": 3, "binaryTags": []}"#)?.contains("(.groups should be ") == true)
    #expect(reason(#"{"groups": [{"name": "g", "values": [], "priors": []}], "binaryTags": []}"#)?
        .contains("group \"g\" needs at least one value") == true)
    for json in ["", "{", #"{"groups": [{"name": null}]}"#] {
        #expect(reason(json)?.contains("\n") == false, "\(json)")
    }
}
