import AnimeData
import Evaluation
import Foundation
import Imaging
import NeuralNetwork
import Tensors
import Testing
import Randomness
import SafeTensors

/// The classifier's layout, keys, predictions and loss against hand computations.
@Suite struct AttributeClassifierTests {
    @Test func keysAndShapesFollowTheConfiguration() throws {
        let classifier = try EvaluationFixtures.classifier()
        let shapes = Dictionary(uniqueKeysWithValues: classifier.stateDict().map { ($0.key, $0.tensor.shape) })
        // 32x32: stem 3->4, then 3 stages 4->8->16->32 down to 4x4; 32*16 = 512 -> 8 features -> 4 logits.
        #expect(shapes["stem.conv.weight"] == [4, 3, 3, 3])
        #expect(shapes["stem.norm.running_mean"] == [4])
        #expect(shapes["stages.0.conv.weight"] == [8, 4, 4, 4])
        #expect(shapes["stages.2.conv.weight"] == [32, 16, 4, 4])
        #expect(shapes["stages.3.conv.weight"] == nil)
        #expect(shapes["feature.weight"] == [8, 512])
        #expect(shapes["head.weight"] == [4, 8])
        #expect(shapes["stem.conv.bias"] == nil)  // batch norm follows: no conv bias
        var rng = RandomGenerator(seed: 1)
        let output = classifier(Tensor.randomNormal([2, 3, 32, 32], using: &rng))
        #expect(output.features.shape == [2, 8])
        #expect(output.logits.shape == [2, 4])
        #expect(output.features.scalars.allSatisfy { $0.isFinite })
    }

    @Test func defaultConfigurationHasFourStagesAnd256Features() {
        let configuration = ClassifierConfiguration()
        #expect(configuration.stageCount == 4)
        #expect(configuration.flattenedSize == 256 * 16)
        #expect(configuration.featureSize == 256)
        #expect(throws: ClassifierError.self) { try ClassifierConfiguration(imageSize: 48).validate() }
    }

    @Test func predictionsTakeTheArgmaxPerGroupAndThresholdTags() throws {
        var rng = RandomGenerator(seed: 0)
        let vocabulary = TagVocabulary(
            groups: [TagVocabulary.Group(name: "a", values: ["a0", "a1", "a2"]),
                     TagVocabulary.Group(name: "b", values: ["b0", "b1"])],
            binaryTags: [TagVocabulary.BinaryTag(name: "x", prior: 0.5), TagVocabulary.BinaryTag(name: "y", prior: 0.5)])
        let classifier = try AttributeClassifier(configuration: ClassifierConfiguration(imageSize: 8, width: 2, featureSize: 2),
                                                 vocabulary: vocabulary, using: &rng)
        let logits = Tensor(shape: [2, 7], scalars: [0.1, 2, -1, /**/ 3, 3, /**/ 0.5, -0.5,
                                                     5, 2, 5, /**/ -1, 0, /**/ -2, 0.01])
        #expect(classifier.predictions(logits: logits) == [
            TagLabels(groupIndices: [1, 0], binaryTags: [true, false]),   // tie 3 = 3: first value
            TagLabels(groupIndices: [0, 1], binaryTags: [false, true]),
        ])
    }

    @Test func lossIsCrossEntropyPerGroupPlusBinaryCrossEntropyPerTag() throws {
        let classifier = try EvaluationFixtures.classifier()
        let logits = Tensor(shape: [2, 4], scalars: [1, 2, 0.5, -1, /**/ 0, -1, 3, 2])
        let labels = [TagLabels(groupIndices: [1], binaryTags: [false]), TagLabels(groupIndices: [2], binaryTags: [true])]
        // Hand computation in Double: mean CE over the 2 rows + mean BCE over the 2 rows.
        func logSumExp(_ values: [Double]) -> Double { log(values.map { exp($0) }.reduce(0, +)) }
        let crossEntropy = ((logSumExp([1, 2, 0.5]) - 2) + (logSumExp([0, -1, 3]) - 3)) / 2
        let bce = (log(1 + exp(-1.0)) + log(1 + exp(-2.0))) / 2   // off with logit -1, on with logit 2
        let loss = classifier.loss(logits: logits, labels: labels).item
        #expect(abs(Double(loss) - (crossEntropy + bce)) < 1e-5)
    }

    @Test func fileRoundTripKeepsWeightsOutputsAndMetadata() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let classifier = try EvaluationFixtures.classifier()
        let url = directory.appendingPathComponent("clf.safetensors")
        try classifier.write(to: url)
        let loaded = try AttributeClassifier.load(from: url)
        #expect(loaded.configuration == classifier.configuration)
        #expect(loaded.vocabulary == classifier.vocabulary)
        #expect(loaded.trainingSummary == nil)
        #expect(!loaded.isTraining)
        let dataset = EvaluationFixtures.dataset(count: 6, size: 32)
        let expected = try classifier.classify(dataset: dataset, indices: Array(0..<6))
        let actual = try loaded.classify(dataset: dataset, indices: Array(0..<6))
        #expect(actual == expected)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.metadata["format"] == AttributeClassifier.fileFormat)
        #expect(file.tensors["stem.norm.num_batches_tracked"]?.dtype == .int64)
    }

    @Test func loadRejectsAGeneratorCheckpointWithATypedError() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let url = directory.appendingPathComponent("G.safetensors")
        #expect(throws: ClassifierError.self) { try AttributeClassifier.load(from: url) }
        do {
            _ = try AttributeClassifier.load(from: url)
        } catch let error as ClassifierError {
            guard case .notAClassifier(_, "acgan-studio/1") = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("G.safetensors"))
        }
        #expect(throws: ClassifierError.self) {
            try AttributeClassifier.load(from: directory.appendingPathComponent("missing.safetensors"))
        }
    }

    @Test func classifyResizesImagesOfAnotherSizeLikeTheLoader() throws {
        let classifier = try EvaluationFixtures.classifier()
        let labels = TagLabels(groupIndices: [1], binaryTags: [true])
        let large = EvaluationFixtures.image(labels: labels, size: 64, seed: 1)
        let direct = classifier.classify(images: [large.resized(width: 32, height: 32)])
        #expect(classifier.classify(images: [large]) == direct)
    }
}
