import ACGAN
import AnimeData
import Foundation

/// A few quality numbers cheap enough to compute during training (`acgan train --eval-every N`
/// appends them to metrics.jsonl): one JSON object per evaluation, with snake_case keys like the
/// training rows of that file (`attribute_accuracy`, `all_attributes_correct`, `ms_ssim`,
/// `fid_classifier`, `period2_share`, `period4_share`, `period2_ratio`, `period4_ratio`,
/// `worst_value_accuracy`, `values_missed`, `eval_samples`, `eval_seed`, `eval_s`).
public struct QuickMetrics: Codable, Sendable, Equatable {
    /// Generated faces scored.
    public var samples: Int
    /// Seed of the tags, noise, real faces and pairs (keep it fixed across a run to get a curve).
    public var seed: UInt64
    /// Share of (face, attribute) predictions on generated faces that match the requested tags.
    public var attributeAccuracy: Double
    /// Share of generated faces with every attribute right.
    public var allAttributesCorrect: Double
    /// Mean over class values of the generated faces' mean pairwise MS-SSIM (higher = less
    /// diverse); class values with fewer than two faces are skipped.
    public var meanMSSSIM: Double
    /// FID between generated and real faces on the classifier's penultimate features divided by
    /// the real faces' RMS, as in the full report (not comparable with Inception FID).
    public var frechetDistance: Double
    /// Mean period-2 energy share of the generated faces' grey-level spectra (the checkerboard
    /// figure of `SpectralArtefactReport`); nil when the side is odd.
    public var period2Share: Double?
    /// Mean period-4 energy share of the generated faces; nil unless the side is a multiple of 4.
    public var period4Share: Double?
    /// period2Share over the real faces' share (issue 11's target: at most 1.5).
    public var period2Ratio: Double?
    /// period4Share over the real faces' share.
    public var period4Ratio: Double?
    /// The lowest share of faces drawn right among the class values (a group's value, a binary
    /// tag's on or off) requested for at least `quickEvaluationMinimumFaces` faces.
    public var worstValueAccuracy: Double?
    /// How many of those class values are drawn right in under 10% of their faces: values the
    /// generator does not draw at all (it draws a neighbour instead), which cap the all-right share.
    public var valuesMissed: Int?
    /// Wall-clock seconds the evaluation took.
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case samples = "eval_samples", seed = "eval_seed", attributeAccuracy = "attribute_accuracy"
        case allAttributesCorrect = "all_attributes_correct", meanMSSSIM = "ms_ssim"
        case frechetDistance = "fid_classifier", seconds = "eval_s"
        case period2Share = "period2_share", period4Share = "period4_share"
        case period2Ratio = "period2_ratio", period4Ratio = "period4_ratio"
        case worstValueAccuracy = "worst_value_accuracy", valuesMissed = "values_missed"
    }

    /// Metrics from their values.
    public init(samples: Int, seed: UInt64, attributeAccuracy: Double, allAttributesCorrect: Double,
                meanMSSSIM: Double, frechetDistance: Double, period2Share: Double? = nil, period4Share: Double? = nil,
                period2Ratio: Double? = nil, period4Ratio: Double? = nil, worstValueAccuracy: Double? = nil,
                valuesMissed: Int? = nil, seconds: Double) {
        self.samples = samples
        self.seed = seed
        self.attributeAccuracy = attributeAccuracy
        self.allAttributesCorrect = allAttributesCorrect
        self.meanMSSSIM = meanMSSSIM
        self.frechetDistance = frechetDistance
        self.period2Share = period2Share
        self.period4Share = period4Share
        self.period2Ratio = period2Ratio
        self.period4Ratio = period4Ratio
        self.worstValueAccuracy = worstValueAccuracy
        self.valuesMissed = valuesMissed
        self.seconds = seconds
    }
}

/// Pairs per class value in `quickEvaluation` (the full report uses 100).
public let quickEvaluationPairsPerClass = 20

/// Faces a class value needs in `quickEvaluation` to count in `worstValueAccuracy` and
/// `valuesMissed` (rare values get a face or two of 500, too few to judge).
public let quickEvaluationMinimumFaces = 5

/// Attribute accuracy, mean intra-class MS-SSIM, FID and the period-2 and period-4 spectral
/// shares of `samples` generated faces, with the same tags, noise and real faces as a full
/// evaluation of that seed (`Evaluator`), but no real-face diversity, KID, real-vs-real
/// reference, memorisation or figures. About `samples` generator and 2 x `samples` classifier
/// passes: 9 s for 500 faces of the acgan64 generator on two cores; the spectra add six 64^3
/// Double matrix products per face (0.8 billion multiply-adds for 500 faces; 1,200 faces took
/// 0.2 s in `acgan evaluate` on the two shared cores).
/// `realShares`: the real faces' mean spectral shares, measured once per run by
/// `trainingEvaluation`; when nil they are measured here on the same real faces.
/// Use at least 500 samples: with fewer faces than the 256 features, the covariances behind
/// FID are rank-deficient and the number is noisy (it is still finite and reproducible).
public func quickEvaluation(sampler: Sampler, classifier: AttributeClassifier, dataset: AnimeDataset,
                            samples: Int, seed: UInt64, realShares: PeriodicEnergyShares? = nil) throws -> QuickMetrics {
    let started = Date()
    let evaluator = try Evaluator(sampler: sampler, classifier: classifier, dataset: dataset,
                                  options: Evaluator.Options(samples: samples, seed: seed))
    let generated = evaluator.generate(count: samples) { _ in }
    let output = classifier.classify(images: generated.images)
    var tally = AttributeAccuracyTally(vocabulary: classifier.vocabulary)
    for (target, predicted) in zip(generated.labels, output.predictions) {
        try tally.record(target: target, predicted: predicted)
    }
    let accuracy = tally.report(real: nil)
    let realIndices = Evaluator.realSample(datasetCount: dataset.count, count: samples, seed: seed)
    let realFeatures = try classifier.classify(dataset: dataset, indices: realIndices).features
    let fid = try FeatureDistanceReport.normalisedFrechetDistance(generated: output.features, real: realFeatures,
                                                                  dimension: output.featureSize).distance
    var shares: PeriodicEnergyShares?, ratios: (period2: Double?, period4: Double?) = (nil, nil)
    if dataset.imageSize % 2 == 0 {
        let generatedShares = try SpectrumAverage.measure(faces: generated.images.map(\.pixels), side: dataset.imageSize)
            .meanShares
        let real = try realShares ?? realSpectralShares(dataset: dataset, indices: realIndices)
        if let generatedShares, let real { ratios = generatedShares.ratios(to: real) }
        shares = generatedShares
    }
    let classes = evaluator.classImages(generated: generated, realIndices: []).filter { $0.generated.count >= 2 }
    let diversity = try DiversityReport.measure(classes: classes, width: dataset.imageSize, height: dataset.imageSize,
                                                pairsPerClass: quickEvaluationPairsPerClass, seed: seed)
    let scores = diversity.classes.compactMap(\.generatedMSSSIM)
    let values = accuracy.generatedValues(minimumFaces: quickEvaluationMinimumFaces)
    return QuickMetrics(samples: samples, seed: seed, attributeAccuracy: accuracy.generatedOverall.fraction ?? 0,
                        allAttributesCorrect: accuracy.generatedAllCorrect.fraction ?? 0,
                        meanMSSSIM: scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count),
                        frechetDistance: fid, period2Share: shares?.period2, period4Share: shares?.period4,
                        period2Ratio: ratios.period2, period4Ratio: ratios.period4,
                        worstValueAccuracy: values.first?.fraction, valuesMissed: values.filter { $0.fraction < 0.1 }.count,
                        seconds: Date().timeIntervalSince(started))
}

/// The mean spectral shares of the data set's faces at `indices`; nil for an odd side or no faces.
public func realSpectralShares(dataset: AnimeDataset, indices: [Int]) throws -> PeriodicEnergyShares? {
    guard dataset.imageSize % 2 == 0 else { return nil }
    return try SpectrumAverage.measure(faces: indices.map { dataset.image(at: $0).pixels }, side: dataset.imageSize)
        .meanShares
}

/// `quickEvaluation` for a generator in the middle of training (for example G_ema): it is
/// scored as in eval mode (running batch-norm statistics); `Sampler` only reads it, so its mode
/// and weights stay as they were.
public func quickEvaluation(generator: Generator, vocabulary: TagVocabulary, classifier: AttributeClassifier,
                            dataset: AnimeDataset, samples: Int, seed: UInt64) throws -> QuickMetrics {
    let sampler = Sampler(generator: generator, vocabulary: vocabulary, modelName: "training")
    return try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: samples, seed: seed)
}

extension QuickMetrics {
    /// The numbers a training run adds to its metrics.jsonl rows (and losses.png) every
    /// `--eval-every` iterations: attribute accuracy and FID under the keys the loss plot draws
    /// (`LossPlot.Key`), MS-SSIM, the all-correct share and the spectral shares and ratios (those
    /// measured), the worst class value's accuracy and the values missed under their snake_case names.
    public var trainingMetrics: [String: Double] {
        var metrics = [LossPlot.Key.attributeAccuracy: attributeAccuracy, LossPlot.Key.fid: frechetDistance,
                       "ms_ssim": meanMSSSIM, "all_attributes_correct": allAttributesCorrect]
        let spectral: [(String, Double?)] = [("period2_share", period2Share), ("period4_share", period4Share),
                                             ("period2_ratio", period2Ratio), ("period4_ratio", period4Ratio),
                                             ("worst_value_accuracy", worstValueAccuracy), ("values_missed", valuesMissed.map(Double.init))]
        for case let (key, value?) in spectral { metrics[key] = value }
        return metrics
    }
}

/// The evaluation a `Trainer` runs every `evaluateEvery` iterations (`acgan train
/// --eval-every N --classifier FILE`): `quickEvaluation` of the sampler with `classifier`
/// against `dataset`, always with the same `seed` so the numbers form a curve. The real faces'
/// spectral shares are measured once, here, not at every evaluation.
/// - Throws: `EvaluationError.invalidParameter` when `samples` is below 2.
public func trainingEvaluation(classifier: AttributeClassifier, dataset: AnimeDataset, samples: Int,
                               seed: UInt64) throws -> (Sampler) throws -> [String: Double] {
    guard samples >= 2 else {
        throw EvaluationError.invalidParameter(name: "evaluation samples", value: "\(samples)", reason: "use at least 2")
    }
    let realIndices = Evaluator.realSample(datasetCount: dataset.count, count: samples, seed: seed)
    let realShares = try realSpectralShares(dataset: dataset, indices: realIndices)
    return { sampler in
        try quickEvaluation(sampler: sampler, classifier: classifier, dataset: dataset, samples: samples, seed: seed,
                            realShares: realShares).trainingMetrics
    }
}
