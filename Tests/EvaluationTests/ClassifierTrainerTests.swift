import AnimeData
import Evaluation
import Foundation
import Testing

/// Training on easily separable faces: accuracy far above chance, numbers that match a direct
/// count, reproducible for a seed, and a file that carries them.
@Suite struct ClassifierTrainerTests {
    static let options = ClassifierTrainer.Options(
        epochs: 6, batchSize: 16, learningRate: 5e-3, heldOutFraction: 0.2, seed: 11,
        configuration: ClassifierConfiguration(width: 4, featureSize: 8))

    @Test func learnsSeparableAttributesFarAboveChance() throws {
        let dataset = EvaluationFixtures.dataset(count: 120, size: 16)
        var lines: [String] = []
        let classifier = try ClassifierTrainer(dataset: dataset, options: Self.options)
            .train(dataSetName: "tiny") { lines.append($0) }
        let summary = try #require(classifier.trainingSummary)
        #expect(summary.heldOutCount == 24 && summary.trainingCount == 96)
        #expect(summary.split == HeldOutSplit(datasetCount: 120, fraction: 0.2, seed: 11))
        let accuracy = summary.heldOutAccuracy
        // Chance is 1/3 for the colour and 1/2 for the tag.
        for attribute in accuracy.attributes {
            #expect((attribute.accuracy.fraction ?? 0) >= 0.9, "\(attribute.attribute): \(attribute.accuracy)")
            #expect(attribute.accuracy.total == 24)
        }
        // The stored numbers are the classifier's predictions on the held-out faces, recounted here.
        let output = try classifier.classify(dataset: dataset, indices: summary.split.heldOut)
        let colourHits = zip(summary.split.heldOut, output.predictions)
            .filter { dataset.labels[$0.0].groupIndices == $0.1.groupIndices }.count
        #expect(accuracy.attributes[0].accuracy == Accuracy(correct: colourHits, total: 24))
        let allHits = zip(summary.split.heldOut, output.predictions).filter { dataset.labels[$0.0] == $0.1 }.count
        #expect(accuracy.allCorrect == Accuracy(correct: allHits, total: 24))
        #expect(lines.contains { $0.contains("epoch 6/6 done") && $0.contains("held-out accuracy") })
    }

    @Test func trainingIsReproducibleForASeedAndTheFileCarriesTheSummary() throws {
        let dataset = EvaluationFixtures.dataset(count: 40, size: 8)
        var options = Self.options
        options.epochs = 2
        let first = try ClassifierTrainer(dataset: dataset, options: options).train(dataSetName: "tiny")
        let second = try ClassifierTrainer(dataset: dataset, options: options).train(dataSetName: "tiny")
        #expect(first.stateDictValues().mapValues(\.scalars) == second.stateDictValues().mapValues(\.scalars))
        options.seed = 12
        let other = try ClassifierTrainer(dataset: dataset, options: options).train(dataSetName: "tiny")
        #expect(first.stateDictValues().mapValues(\.scalars) != other.stateDictValues().mapValues(\.scalars))

        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("clf.safetensors")
        try first.write(to: url)
        let loaded = try AttributeClassifier.load(from: url)
        var expected = try #require(first.trainingSummary)
        expected.seconds = loaded.trainingSummary?.seconds ?? -1
        #expect(loaded.trainingSummary == expected)
        #expect(loaded.trainingSummary?.heldOutAccuracy == first.trainingSummary?.heldOutAccuracy)
        #expect(try loaded.classify(dataset: dataset, indices: [0, 1, 2]) == first.classify(dataset: dataset, indices: [0, 1, 2]))
    }

    @Test func badOptionsAreTypedErrors() {
        let dataset = EvaluationFixtures.dataset(count: 12, size: 8)
        var options = Self.options
        options.batchSize = 1
        #expect(throws: ClassifierError.self) { try ClassifierTrainer(dataset: dataset, options: options).train(dataSetName: "x") }
        options = Self.options
        options.heldOutFraction = 1
        #expect(throws: ClassifierError.self) { try ClassifierTrainer(dataset: dataset, options: options).train(dataSetName: "x") }
    }
}
