import AnimeData
import Foundation
import Imaging
import Randomness
import Testing

/// A vocabulary with one group, one tag and two continuous attributes: `size` over 0.5...1.5
/// (kept in a mirror, with quantiles 0.5, 0.6, 1.5: most faces are small) and `tilt` over
/// -0.2...0.2 (negated in a mirror, no quantiles: uniform).
func continuousVocabulary() -> TagVocabulary {
    TagVocabulary(groups: [.init(name: "class", values: ["a", "b"])], binaryTags: [.init(name: "odd", prior: 0.5)],
                  continuous: [.init(name: "size", minimum: 0.5, maximum: 1.5, mirror: .keep, quantiles: [0.5, 0.6, 1.5]),
                               .init(name: "tilt", minimum: -0.2, maximum: 0.2, mirror: .negate)])
}

@Test func scalingMapsTheRangeOntoMinusOneToOneAndBack() {
    let size = ContinuousAttribute(name: "size", minimum: 0.5, maximum: 1.5)
    // 2 (v - 0.5) / 1 - 1: 0.5 -> -1, 1.5 -> 1, 1 -> 0, 0.75 -> -0.5.
    #expect(size.scaled(0.5) == -1 && size.scaled(1.5) == 1 && size.scaled(1) == 0 && size.scaled(0.75) == -0.5)
    for value in [0.5, 0.61, 0.9, 1.234, 1.5] {
        #expect(abs(size.value(scaled: size.scaled(value)) - value) < 1e-6)
    }
    let tilt = ContinuousAttribute(name: "tilt", minimum: -0.2, maximum: 0.2, mirror: .negate)
    // A symmetric range: the scaled value of -v is minus the scaled value of v.
    #expect(abs(tilt.scaled(0.05) - 0.25) < 1e-6 && tilt.scaled(-0.05) == -tilt.scaled(0.05))
    // A range of one value has nothing to scale: always the middle.
    let constant = ContinuousAttribute(name: "k", minimum: 3, maximum: 3)
    #expect(constant.scaled(3) == 0 && constant.value(scaled: 0.7) == 3)
}

@Test func observedRangeAndQuantilesFollowTheValues() {
    let attribute = ContinuousAttribute.observed(name: "size", values: [3, 1, 2, 5, 4], mirror: .keep)
    #expect(attribute.minimum == 1 && attribute.maximum == 5 && attribute.mirror == .keep)
    let quantiles = attribute.quantiles!
    #expect(quantiles.count == ContinuousAttribute.quantileCount)
    // Type 7: h = 4 p; p = 0.25 -> x[1] = 2, p = 0.5 -> 3, p = 0.1 -> 1 + 0.4 (2 - 1) = 1.4.
    #expect(quantiles[5] == 2 && quantiles[10] == 3 && abs(quantiles[2] - 1.4) < 1e-12)
    #expect(quantiles.first == 1 && quantiles.last == 5)
    // A mirrored sign makes the range symmetric, so that every negated value is inside it.
    let tilt = ContinuousAttribute.observed(name: "tilt", values: [-0.1, 0.05, 0.3], mirror: .negate)
    #expect(tilt.minimum == -0.3 && tilt.maximum == 0.3)
    #expect(tilt.quantiles!.first == -0.3 && tilt.quantiles!.last == 0.3)
    #expect(tilt.contains(-0.3) && !tilt.contains(0.30001))
}

@Test func aValueIsDrawnByTheInverseOfTheStoredDistribution() {
    let attribute = ContinuousAttribute(name: "x", minimum: 0, maximum: 10, quantiles: [0, 1, 10])
    // Quantiles at p = 0, 0.5, 1; linear between: u = 0.25 -> 0.5, u = 0.75 -> 5.5.
    #expect(attribute.value(quantile: 0) == 0)
    #expect(attribute.value(quantile: 0.25) == 0.5)
    #expect(attribute.value(quantile: 0.75) == 5.5)
    #expect(abs(attribute.value(quantile: 0.999_999) - 10) < 1e-4)
    // Without a distribution: uniform over the range.
    let uniform = ContinuousAttribute(name: "x", minimum: -2, maximum: 2)
    #expect(uniform.value(quantile: 0.25) == -1)
}

@Test func theConditionEndsWithTheScaledValuesAndTextReadsBack() throws {
    let vocabulary = continuousVocabulary()
    #expect(vocabulary.conditionLength == 2 + 1 + 2 && vocabulary.tagConditionLength == 3)
    let labels = TagLabels(groupIndices: [1], binaryTags: [true], continuous: [0.75, -0.05])
    #expect(vocabulary.condition(for: labels) == [0, 1, 1, -0.5, -0.25])
    let text = vocabulary.text(for: labels)
    #expect(text == "b odd size=0.75 tilt=-0.05")
    #expect(try vocabulary.labels(parsing: text) == labels)
    #expect(try vocabulary.labels(parsing: "tilt=0.2, a size=1.5") == TagLabels(groupIndices: [0], binaryTags: [false],
                                                                                continuous: [1.5, 0.2]))
}

@Test func parsingChecksEveryContinuousValue() throws {
    let vocabulary = continuousVocabulary()
    let selection = try vocabulary.parse("b size=0.8")
    #expect(selection.groupIndices == [1] && selection.continuous == [0.8, nil])
    #expect(throws: TagVocabularyError.valueOutOfRange(name: "size", value: 1.6, minimum: 0.5, maximum: 1.5)) {
        try vocabulary.parse("a size=1.6")
    }
    let outOfRange = TagVocabularyError.valueOutOfRange(name: "tilt", value: -0.3, minimum: -0.2, maximum: 0.2)
    #expect(outOfRange.description.contains("-0.2 ... 0.2"))
    #expect(throws: TagVocabularyError.unknownAttribute(name: "width", text: "a width=2",
                                                        knownAttributes: ["size=0.5...1.5", "tilt=-0.2...0.2"])) {
        try vocabulary.parse("a width=2")
    }
    #expect(throws: TagVocabularyError.missingValue(name: "tilt", text: "a size=1")) {
        try vocabulary.labels(parsing: "a size=1")
    }
    #expect(throws: TagVocabularyError.self) { try vocabulary.parse("size=1 size=0.9") }
    // A vocabulary without continuous attributes says so.
    let plain = TagVocabulary.syntheticAvatars
    #expect(throws: TagVocabularyError.unknownAttribute(name: "face_size", text: "blue hair face_size=0.8", knownAttributes: [])) {
        try plain.parse("blue hair face_size=0.8")
    }
    // A word with "=" and no number is a tag like any other.
    #expect(TagVocabulary.continuousToken("hair=blue") == nil)
    #expect(TagVocabulary.continuousToken("tilt=nan") == nil)
    #expect(TagVocabulary.continuousToken("Tilt=-1e-2")! == ("tilt", -0.01))
}

@Test func vocabularyJSONCarriesContinuousAttributesAndOldFilesReadAsBefore() throws {
    let vocabulary = continuousVocabulary()
    #expect(try TagVocabulary(jsonData: vocabulary.jsonData()) == vocabulary)
    let text = String(decoding: try vocabulary.jsonData(), as: UTF8.self)
    #expect(text.contains("\"mirror\" : \"negate\"") && text.contains("\"mirror\" : \"keep\""))
    // Without continuous attributes: no key, and a file from before reads with none.
    let plain = vocabulary.withoutContinuous
    #expect(!String(decoding: try plain.jsonData(), as: UTF8.self).contains("continuous"))
    let old = #"{"binaryTags": [{"name": "odd", "prior": 0.5}], "groups": [{"name": "class", "values": ["a", "b"], "priors": [0.5, 0.5]}]}"#
    #expect(try TagVocabulary(jsonData: Data(old.utf8)) == plain)
    // Unusable attributes are refused with the reason.
    func refusal(_ attribute: String) -> String {
        let json = #"{"binaryTags": [], "groups": [], "continuous": [\#(attribute)]}"#
        do { _ = try TagVocabulary(jsonData: Data(json.utf8)); return "accepted" } catch { return "\(error)" }
    }
    #expect(refusal(#"{"name": "tilt", "minimum": -0.1, "maximum": 0.2, "mirror": "negate"}"#).contains("symmetric about 0"))
    #expect(refusal(#"{"name": "size", "minimum": 2, "maximum": 1}"#).contains("\"minimum\" <= \"maximum\""))
    #expect(refusal(#"{"name": "size", "minimum": 0, "maximum": 1, "quantiles": [0, 0.7, 0.5, 1]}"#).contains("sorted"))
    #expect(refusal(#"{"name": "face size", "minimum": 0, "maximum": 1}"#).contains("without spaces"))
    #expect(refusal(#"{"name": "size", "minimum": 0, "maximum": 1, "mirror": "flip"}"#).contains("not valid"))
    #expect(refusal(#"{"name": "size", "minimum": 0, "maximum": 1}, {"name": "size", "minimum": 0, "maximum": 1}"#)
        .contains("listed twice"))
}

@Test func attributeDrawAddsContinuousValuesAfterTheTags() {
    let vocabulary = continuousVocabulary()
    let seed: UInt64 = 77
    let drawn = AttributeDraw.labels(for: TagSelection(allRandomFor: vocabulary), vocabulary: vocabulary, seed: seed)
    // The tags are drawn exactly as without continuous attributes ...
    let tagsOnly = AttributeDraw.labels(for: TagSelection(allRandomFor: vocabulary.withoutContinuous),
                                        vocabulary: vocabulary.withoutContinuous, seed: seed)
    #expect(drawn.groupIndices == tagsOnly.groupIndices && drawn.binaryTags == tagsOnly.binaryTags)
    // ... then one uniform per attribute, through its distribution (size) or its range (tilt).
    var rng = SplitMix64(seed: seed)
    _ = rng.nextUnit(); _ = rng.nextUnit()   // the group, the tag
    let sizeUniform = rng.nextUnit(), tiltUniform = rng.nextUnit()
    #expect(drawn.continuous == [vocabulary.continuous[0].value(quantile: sizeUniform), -0.2 + 0.4 * tiltUniform])
    // Giving one value changes nothing else.
    var selection = TagSelection(allRandomFor: vocabulary)
    selection.continuous[0] = 1.2
    let given = AttributeDraw.labels(for: selection, vocabulary: vocabulary, seed: seed)
    #expect(given.continuous == [1.2, drawn.continuous[1]])
    #expect(given.groupIndices == drawn.groupIndices && given.binaryTags == drawn.binaryTags)
    // Values drawn over many seeds follow the quantiles: half of them below 0.6.
    let sizes = (0..<2000).map { AttributeDraw.labels(for: TagSelection(allRandomFor: vocabulary), vocabulary: vocabulary,
                                                      seed: UInt64($0)).continuous[0] }
    let below = sizes.filter { $0 < 0.6 }.count
    #expect(below > 900 && below < 1100)
    #expect(sizes.allSatisfy { vocabulary.continuous[0].contains($0) })
}

@Test func mirroringNegatesOnlyTheMarkedAttributes() {
    let vocabulary = continuousVocabulary()
    let labels = TagLabels(groupIndices: [0], binaryTags: [false], continuous: [0.9, 0.15])
    #expect(labels.mirrored(under: vocabulary) == TagLabels(groupIndices: [0], binaryTags: [false], continuous: [0.9, -0.15]))
    #expect(vocabulary.continuousWithoutMirror.isEmpty)
    var unmarked = vocabulary
    unmarked.continuous[0].mirror = nil
    #expect(unmarked.continuousWithoutMirror.map(\.name) == ["size"])
}

/// Four 4x4 images with a marker in column 0; labels with sizes and tilts.
private func continuousDataset(vocabulary: TagVocabulary = continuousVocabulary()) -> AnimeDataset {
    let images = (0..<4).map { index -> RGBImage in
        var image = RGBImage(width: 4, height: 4, fill: RGBColor(red: UInt8(40 * index), green: 0, blue: 0))
        for y in 0..<4 { image[0, y] = RGBColor(red: UInt8(40 * index), green: 200, blue: 0) }
        return image
    }
    let labels = (0..<4).map { TagLabels(groupIndices: [$0 % 2], binaryTags: [$0 % 2 == 1],
                                         continuous: [0.5 + 0.25 * Double($0), -0.2 + 0.1 * Double($0)]) }
    return AnimeDataset(images: images, labels: labels, vocabulary: vocabulary)
}

@Test func aFlippedImageHasItsMirrorSignValuesNegated() throws {
    let dataset = continuousDataset()
    let loader = try BatchLoader(dataset: dataset, batchSize: 4, seed: 3, horizontalFlip: true)
    var seen = (flipped: 0, plain: 0)
    for epoch in 0..<12 {
        let batch = loader.batch(epoch: epoch, index: 0)
        for slot in 0..<4 {
            let original = dataset.labels[batch.datasetIndices[slot]]
            let mirrored = batch.flipped[slot]
            // The marker column moved to x = 3 exactly when the image was mirrored.
            #expect(batch.pixels[slot * 48 + 16 + (mirrored ? 3 : 0)] == Float(200) / 127.5 - 1)
            let expected = [original.continuous[0], mirrored ? -original.continuous[1] : original.continuous[1]]
            #expect(batch.labels[slot].continuous == expected)
            let condition = Array(batch.conditions[(slot * 5)..<(slot * 5 + 5)])
            #expect(abs(condition[3] - Float(2 * (expected[0] - 0.5) - 1)) < 1e-6)
            #expect(abs(condition[4] - Float(expected[1] / 0.2)) < 1e-6)
            if mirrored { seen.flipped += 1 } else { seen.plain += 1 }
        }
    }
    #expect(seen.flipped > 0 && seen.plain > 0)
}

@Test func flipsAreRefusedForAttributesWithoutAMirrorMark() throws {
    var vocabulary = continuousVocabulary()
    vocabulary.continuous[1].mirror = nil
    let dataset = continuousDataset(vocabulary: vocabulary)
    #expect(throws: AnimeDataError.flipWithoutMirror(attributes: ["tilt"])) {
        try BatchLoader(dataset: dataset, batchSize: 2, seed: 1, horizontalFlip: true)
    }
    #expect(AnimeDataError.flipWithoutMirror(attributes: ["tilt"]).description.contains("\"mirror\": \"negate\" or \"keep\""))
    _ = try BatchLoader(dataset: dataset, batchSize: 2, seed: 1)
}

@Test func aTagsFileWithNumbersGetsContinuousAttributesWithTheirRanges() throws {
    let folder = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var lines: [String] = []
    for index in 0..<12 {
        try DatasetFixtures.write(DatasetFixtures.solid(UInt8(index * 20), 0, 0), folder, "face\(index).png")
        let tag = index % 2 == 0 ? "cat" : "dog"
        lines.append("face\(index).png,\(tag) width=\(Double(index) / 4) angle=\(Double(index - 3) / 10)")
    }
    lines[11] = "face11.png,dog angle=0.5"   // no width: refused, and not part of the range
    try DatasetFixtures.write(text: lines.joined(separator: "\n") + "\n", folder, "tags.csv")
    let dataset = try AnimeDataset.load(from: folder, imageSize: 8, cacheDirectory: folder.appendingPathComponent("cache"))
    let vocabulary = dataset.vocabulary
    #expect(vocabulary.groups.map(\.values) == [["cat", "dog"]])
    #expect(vocabulary.continuous.map(\.name) == ["angle", "width"])
    #expect(vocabulary.continuous[0].minimum == -0.3 && vocabulary.continuous[0].maximum == 0.7)
    #expect(vocabulary.continuous[1].minimum == 0 && vocabulary.continuous[1].maximum == 2.5)
    #expect(vocabulary.continuous.allSatisfy { $0.mirror == nil })
    #expect(dataset.count == 11)
    #expect(dataset.report.rejectedLines.contains { $0.reason.contains("gives no value for width") })
    #expect(dataset.report.vocabularyChoice!.reason.contains("2 continuous attributes from name=value words (angle, width)"))
    #expect(dataset.report.vocabularyChoice!.reason.contains("flips are turned off"))
    let labels = dataset.labels.sorted { $0.continuous[1] < $1.continuous[1] }
    #expect(labels[2] == TagLabels(groupIndices: [0], binaryTags: [], continuous: [-0.1, 0.5]))
}

@Test func aGivenVocabularyRefusesValuesOutsideItsRanges() throws {
    let folder = try DatasetFixtures.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for index in 0..<3 { try DatasetFixtures.write(DatasetFixtures.solid(9, 9, 9), folder, "\(index).png") }
    try DatasetFixtures.write(text: "0.png,a size=1 tilt=0\n1.png,b size=2 tilt=0\n2.png,a odd size=0.5 tilt=-0.2\n",
                              folder, "tags.csv")
    let dataset = try AnimeDataset.load(from: folder, imageSize: 8, vocabulary: continuousVocabulary(),
                                        cacheDirectory: folder.appendingPathComponent("cache"))
    #expect(dataset.count == 2)
    #expect(dataset.report.rejectedLines.contains { $0.file == "1.png" && $0.reason.contains("size=2 is outside its range 0.5 ... 1.5") })
}
