import AnimeData
import Evaluation
import Foundation
import Imaging
import Testing
import Randomness

/// Faces whose brightness is a continuous attribute `light` (0 ... 1, kept in a mirror) and
/// whose background colour is a group, for the classifier's regression head.
private func lightDataset(count: Int, size: Int, mirror: ContinuousAttribute.Mirror? = .keep) -> AnimeDataset {
    let vocabulary = TagVocabulary(groups: EvaluationFixtures.vocabulary.groups,
                                   continuous: [ContinuousAttribute(name: "light", minimum: 0, maximum: 1, mirror: mirror)])
    var rng = RandomGenerator(seed: 19)
    var images: [RGBImage] = [], labels: [TagLabels] = []
    for index in 0..<count {
        let group = index % 3, light = Double((index * 7) % count) / Double(count - 1)
        let colour = EvaluationFixtures.colours[group]
        let scale = 0.3 + 0.7 * light
        let pixels = (0..<size * size).flatMap { _ -> [UInt8] in
            [colour.0, colour.1, colour.2].map { UInt8(max(0, min(255, Double($0) * scale + Double(rng.nextUniform() * 20) - 10))) }
        }
        images.append(RGBImage(width: size, height: size, pixels: pixels))
        labels.append(TagLabels(groupIndices: [group], binaryTags: [], continuous: [light]))
    }
    return AnimeDataset(images: images, labels: labels, vocabulary: vocabulary)
}

@Suite struct ContinuousReadbackTests {
    @Test func pearsonCorrelationMatchesItsDefinition() {
        #expect(pearsonCorrelation([1, 2, 3, 4], [2, 4, 6, 8]) == 1)
        #expect(pearsonCorrelation([1, 2, 3, 4], [8, 6, 4, 2]) == -1)
        // dx = -2..2, dy = (-1, -2, 1, 0, 2): cov 8, variances 10 and 10, r = 0.8.
        #expect(abs(pearsonCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])! - 0.8) < 1e-12)
        #expect(pearsonCorrelation([1, 1, 1], [1, 2, 3]) == nil)
        #expect(pearsonCorrelation([1], [1]) == nil)
    }

    @Test func theClassifierLearnsAContinuousAttributeAndReportsItsHeldOutError() throws {
        let dataset = lightDataset(count: 120, size: 16)
        var lines: [String] = []
        var options = ClassifierTrainerTests.options
        options.epochs = 8
        let classifier = try ClassifierTrainer(dataset: dataset, options: options).train(dataSetName: "light") { lines.append($0) }
        let summary = try #require(classifier.trainingSummary)
        let error = try #require(summary.heldOutContinuousError?.first)
        #expect(error.name == "light" && error.count == summary.heldOutCount && error.minimum == 0 && error.maximum == 1)
        // The stored error is the root-mean-square difference of the values read back, recounted.
        let read = try classifier.classify(dataset: dataset, indices: summary.split.heldOut).predictions
        let squares = zip(summary.split.heldOut, read).map { pow($1.continuous[0] - dataset.labels[$0].continuous[0], 2) }
        #expect(abs(error.rootMeanSquaredError - (squares.reduce(0, +) / Double(squares.count)).squareRoot()) < 1e-9)
        // Guessing the middle would be off by about 0.29 (uniform values); reading brightness is far better.
        #expect(error.rootMeanSquaredError < 0.12, "\(error)")
        #expect(read.allSatisfy { (0...1).contains($0.continuous[0]) })
        #expect(lines.contains { $0.hasPrefix("held-out continuous attributes, root-mean-square error: light ") })
        #expect(!lines.contains { $0.contains("horizontal flips are off") })
    }

    @Test func flipsAreOffForAttributesWithoutAMirrorMark() throws {
        var lines: [String] = []
        var options = ClassifierTrainerTests.options
        options.epochs = 1
        _ = try ClassifierTrainer(dataset: lightDataset(count: 30, size: 8, mirror: nil), options: options)
            .train(dataSetName: "light") { lines.append($0) }
        #expect(lines.first?.hasPrefix("horizontal flips are off: the vocabulary does not say what a mirror does to light") == true)
    }

    @Test func requestedContinuousValuesAreUniformOverTheRangeAndLeaveTheTagsAlone() {
        let vocabulary = lightDataset(count: 3, size: 4).vocabulary
        let labels = Evaluator.requestedLabels(vocabulary: vocabulary, count: 400, seed: 5)
        let tagsOnly = Evaluator.requestedLabels(vocabulary: vocabulary.withoutContinuous, count: 400, seed: 5)
        // The uniform values come from a stream of their own, so the tags are drawn as before.
        #expect(labels.map(\.groupIndices) == tagsOnly.map(\.groupIndices))
        let values = labels.map { $0.continuous[0] }
        #expect(values.allSatisfy { (0...1).contains($0) })
        let mean = values.reduce(0, +) / 400
        #expect(abs(mean - 0.5) < 0.05 && values.filter { $0 < 0.25 }.count > 70 && values.filter { $0 > 0.75 }.count > 70)
    }
}
