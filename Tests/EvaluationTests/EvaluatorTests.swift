import ACGAN
import AnimeData
import Evaluation
import Foundation
import Imaging
import NeuralNetwork
import Tensors
import Testing
import Randomness

/// The evaluator on a tiny generator checkpoint and tiny data: its numbers against direct
/// computations, reproducibility, and the report files.
@Suite struct EvaluatorTests {
    static func options(samples: Int = 40, seed: UInt64 = 9) -> Evaluator.Options {
        var options = Evaluator.Options(samples: samples, seed: seed)
        options.pairsPerClass = 10
        options.memorisationCount = 4
        options.kernelDistance = KernelDistance(subsets: 5, subsetSize: 20)
        options.sheetColumns = 4
        options.interpolationSteps = 5
        return options
    }

    static let names = Evaluator.Names(checkpoint: "G.safetensors", classifier: "clf.safetensors", dataSet: "tiny")

    @Test func numbersMatchDirectComputations() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.trainedClassifier()
        let dataset = EvaluationFixtures.dataset(count: 30, size: 32)
        let options = Self.options()
        let (report, figures) = try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset, options: options)
            .evaluate(names: Self.names)

        // Attribute accuracy: regenerate the same faces and count hits by hand.
        let labels = Evaluator.requestedLabels(vocabulary: sampler.vocabulary, count: 40, seed: 9)
        let images = sampler.generate(labels: labels, latents: sampler.latents(count: 40, seed: 9))
        let direct = classifier.classify(images: images)
        // The check below can only catch mismatched pairs if the predictions vary.
        #expect(Set(direct.predictions.map(\.groupIndices)).count > 1)
        let colourHits = zip(labels, direct.predictions).filter { $0.0.groupIndices == $0.1.groupIndices }.count
        let tagHits = zip(labels, direct.predictions).filter { $0.0.binaryTags == $0.1.binaryTags }.count
        let accuracy = report.attributeAccuracy
        #expect(accuracy.attributes.map(\.attribute) == ["hair color", "glasses"])
        #expect(accuracy.attributes[0].generated == Accuracy(correct: colourHits, total: 40))
        #expect(accuracy.attributes[1].generated == Accuracy(correct: tagHits, total: 40))
        let requestedRed = labels.filter { $0.groupIndices[0] == 0 }.count
        #expect(accuracy.attributes[0].values[0].generated.total == requestedRed)
        #expect(accuracy.generatedOverall == Accuracy(correct: colourHits + tagHits, total: 80))
        // The classifier is untrained, so its split is unknown: real accuracy is on all 30 faces.
        #expect(accuracy.attributes[0].real?.total == 30)
        // Tags are drawn from the priors 0.5 / 0.3 / 0.2, not uniformly.
        #expect(requestedRed > labels.filter { $0.groupIndices[0] == 2 }.count)

        // FID and KID on the classifier's features of the same faces and the same real sample.
        let realIndices = Evaluator.realSample(datasetCount: 30, count: 40, seed: 9)
        #expect(realIndices == Array(0..<30))
        let realFeatures = try classifier.classify(dataset: dataset, indices: realIndices).features
        // Features divided by the real set's RMS (computed here by hand).
        let scale = (realFeatures.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(realFeatures.count)).squareRoot()
        #expect(abs(report.featureDistances.featureScale - scale) <= 1e-12 * scale)
        let fid = try FrechetDistance.distance(generated: direct.features.map { Float(Double($0) / scale) },
                                               real: realFeatures.map { Float(Double($0) / scale) }, dimension: 8)
        #expect(QuickEvaluationTests.close(report.featureDistances.frechetDistance, fid))
        // Every real face is in the comparison set: none is left for a real-vs-real reference.
        #expect(report.featureDistances.realReference == nil)
        #expect(report.featureDistances.featureDimension == 8)
        #expect(report.featureDistances.generatedCount == 40 && report.featureDistances.realCount == 30)
        #expect(report.generatedCount == 40 && report.realCount == 30)

        // Diversity: one class per value and per binary tag, pairs as configured.
        #expect(report.diversity.classes.map(\.value) == ["red hair", "green hair", "blue hair", "glasses"])
        #expect(report.diversity.pairsPerClass == 10)
        let redImages = zip(labels, images).filter { $0.0.groupIndices[0] == 0 }.map(\.1.pixels)
        let redScore = try MultiScaleSSIM().meanPairwiseMSSSIM(images: redImages, width: 32, height: 32, pairs: 10, seed: 9)
        #expect(report.diversity.classes[0].generatedMSSSIM == redScore)

        // Memorisation: 4 rows, 3 neighbours each, nearest first, names from the data set.
        #expect(report.memorisation.rows.count == 4 && report.memorisation.trainingCount == 30)
        let firstRow = report.memorisation.rows[0]
        let pixelQuery = try NearestNeighbors.pixelRows([images[0]])
        let pixelReference = try NearestNeighbors.pixelRows((0..<30).map { dataset.image(at: $0) })
        let expected = try NearestNeighbors.search(queries: pixelQuery.values, references: pixelReference.values,
                                                   dimension: pixelQuery.dimension, neighborCount: 3)[0]
        #expect(firstRow.pixelNeighbors.map(\.index) == expected.map(\.index))
        #expect(firstRow.pixelNeighbors.map(\.distance) == expected.map(\.distance))
        #expect(firstRow.pixelNeighbors[0].name == dataset.fileNames[expected[0].index])
        #expect(firstRow.featureNeighbors.count == 3)
        #expect(firstRow.tags == sampler.vocabulary.text(for: labels[0]))

        // Figures: a sheet of 3 rows (values) x 4 columns, a 5-face strip, one image set per row.
        #expect(figures.memorisation.count == 4 && figures.memorisation[0].pixelNeighbors.count == 3)
        let sheet = try RGBImage(pngData: try #require(figures.sampleSheet).pngData)
        #expect(sheet.width == 4 * 32 + 5 * 2 && sheet.height == 3 * 32 + 4 * 2)
        let strip = try RGBImage(pngData: try #require(figures.interpolationStrip).pngData)
        #expect(strip.width == 5 * 32 + 6 * 2 && strip.height == 32 + 4)
    }

    @Test func spectraAndRealReferenceMatchDirectComputations() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.classifier()
        let dataset = EvaluationFixtures.dataset(count: 50, size: 32)
        let options = Self.options(samples: 20, seed: 6)
        let (report, figures) = try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset, options: options)
            .evaluate(names: Self.names)
        #expect(report.formatVersion == 2)

        // The same faces, measured directly.
        let labels = Evaluator.requestedLabels(vocabulary: sampler.vocabulary, count: 20, seed: 6)
        let images = sampler.generate(labels: labels, latents: sampler.latents(count: 20, seed: 6))
        let realIndices = Evaluator.realSample(datasetCount: 50, count: 20, seed: 6)
        var generatedAverage = try SpectrumAverage(side: 32), realAverage = try SpectrumAverage(side: 32)
        for image in images { try generatedAverage.add(rgb: image.pixels) }
        for index in realIndices { try realAverage.add(rgb: dataset.image(at: index).pixels) }
        let spectral = try #require(report.spectralArtefacts)
        let generatedShares = try #require(generatedAverage.meanShares), realShares = try #require(realAverage.meanShares)
        #expect(spectral.side == 32 && spectral.generatedCount == 20 && spectral.realCount == 20)
        // Regenerated faces: to 1e-4 (see QuickEvaluationTests); the real faces are read, exactly.
        #expect(QuickEvaluationTests.close(spectral.generated.period2, generatedShares.period2))
        #expect(QuickEvaluationTests.close(spectral.generated.period4, generatedShares.period4))
        #expect(spectral.real == realShares)
        #expect(QuickEvaluationTests.close(spectral.period2Ratio, generatedShares.period2 / realShares.period2))
        #expect(spectral.ratioTarget == 1.5)
        let picture = try RGBImage(pngData: try #require(figures.spectra).pngData)
        #expect(picture.width == 2 * 256 + 3 * 8)

        // The real-vs-real reference: 20 other real faces, same scale as the comparison set.
        let referenceIndices = Evaluator.referenceSample(datasetCount: 50, excluding: realIndices, count: 20, seed: 6)
        let reference = try #require(report.featureDistances.realReference)
        #expect(reference.comparisonCount == 20 && reference.referenceCount == 20)
        let realFeatures = try classifier.classify(dataset: dataset, indices: realIndices).features
        let referenceFeatures = try classifier.classify(dataset: dataset, indices: referenceIndices).features
        let scale = report.featureDistances.featureScale
        let expected = try FrechetDistance.distance(generated: referenceFeatures.map { Float(Double($0) / scale) },
                                                    real: realFeatures.map { Float(Double($0) / scale) }, dimension: 8)
        #expect(QuickEvaluationTests.close(reference.frechetDistance, expected))
        let ratio = try #require(report.featureDistances.frechetDistanceRatio)
        #expect(abs(ratio * reference.frechetDistance - report.featureDistances.frechetDistance) <= 1e-9 * ratio)
        // The diversity means beside the count.
        #expect(report.diversity.generatedMeanMSSSIM != nil && report.diversity.meanMSSSIMRatio != nil)
        #expect(report.ratioSummary.contains(String(format: "FID / real-vs-real FID %.2f", ratio)))
    }

    @Test func realReferenceSubsetsAreDisjointAndReproducibleBySeed() {
        let comparison = Evaluator.realSample(datasetCount: 100, count: 30, seed: 3)
        let reference = Evaluator.referenceSample(datasetCount: 100, excluding: comparison, count: 30, seed: 3)
        #expect(reference.count == 30 && Set(reference).count == 30)
        #expect(Set(reference).isDisjoint(with: comparison))
        #expect(reference.allSatisfy { (0..<100).contains($0) } && reference == reference.sorted())
        #expect(Evaluator.referenceSample(datasetCount: 100, excluding: comparison, count: 30, seed: 3) == reference)
        let otherSeed = Evaluator.referenceSample(datasetCount: 100, excluding: comparison, count: 30, seed: 4)
        #expect(otherSeed != reference && Set(otherSeed).isDisjoint(with: comparison))
        // Too small a data set for two sets of 30: the reference takes all 20 faces left.
        let small = Evaluator.realSample(datasetCount: 50, count: 30, seed: 3)
        let rest = Evaluator.referenceSample(datasetCount: 50, excluding: small, count: 30, seed: 3)
        #expect(rest == (0..<50).filter { !small.contains($0) })
        #expect(Evaluator.referenceSample(datasetCount: 30, excluding: Array(0..<30), count: 30, seed: 3).isEmpty)
    }

    @Test func aGeneratorThatIgnoresItsInputIsMaximallyUndiverse() throws {
        // All weights zero: every face is the same flat grey, so every pair has MS-SSIM 1 and
        // every class value is less diverse than any real one.
        let generator = EvaluationFixtures.generator()
        for parameter in generator.parameters { parameter.assign(scalars: Array(repeating: 0, count: parameter.count)) }
        let sampler = Sampler(generator: generator, vocabulary: EvaluationFixtures.vocabulary, modelName: "flat")
        let dataset = EvaluationFixtures.dataset(count: 24, size: 32)
        let (report, _) = try Evaluator(sampler: sampler, classifier: try EvaluationFixtures.classifier(),
                                        dataset: dataset, options: Self.options(samples: 30)).evaluate(names: Self.names)
        for entry in report.diversity.classes {
            #expect(entry.generatedMSSSIM == 1, "\(entry.value)")
            #expect((entry.realMSSSIM ?? 1) < 1)
        }
        #expect(report.diversity.generatedLessDiverseThanAnyRealClass == 4)
        // A flat face has no spectral energy: its shares are 0, and so are the ratios.
        let spectral = try #require(report.spectralArtefacts)
        #expect(spectral.generated == PeriodicEnergyShares(period2: 0, period4: 0))
        #expect(spectral.real.period2 > 0 && spectral.period2Ratio == 0)
        // Pixel distance from the flat face (all bytes 128) to its nearest training face, directly.
        let flat = [UInt8](repeating: 128, count: 32 * 32 * 3)
        let distances = (0..<24).map { index in
            zip(flat, dataset.image(at: index).pixels).reduce(0.0) { $0 + pow(Double($1.0) - Double($1.1), 2) }.squareRoot()
        }
        let nearest = try #require(report.memorisation.rows.first?.pixelNeighbors.first)
        #expect(abs(Double(nearest.distance) - distances.min()!) < 1e-3)
        #expect(nearest.index == distances.firstIndex(of: distances.min()!))
    }

    @Test func sameSeedSameNumbersOtherSeedOtherNumbers() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.classifier()
        let dataset = EvaluationFixtures.dataset(count: 30, size: 32)
        func run(seed: UInt64) throws -> EvaluationReport {
            var report = try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset,
                                       options: Self.options(samples: 24, seed: seed)).evaluate(names: Self.names).report
            report.createdAt = nil
            report.elapsedSeconds = nil
            return report
        }
        let first = try run(seed: 4)
        #expect(try run(seed: 4) == first)
        let other = try run(seed: 5)
        #expect(other.featureDistances.frechetDistance != first.featureDistances.frechetDistance)
        #expect(other.memorisation.rows.map(\.tags) != first.memorisation.rows.map(\.tags)
            || other.memorisation.rows.map(\.pixelNeighbors) != first.memorisation.rows.map(\.pixelNeighbors))
    }

    @Test func reportFilesHoldTheNumbers() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let (report, figures) = try Evaluator(sampler: sampler, classifier: try EvaluationFixtures.classifier(),
                                              dataset: EvaluationFixtures.dataset(count: 30, size: 32),
                                              options: Self.options(samples: 20)).evaluate(names: Self.names)
        let files = try ReportWriter.write(report, figures: figures, to: directory.appendingPathComponent("report"))
        #expect(try ReportWriter.report(fromJSON: Data(contentsOf: files.json)) == report)
        let html = try String(contentsOf: files.html, encoding: .utf8)
        #expect(html.contains(String(format: "%.4f", report.featureDistances.frechetDistance)))
        #expect(html.contains("data:image/png;base64,"))
        #expect(html.contains("G.safetensors"))
    }

    @Test func realAccuracyIsTheClassifiersAccuracyOnItsHeldOutFaces() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.trainedClassifier()
        let summary = try #require(classifier.trainingSummary)
        let dataset = EvaluationFixtures.dataset(count: 60, size: 32)   // the set it was trained on
        let evaluator = try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset,
                                      options: Self.options(samples: 20))
        #expect(evaluator.heldOutIndices == summary.split.heldOut)
        let report = try evaluator.evaluate(names: Self.names).report
        for (entry, stored) in zip(report.attributeAccuracy.attributes, summary.heldOutAccuracy.attributes) {
            #expect(entry.real == stored.accuracy, "\(entry.attribute)")
            #expect(entry.values.map(\.real) == stored.values.map(\.accuracy))
        }
        #expect(report.attributeAccuracy.realAllCorrect == summary.heldOutAccuracy.allCorrect)
    }

    @Test func mismatchedTagsOrSizesAreTypedErrors() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        var rng = RandomGenerator(seed: 1)
        let otherTags = try AttributeClassifier(
            configuration: ClassifierConfiguration(imageSize: 32, width: 4, featureSize: 8),
            vocabulary: TagVocabulary(groups: [TagVocabulary.Group(name: "eye color", values: ["a", "b", "c", "d"])]),
            using: &rng)
        let dataset = EvaluationFixtures.dataset(count: 10, size: 32)
        #expect(throws: ClassifierError.self) {
            try Evaluator(sampler: sampler, classifier: otherTags, dataset: dataset, options: Self.options())
        }
        let otherSize = try EvaluationFixtures.classifier(imageSize: 64)
        #expect(throws: ClassifierError.self) {
            try Evaluator(sampler: sampler, classifier: otherSize, dataset: dataset, options: Self.options())
        }
    }

    /// A truncation the latent draw refuses (it would keep almost no draws) is refused before any
    /// face is made; a sound one is accepted.
    @Test func unsoundTruncationIsRefused() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.classifier()
        let dataset = EvaluationFixtures.dataset(count: 10, size: 32)
        for truncation: Float in [0, -1, 1e-30, .nan, .infinity] {
            var options = Self.options()
            options.truncation = truncation
            #expect(throws: ClassifierError.self, "\(truncation)") {
                try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset, options: options)
            }
        }
        var options = Self.options()
        options.truncation = 0.7
        _ = try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset, options: options)
    }
}
