import ACGAN
import Evaluation
import Foundation
import Testing

/// The training-time metrics: the same faces and numbers as a full evaluation of that seed.
@Suite struct QuickEvaluationTests {
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
        #expect(abs(quick.frechetDistance - full.featureDistances.frechetDistance) <= 1e-9 * max(1, quick.frechetDistance))
        #expect(quick.meanMSSSIM > 0 && quick.meanMSSSIM < 1)
        let again = try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: 40, seed: 9)
        #expect(again.attributeAccuracy == quick.attributeAccuracy && again.meanMSSSIM == quick.meanMSSSIM
            && again.frechetDistance == quick.frechetDistance)
        // One JSON line for metrics.jsonl.
        let line = try JSONEncoder().encode(quick)
        #expect(try JSONDecoder().decode(QuickMetrics.self, from: line) == quick)
        let text = String(decoding: line, as: UTF8.self)
        #expect(!text.contains("\n"))
        for key in ["attribute_accuracy", "all_attributes_correct", "ms_ssim", "fid_classifier", "eval_samples",
                    "eval_seed", "eval_s"] {
            #expect(text.contains("\"\(key)\":"), "\(key)")
        }
    }

    @Test func trainingEvaluationAddsTheLossPlotsKeys() throws {
        let metrics = QuickMetrics(samples: 40, seed: 9, attributeAccuracy: 0.75, allAttributesCorrect: 0.5,
                                   meanMSSSIM: 0.25, frechetDistance: 12, seconds: 1)
        #expect(metrics.trainingMetrics == ["attribute_accuracy": 0.75, "fid": 12, "ms_ssim": 0.25, "all_attributes_correct": 0.5])
        // The loss plot draws two of them.
        #expect(metrics.trainingMetrics[LossPlot.Key.attributeAccuracy] == 0.75 && metrics.trainingMetrics[LossPlot.Key.fid] == 12)

        let directory = try EvaluationFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sampler = try EvaluationFixtures.sampler(EvaluationFixtures.generator(), in: directory)
        let classifier = try EvaluationFixtures.classifier()
        let dataset = EvaluationFixtures.dataset(count: 30, size: 32)
        #expect(throws: EvaluationError.self) { try trainingEvaluation(classifier: classifier, dataset: dataset, samples: 1, seed: 9) }
        let evaluate = try trainingEvaluation(classifier: classifier, dataset: dataset, samples: 20, seed: 9)
        let expected = try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: 20, seed: 9)
        #expect(try evaluate(sampler) == expected.trainingMetrics)
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
