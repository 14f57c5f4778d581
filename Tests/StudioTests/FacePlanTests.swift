import ACGAN
import AnimeData
import Studio
import Testing
import Randomness

@Suite struct FacePlanTests {
    let vocabulary = TagVocabulary.syntheticAvatars

    @Test func seedsAdvancePerFaceAndWrapAt2To53() throws {
        var random = SplitMix64(seed: 1)
        let plan = try FacePlan(
            FaceSpecification(seed: 9_007_199_254_740_990, attributeSeed: 9_007_199_254_740_991),
            vocabulary: vocabulary, latentSize: 4, randomSource: &random)
        let seeds = (0..<3).map { plan.face(at: $0, vocabulary: vocabulary, latentSize: 4) }
        #expect(seeds.map(\.seed) == [9_007_199_254_740_990, 9_007_199_254_740_991, 0])
        #expect(seeds.map(\.attributeSeed) == [9_007_199_254_740_991, 0, 1])
        #expect(seeds[2].latent == LatentNoise.latent(seed: 0, size: 4))
    }

    @Test func missingSeedsAreDrawnBelow2To53() throws {
        var random = SplitMix64(seed: 99)
        var oracle = SplitMix64(seed: 99)
        let plan = try FacePlan(FaceSpecification(), vocabulary: vocabulary, latentSize: 4, randomSource: &random)
        #expect(plan.seed == oracle.next() % (1 << 53))
        #expect(plan.attributeSeed == oracle.next() % (1 << 53))
    }

    @Test func tagsAndAttributesGiveTheSameSelection() throws {
        var random = SplitMix64(seed: 1)
        let fromTags = try FacePlan(
            FaceSpecification(tags: "Silver Hair, twin tail no glasses"), vocabulary: vocabulary,
            latentSize: 4, randomSource: &random)
        let fromAttributes = try FacePlan(
            FaceSpecification(attributes: [
                "hair color": .value("silver hair"), "HAIR STYLE": .value("Twin Tail"),
                "glasses": .flag(false), "smile": .random,
            ]),
            vocabulary: vocabulary, latentSize: 4, randomSource: &random)
        #expect(fromTags.selection == fromAttributes.selection)
        #expect(fromTags.selection.groupIndices == [8, 2, nil])
        #expect(fromTags.selection.binaryTags == [nil, nil, nil, nil, nil, false])
    }

    @Test func conditionFollowsTheLabels() throws {
        var random = SplitMix64(seed: 1)
        let face = try FacePlan(
            FaceSpecification(tags: "aqua hair ponytail black eyes blush smile open mouth hat ribbon glasses"),
            vocabulary: vocabulary, latentSize: 4, randomSource: &random
        ).face(at: 0, vocabulary: vocabulary, latentSize: 4)
        var expected = [Float](repeating: 0, count: 34)
        expected[11] = 1             // aqua hair: 12th of 13 hair colours
        expected[13 + 3] = 1         // ponytail: 4th of 5 styles
        expected[18 + 8] = 1         // black eyes: 9th of 10 eye colours
        for tag in 28..<34 { expected[tag] = 1 }
        #expect(face.condition == expected)
    }
}
