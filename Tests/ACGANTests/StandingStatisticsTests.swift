import ACGAN
import AnimeData
import NeuralNetwork
import Tensors
import Testing
import Randomness

@Suite struct StandingStatisticsTests {
    static let vocabulary = TagVocabulary(groups: [.init(name: "color", values: ["red thing", "blue thing"])],
                                          binaryTags: [.init(name: "dot", prior: 0.5)])

    static func generator() -> Generator {
        var rng = RandomGenerator(seed: 4)
        let configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: vocabulary.conditionLength,
                                               generatorWidth: 4, generatorBlocks: 1, discriminatorWidth: 4)
        return Generator(configuration, using: &rng)
    }

    @Test func theStatisticsAreTheGeneratorsOwnBatchAverages() {
        let g = Self.generator()
        let weights = g.parameters.map(\.scalars)
        g.recomputeBatchNormStatistics(vocabulary: Self.vocabulary, batches: 3, batchSize: 8, seed: 5)
        let layers = g.batchNormLayers
        #expect(layers.count == 1 + 2 + 1 + g.up.children.count)
        #expect(layers.allSatisfy { $0.numBatchesTracked.item == 3 && $0.momentum == 0.1 })
        #expect(!g.isTraining)
        // bn0 normalises the reshaped fc output: in every batch each of its channels has a mean,
        // and the freshly initialised fc gives a nonzero one, so the standing mean moved from 0.
        #expect(layers[0].runningMean.scalars.contains { abs($0) > 1e-4 })
        // The weights never change, and the same seed gives the same statistics.
        #expect(g.parameters.map(\.scalars) == weights)
        let again = Self.generator()
        again.recomputeBatchNormStatistics(vocabulary: Self.vocabulary, batches: 3, batchSize: 8, seed: 5)
        #expect(zip(layers, again.batchNormLayers).allSatisfy { $0.runningMean.scalars == $1.runningMean.scalars
            && $0.runningVar.scalars == $1.runningVar.scalars })
    }
}
