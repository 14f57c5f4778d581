import AnimeData
import Evaluation
import Foundation
import FoundationXML
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

/// What learned codes move, and the report's section on continuous attributes.
@Suite struct ContinuousEffectsTests {
    /// A generator vocabulary with two data attributes and two codes; the classifier reads the
    /// data attributes in the other order.
    static let generator = try! TagVocabulary(groups: [.init(name: "color", values: ["red thing", "blue thing"])],
                                              continuous: [.init(name: "size", minimum: 0, maximum: 2, mirror: .keep),
                                                           .init(name: "tilt", minimum: -1, maximum: 1, mirror: .negate)])
        .withLearnedCodes(2)
    static let classifier = TagVocabulary(groups: generator.groups,
                                          continuous: [.init(name: "tilt", minimum: -1, maximum: 1, mirror: .negate),
                                                       .init(name: "size", minimum: 0, maximum: 2, mirror: .keep)])

    /// 40 requests; what is read back: tilt = code2 exactly, size = the size asked for plus
    /// half of code1.
    static func faces() -> (requested: [TagLabels], readBack: [[Double]]) {
        var rng = RandomGenerator(seed: 4)
        var requested: [TagLabels] = [], readBack: [[Double]] = []
        for _ in 0..<40 {
            let values = [2 * Double(rng.nextUniform()), Double(rng.nextUniform()) * 2 - 1,
                          Double(rng.nextUniform()) * 2 - 1, Double(rng.nextUniform()) * 2 - 1]
            requested.append(TagLabels(groupIndices: [0], binaryTags: [], continuous: values))
            readBack.append([values[3], values[0] + 0.5 * values[2]])
        }
        return (requested, readBack)
    }

    @Test func attributesMatchByNameAndCodesCorrelateWithEveryFactor() {
        let (requested, readBack) = Self.faces()
        let attributes = ContinuousEffects.correlations(requested: requested, generatorVocabulary: Self.generator,
                                                        readBack: readBack, classifierVocabulary: Self.classifier)
        #expect(attributes.map(\.name) == ["size", "tilt"])
        let size = pearsonCorrelation(requested.map { $0.continuous[0] }, readBack.map { $0[1] })
        #expect(attributes[0].pearson == size && size! > 0.8 && attributes[0].count == 40)
        #expect(abs(attributes[1].pearson!) < 0.5)
        let codes = ContinuousEffects.learnedCodes(requested: requested, generatorVocabulary: Self.generator,
                                                   readBack: readBack, classifierVocabulary: Self.classifier)
        #expect(codes.map(\.code) == ["code1", "code2"])
        #expect(codes[1].correlations.map(\.name) == ["tilt", "size"])
        #expect(abs(codes[1].correlations[0].pearson! - 1) < 1e-12 && codes[1].strongest == "tilt")
        #expect(codes[0].correlations[1].pearson! > 0.3 && codes[0].strongest == "size")
        // No codes, or a classifier that reads no values: nothing to say.
        #expect(ContinuousEffects.learnedCodes(requested: requested, generatorVocabulary: Self.generator,
                                               readBack: requested.map { _ in [] },
                                               classifierVocabulary: Self.classifier.withoutContinuous).isEmpty)
    }

    @Test func theReportShowsTheTablesAndTheSweep() throws {
        let (requested, readBack) = Self.faces()
        var report = try ReportFixtures.report()
        report.continuousAttributes = ContinuousEffects.correlations(requested: requested, generatorVocabulary: Self.generator,
                                                                     readBack: readBack, classifierVocabulary: Self.classifier)
        report.learnedCodes = ContinuousEffects.learnedCodes(requested: requested, generatorVocabulary: Self.generator,
                                                             readBack: readBack, classifierVocabulary: Self.classifier)
        var figures = ReportFixtures.figures()
        figures.continuousSweep = figures.sampleSheet
        let html = ReportWriter.html(report: report, figures: figures)
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        let section = try #require(html.components(separatedBy: "<h2>Continuous attributes</h2>").last)
        let table = section.components(separatedBy: "</section>")[0]
        #expect(table.contains(String(format: "%.3f", report.continuousAttributes![0].pearson!)))
        #expect(table.contains("<td>code2</td><td class=\"num\">1.000</td>") && table.contains("<td>tilt</td></tr>"))
        #expect(table.contains("<img"))
        // A report without them has no such section (and its page is as before: htmlIsPinned).
        #expect(!ReportWriter.html(report: try ReportFixtures.report(), figures: ReportFixtures.figures()).contains("Continuous attributes"))
        // report.json carries the codes and reads back.
        let decoded = try ReportWriter.report(fromJSON: ReportWriter.json(report))
        #expect(decoded.learnedCodes == report.learnedCodes)
    }
}
