import ACGAN
import Evaluation
import Foundation
import Testing

/// The training-time metrics: the same faces and numbers as a full evaluation of that seed.
///
/// Numbers of faces generated twice are compared to 1e-4 relative, not exactly: with other
/// tests running at the same time, two generations of the same faces in one process have been
/// seen to differ in a rounding (FID and the spectral shares 1e-6 apart, MS-SSIM and accuracy
/// equal), which is the kernels' business, not this module's. Different faces or a wrong
/// formula are far outside 1e-4.
@Suite struct QuickEvaluationTests {
    static func close(_ first: Double?, _ second: Double?, relative: Double = 1e-4) -> Bool {
        guard let first, let second else { return first == nil && second == nil }
        return abs(first - second) <= relative * max(abs(first), abs(second), 1e-300)
    }

    @Test func agreesWithTheFullEvaluationOfTheSameSeed() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.classifier()
        let dataset = EvaluationFixtures.dataset(count: 30, size: 32)
        let quick = try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: 40, seed: 9)
        let full = try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset,
                                 options: EvaluatorTests.options(samples: 40, seed: 9))
            .evaluate(names: EvaluatorTests.names).report
        #expect(quick.samples == 40 && quick.seed == 9)
        #expect(quick.attributeAccuracy == full.attributeAccuracy.generatedOverall.fraction)
        #expect(quick.allAttributesCorrect == full.attributeAccuracy.generatedAllCorrect.fraction)
        #expect(Self.close(quick.frechetDistance, full.featureDistances.frechetDistance))
        #expect(quick.meanMSSSIM > 0 && quick.meanMSSSIM < 1)
        // The spectral shares of the same faces, and their ratios to the same real faces.
        let spectral = try #require(full.spectralArtefacts)
        #expect(Self.close(quick.period2Share, spectral.generated.period2))
        #expect(Self.close(quick.period4Share, spectral.generated.period4))
        #expect(Self.close(quick.period2Ratio, spectral.period2Ratio) && Self.close(quick.period4Ratio, spectral.period4Ratio))
        #expect(try #require(quick.period2Share) > 0)
        // The worst class value and the values missed, recounted from the full report's values.
        var fractions: [Double] = []
        for attribute in full.attributeAccuracy.attributes {
            for value in attribute.values where value.generated.total >= quickEvaluationMinimumFaces {
                fractions.append(Double(value.generated.correct) / Double(value.generated.total))
            }
        }
        #expect(!fractions.isEmpty && quick.worstValueAccuracy == fractions.min())
        #expect(quick.valuesMissed == fractions.filter { $0 < 0.1 }.count)
        let again = try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: 40, seed: 9)
        #expect(again.attributeAccuracy == quick.attributeAccuracy && again.meanMSSSIM == quick.meanMSSSIM
            && Self.close(again.frechetDistance, quick.frechetDistance))
        // One JSON line for metrics.jsonl.
        let line = try JSONEncoder().encode(quick)
        #expect(try JSONDecoder().decode(QuickMetrics.self, from: line) == quick)
        let text = String(decoding: line, as: UTF8.self)
        #expect(!text.contains("\n"))
        for key in ["attribute_accuracy", "all_attributes_correct", "ms_ssim", "fid_classifier", "eval_samples",
                    "eval_seed", "eval_s", "period2_share", "period4_share", "period2_ratio", "period4_ratio",
                    "worst_value_accuracy", "values_missed"] {
            #expect(text.contains("\"\(key)\":"), "\(key)")
        }
    }

    /// Values below the minimum are left out, the lowest share comes first, ties keep the
    /// vocabulary's order; a value never drawn right is missed.
    @Test func classValuesFromTheLowestShare() {
        func value(_ name: String, _ correct: Int, _ total: Int) -> ValueAccuracy {
            ValueAccuracy(value: name, generated: Accuracy(correct: correct, total: total), real: nil)
        }
        let hair = AttributeAccuracy(attribute: "hair color", kind: .categorical, generated: Accuracy(correct: 17, total: 33),
                                     real: nil, values: [value("black hair", 0, 12), value("blue hair", 9, 10),
                                                         value("pink hair", 8, 11), value("red hair", 0, 4)])
        let smile = AttributeAccuracy(attribute: "smile", kind: .binary, generated: Accuracy(correct: 30, total: 40), real: nil,
                                      values: [value("on", 12, 20), value("off", 18, 20)])
        let report = AttributeAccuracyReport(attributes: [hair, smile], generatedAllCorrect: Accuracy(correct: 5, total: 40),
                                             realAllCorrect: nil)
        let rows = report.generatedValues(minimumFaces: 5)
        #expect(rows.map(\.value) == ["black hair", "on", "pink hair", "blue hair", "off"])
        #expect(rows.map(\.attribute) == ["hair color", "smile", "hair color", "hair color", "smile"])
        #expect(rows.map(\.fraction) == [0, 0.6, 8.0 / 11, 0.9, 0.9])
        #expect(report.generatedValues(minimumFaces: 1).first?.value == "black hair")
        #expect(report.generatedValues(minimumFaces: 1).count == 6)
        #expect(report.generatedValues(minimumFaces: 21).isEmpty)
        let metrics = QuickMetrics(samples: 40, seed: 9, attributeAccuracy: 0.75, allAttributesCorrect: 0.125, meanMSSSIM: 0.25,
                                   frechetDistance: 12, worstValueAccuracy: 0, valuesMissed: 1, seconds: 1)
        #expect(metrics.trainingMetrics["worst_value_accuracy"] == 0 && metrics.trainingMetrics["values_missed"] == 1)
    }

    @Test func trainingEvaluationAddsTheLossPlotsKeys() throws {
        let metrics = QuickMetrics(samples: 40, seed: 9, attributeAccuracy: 0.75, allAttributesCorrect: 0.5,
                                   meanMSSSIM: 0.25, frechetDistance: 12, seconds: 1)
        #expect(metrics.trainingMetrics == ["attribute_accuracy": 0.75, "fid": 12, "ms_ssim": 0.25, "all_attributes_correct": 0.5])
        // The loss plot draws two of them.
        #expect(metrics.trainingMetrics[LossPlot.Key.attributeAccuracy] == 0.75 && metrics.trainingMetrics[LossPlot.Key.fid] == 12)
        // The spectral numbers join them when measured (period 4 is not for an odd multiple of 2).
        let spectral = QuickMetrics(samples: 40, seed: 9, attributeAccuracy: 0.75, allAttributesCorrect: 0.5,
                                    meanMSSSIM: 0.25, frechetDistance: 12, period2Share: 0.02, period4Share: nil,
                                    period2Ratio: 4, period4Ratio: nil, seconds: 1)
        #expect(spectral.trainingMetrics == ["attribute_accuracy": 0.75, "fid": 12, "ms_ssim": 0.25,
                                             "all_attributes_correct": 0.5, "period2_share": 0.02, "period2_ratio": 4])

        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.classifier()
        let dataset = EvaluationFixtures.dataset(count: 30, size: 32)
        #expect(throws: EvaluationError.self) { try trainingEvaluation(classifier: classifier, dataset: dataset, samples: 1, seed: 9) }
        let evaluate = try trainingEvaluation(classifier: classifier, dataset: dataset, samples: 20, seed: 9)
        let expected = try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: 20, seed: 9)
        let measured = try evaluate(sampler)
        #expect(Set(measured.keys) == Set(expected.trainingMetrics.keys))
        for (key, value) in expected.trainingMetrics { #expect(Self.close(measured[key], value), "\(key)") }
        #expect(measured["period2_ratio"] != nil && measured["period4_ratio"] != nil)
        // The real shares behind the ratios are those of the real comparison faces...
        let realShares = try #require(try realSpectralShares(
            dataset: dataset, indices: Evaluator.realSample(datasetCount: 30, count: 20, seed: 9)))
        let impliedReal = try #require(expected.period2Share) / (try #require(expected.period2Ratio))
        #expect(abs(impliedReal - realShares.period2) <= 1e-12 * realShares.period2)
        // ...and shares passed in (measured once per run) are the ones used.
        let doubled = PeriodicEnergyShares(period2: 2 * realShares.period2, period4: realShares.period4)
        let given = try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: 20, seed: 9,
                                        realShares: doubled)
        #expect(given.period2Ratio == (try #require(given.period2Share)) / doubled.period2)
        #expect(given.period4Ratio == (try #require(given.period4Share)) / realShares.period4!)
    }

    @Test func aGeneratorInTrainingIsScoredInEvalModeAndPutBack() throws {
        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = EvaluationFixtures.generator()
        let sampler = try EvaluationFixtures.sampler(generator, in: directory)   // reads the same weights back
        generator.train()
        let classifier = try EvaluationFixtures.classifier()
        let dataset = EvaluationFixtures.dataset(count: 20, size: 32)
        let fromGenerator = try quickEvaluation(generator: generator, vocabulary: EvaluationFixtures.vocabulary,
                                                classifier: classifier, dataset: dataset, samples: 16, seed: 3)
        #expect(generator.isTraining)
        let fromSampler = try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: 16, seed: 3)
        #expect(fromGenerator.frechetDistance == fromSampler.frechetDistance)
        #expect(fromGenerator.attributeAccuracy == fromSampler.attributeAccuracy)
    }

    @Test func flatFacesHaveMeanMSSSIMOne() throws {
        let generator = EvaluationFixtures.generator()
        for parameter in generator.parameters { parameter.assign(scalars: Array(repeating: 0, count: parameter.count)) }
        let sampler = Sampler(generator: generator, vocabulary: EvaluationFixtures.vocabulary, modelName: "flat")
        let quick = try quickEvaluation(sampler: sampler, classifier: try EvaluationFixtures.classifier(),
                                        dataset: EvaluationFixtures.dataset(count: 20, size: 32), samples: 20, seed: 2)
        #expect(quick.meanMSSSIM == 1)
    }
}
