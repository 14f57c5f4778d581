import AnimeData
import Foundation
import Imaging

extension Evaluator {
    /// Names recorded in the report (paths as given on the command line).
    public struct Names: Sendable, Equatable {
        /// The generator checkpoint.
        public var checkpoint: String
        /// The classifier file.
        public var classifier: String
        /// The data folder.
        public var dataSet: String

        /// The three names.
        public init(checkpoint: String, classifier: String, dataSet: String) {
            self.checkpoint = checkpoint
            self.classifier = classifier
            self.dataSet = dataSet
        }
    }

    /// Runs the whole evaluation. `progress` receives one line per stage.
    public func evaluate(names: Names, progress: (String) -> Void = { _ in }) throws
        -> (report: EvaluationReport, figures: ReportFigures) {
        let started = Date()
        func stage(_ text: String) {
            progress(String(format: "[%6.1f s] ", Date().timeIntervalSince(started)) + text)
        }
        let generated = generate(count: options.samples) { stage($0) }

        // Attribute accuracy: generated faces against the requested tags, the classifier on
        // held-out real faces against their true tags.
        let generatedOutput = classifier.classify(images: generated.images)
        var generatedTally = AttributeAccuracyTally(vocabulary: classifier.vocabulary)
        for (target, predicted) in zip(generated.labels, generatedOutput.predictions) {
            try generatedTally.record(target: target, predicted: predicted)
        }
        let readBack = generatedOutput.predictions.map(\.continuous)
        let continuous = ContinuousEffects.correlations(requested: generated.labels, generatorVocabulary: sampler.vocabulary,
                                                        readBack: readBack, classifierVocabulary: classifier.vocabulary)
        let codes = ContinuousEffects.learnedCodes(requested: generated.labels, generatorVocabulary: sampler.vocabulary,
                                                   readBack: readBack, classifierVocabulary: classifier.vocabulary)
        for effect in codes {
            stage("\(effect.code) moves " + (effect.strongest ?? "nothing the classifier reads") + " (Pearson r: " + effect.correlations.map {
                "\($0.name) " + ($0.pearson.map { String(format: "%.3f", $0) } ?? "undefined")
            }.joined(separator: ", ") + ")")
        }
        if !continuous.isEmpty {
            stage("continuous attributes, Pearson r of requested and read-back values: " + continuous.map {
                "\($0.name) " + ($0.pearson.map { String(format: "%.3f", $0) } ?? "undefined")
            }.joined(separator: ", "))
        }
        let heldOut = heldOutIndices
        let realTally = try classifier.tally(dataset: dataset, indices: heldOut)
        let accuracy = generatedTally.report(real: realTally)
        stage(String(format: "attribute accuracy: generated %.2f%%, real held-out %.2f%% (%d faces)",
                     (accuracy.generatedOverall.fraction ?? 0) * 100, (accuracy.realOverall?.fraction ?? 0) * 100,
                     heldOut.count))

        // Real comparison faces for diversity, the feature distances and the spectra; a second,
        // disjoint real set for the real-vs-real reference.
        let realIndices = Self.realSample(datasetCount: dataset.count, count: options.samples, seed: options.seed)
        let realOutput = try classifier.classify(dataset: dataset, indices: realIndices)
        let referenceIndices = Self.referenceSample(datasetCount: dataset.count, excluding: realIndices,
                                                    count: realIndices.count, seed: options.seed)
        let referenceFeatures = try referenceIndices.count >= 2
            ? classifier.classify(dataset: dataset, indices: referenceIndices).features : nil
        let featureDistances = try FeatureDistanceReport.measure(
            generated: generatedOutput.features, real: realOutput.features, reference: referenceFeatures,
            dimension: generatedOutput.featureSize, kernelDistance: kernelDistance)
        stage(String(format: "FID %.3f, KID %.5f on classifier features divided by their real RMS %.4g "
            + "(%d generated, %d real)", featureDistances.frechetDistance, featureDistances.kernelDistance.mean,
            featureDistances.featureScale, generatedOutput.features.count / generatedOutput.featureSize,
            realIndices.count))
        stage(Self.referenceLine(featureDistances, referenceCount: referenceIndices.count))

        let diversity = try DiversityReport.measure(
            classes: classImages(generated: generated, realIndices: realIndices), width: dataset.imageSize,
            height: dataset.imageSize, pairsPerClass: options.pairsPerClass, seed: options.seed, threads: options.threads)
        stage("intra-class MS-SSIM: \(diversity.generatedLessDiverseThanAnyRealClass) of \(diversity.classes.count) "
            + "class values less diverse than the least diverse real class")
        stage(Self.meanDiversityLine(diversity))

        let spectral = try spectralArtefacts(generated: generated, realIndices: realIndices)
        if let spectral {
            for period in [2, 4] { if let line = spectral.report.progressLine(period: period) { stage(line) } }
        } else {
            stage("spectral artefacts: not measured, the faces' side \(dataset.imageSize) is odd")
        }

        let (memorisation, memorisationImages) = try memorisationCheck(generated: generated,
                                                                       generatedFeatures: generatedOutput.features) { stage($0) }
        let figures = ReportFigures(sampleSheet: try sampleSheet(), interpolationStrip: try interpolationStrip(),
                                    spectra: spectral?.figure, memorisation: memorisationImages,
                                    continuousSweep: try continuousSweep())
        let formatter = ISO8601DateFormatter()
        let report = EvaluationReport(
            checkpoint: names.checkpoint, classifier: names.classifier, dataSet: names.dataSet, seed: options.seed,
            generatedCount: generated.images.count, realCount: realIndices.count,
            createdAt: formatter.string(from: started), elapsedSeconds: Date().timeIntervalSince(started),
            attributeAccuracy: accuracy, diversity: diversity, featureDistances: featureDistances,
            spectralArtefacts: spectral?.report, memorisation: memorisation,
            continuousAttributes: continuous.isEmpty ? nil : continuous, learnedCodes: codes.isEmpty ? nil : codes)
        stage("done")
        return (report, figures)
    }

    /// The progress line of the real-vs-real reference and the FID ratio.
    static func referenceLine(_ distances: FeatureDistanceReport, referenceCount: Int) -> String {
        guard let reference = distances.realReference else {
            return "real-vs-real reference: not measured, only \(referenceCount) real faces left beside the "
                + "\(distances.realCount) compared (need 2)"
        }
        let ratio = distances.frechetDistanceRatio.map { String(format: "%.2f", $0) } ?? "undefined"
        return String(format: "real-vs-real reference (%d vs %d real faces): FID %.3f, KID %.5f; "
            + "FID generated / real-vs-real ", reference.comparisonCount, reference.referenceCount,
            reference.frechetDistance, reference.kernelDistance.mean)
            + ratio + String(format: " (target <= %.1f)", distances.frechetRatioTarget)
    }

    /// The progress line of the mean intra-class MS-SSIM, generated against real.
    static func meanDiversityLine(_ diversity: DiversityReport) -> String {
        guard let generated = diversity.generatedMeanMSSSIM, let real = diversity.realMeanMSSSIM else {
            return "mean intra-class MS-SSIM: no class value measured on both sides"
        }
        let ratio = diversity.meanMSSSIMRatio.map { String(format: "%.3f", $0) } ?? "undefined"
        return String(format: "mean intra-class MS-SSIM over %d class values: generated %.4f, real %.4f, ratio ",
                      diversity.pairedClassCount, generated, real)
            + ratio + String(format: " (target %.2f-%.2f)", 1 - diversity.meanTolerance, 1 + diversity.meanTolerance)
    }

    /// KID with the evaluation's seed.
    var kernelDistance: KernelDistance {
        var settings = options.kernelDistance
        settings.seed = options.seed
        return settings
    }
}
