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
        let heldOut = heldOutIndices
        let realTally = try classifier.tally(dataset: dataset, indices: heldOut)
        let accuracy = generatedTally.report(real: realTally)
        stage(String(format: "attribute accuracy: generated %.2f%%, real held-out %.2f%% (%d faces)",
                     (accuracy.generatedOverall.fraction ?? 0) * 100, (accuracy.realOverall?.fraction ?? 0) * 100,
                     heldOut.count))

        // Real comparison faces for diversity and the feature distances.
        let realIndices = Self.realSample(datasetCount: dataset.count, count: options.samples, seed: options.seed)
        let realOutput = try classifier.classify(dataset: dataset, indices: realIndices)
        let featureDistances = try FeatureDistanceReport.measure(
            generated: generatedOutput.features, real: realOutput.features, dimension: generatedOutput.featureSize,
            kernelDistance: kernelDistance)
        stage(String(format: "FID %.3f, KID %.5f on classifier features (%d generated, %d real)",
                     featureDistances.frechetDistance, featureDistances.kernelDistance.mean,
                     generatedOutput.features.count / generatedOutput.featureSize, realIndices.count))

        let diversity = try DiversityReport.measure(
            classes: classImages(generated: generated, realIndices: realIndices), width: dataset.imageSize,
            height: dataset.imageSize, pairsPerClass: options.pairsPerClass, seed: options.seed, threads: options.threads)
        stage("intra-class MS-SSIM: \(diversity.generatedLessDiverseThanAnyRealClass) of \(diversity.classes.count) "
            + "class values less diverse than the least diverse real class")

        let (memorisation, memorisationImages) = try memorisationCheck(generated: generated,
                                                                       generatedFeatures: generatedOutput.features) { stage($0) }
        let figures = ReportFigures(sampleSheet: try sampleSheet(), interpolationStrip: try interpolationStrip(),
                                    memorisation: memorisationImages)
        let formatter = ISO8601DateFormatter()
        let report = EvaluationReport(
            checkpoint: names.checkpoint, classifier: names.classifier, dataSet: names.dataSet, seed: options.seed,
            generatedCount: generated.images.count, realCount: realIndices.count,
            createdAt: formatter.string(from: started), elapsedSeconds: Date().timeIntervalSince(started),
            attributeAccuracy: accuracy, diversity: diversity, featureDistances: featureDistances,
            memorisation: memorisation)
        stage("done")
        return (report, figures)
    }

    /// KID with the evaluation's seed.
    var kernelDistance: KernelDistance {
        var settings = options.kernelDistance
        settings.seed = options.seed
        return settings
    }
}
