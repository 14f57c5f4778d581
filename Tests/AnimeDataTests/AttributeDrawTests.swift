import AnimeData
import Testing
import Randomness

@Suite struct AttributeDrawTests {
    let vocabulary = TagVocabulary.syntheticAvatars

    @Test func chosenAttributesAreKept() {
        var selection = TagSelection(allRandomFor: vocabulary)
        selection.groupIndices[0] = 3
        selection.binaryTags[5] = true
        for seed in UInt64(0)..<50 {
            let labels = AttributeDraw.labels(for: selection, vocabulary: vocabulary, seed: seed)
            #expect(labels.groupIndices[0] == 3)
            #expect(labels.binaryTags[5])
        }
    }

    @Test func fixingOneAttributeLeavesTheOtherDrawsAlone() {
        var fixed = TagSelection(allRandomFor: vocabulary)
        fixed.groupIndices[1] = 4
        for seed in UInt64(0)..<200 {
            let random = AttributeDraw.labels(for: TagSelection(allRandomFor: vocabulary), vocabulary: vocabulary, seed: seed)
            let changed = AttributeDraw.labels(for: fixed, vocabulary: vocabulary, seed: seed)
            #expect(changed.groupIndices[0] == random.groupIndices[0])
            #expect(changed.groupIndices[2] == random.groupIndices[2])
            #expect(changed.binaryTags == random.binaryTags)
        }
    }

    @Test func drawsFollowTheFirstUniforms() {
        // Hand oracle for seed 0: the first uniform picks the hair colour by cumulative prior.
        var rng = SplitMix64(seed: 0)
        let uniform = rng.nextUnit()
        var cumulative = 0.0
        let hair = vocabulary.groups[0].priors.firstIndex { prior in
            cumulative += prior
            return uniform < cumulative
        }
        let labels = AttributeDraw.labels(for: TagSelection(allRandomFor: vocabulary), vocabulary: vocabulary, seed: 0)
        #expect(labels.groupIndices[0] == hair)
    }

    @Test func frequenciesMatchThePriors() {
        let draws = 20_000
        var hairCounts = [Int](repeating: 0, count: vocabulary.groups[0].values.count)
        var smileCount = 0
        for seed in UInt64(0)..<UInt64(draws) {
            let labels = AttributeDraw.labels(
                for: TagSelection(allRandomFor: vocabulary), vocabulary: vocabulary, seed: seed * 7919)
            hairCounts[labels.groupIndices[0]] += 1
            if labels.binaryTags[1] { smileCount += 1 }
        }
        // Standard error of a frequency near 0.2 over 20,000 draws is about 0.003.
        for (index, prior) in vocabulary.groups[0].priors.enumerated() {
            #expect(abs(Double(hairCounts[index]) / Double(draws) - prior) < 0.012)
        }
        #expect(abs(Double(smileCount) / Double(draws) - vocabulary.binaryTags[1].prior) < 0.015)
    }
}
