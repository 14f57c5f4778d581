import ACGAN
import AnimeData
import ArgumentParser
import Evaluation
import Foundation
import Kernels

/// `acgan evaluate`: one report on a generator checkpoint, as numbers and pictures.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a generator checkpoint: attribute accuracy, diversity, FID/KID, checkerboard, memorisation.",
        discussion: """
            Generates --samples faces with tags drawn from the vocabulary's priors and writes \
            report.json (numbers) and report.html (numbers and images in one file) to --report:
              - attribute accuracy of the generated faces against the requested tags, per value \
            and overall, beside the classifier's accuracy on its held-out real faces;
              - intra-class diversity: mean MS-SSIM of 100 random pairs per class value, generated \
            and real, their means over the class values and the ratio generated / real (target: \
            within 10%), and how many values are less diverse than the least diverse real one;
              - FID and KID on the classifier's 256 penultimate features, each divided by the RMS \
            of the real comparison features, beside a real-vs-real reference (a second, disjoint \
            real set of the same size) and the ratio FID / real-vs-real FID (target: at most 2); \
            comparable only between evaluations with the same classifier, never with \
            Inception-based numbers;
              - spectral artefacts: the share of the grey-level spectrum's energy at period 2 \
            (checkerboard) and period 4, generated against real, as ratios (target: at most 1.5 \
            each), and the two mean amplitude spectra side by side;
              - memorisation: 16 generated faces beside their 3 nearest training faces by pixels and \
            by features;
              - a sample sheet and an interpolation strip.
            The same --seed gives the same numbers. Train the classifier first with \
            `acgan classifier train --data DIR --out clf.safetensors`.
            Example: acgan evaluate --checkpoint G.safetensors --classifier clf.safetensors \
            --data data/synth --samples 2000 --seed 1 --report reports/run1
            """)

    @Option(help: "The generator checkpoint or exported generator (safetensors).")
    var checkpoint: String

    @Option(help: "The attribute classifier (from `acgan classifier train`).")
    var classifier: String

    @Option(help: "The real data folder (ideally the one the classifier was trained on).")
    var data: String

    @Option(help: "A vocabulary JSON file to read --data with (default: the classifier's); it must list the classifier's tags.")
    var vocabulary: String?

    @Option(help: "Generated faces to score.")
    var samples: Int = 2000

    @Option(help: "Seed of the tags, noise, real faces, pairs and subsets.")
    var seed: UInt64 = 1

    @Option(help: "Folder for report.json and report.html (created if missing).")
    var report: String

    @OptionGroup var threadOptions: ThreadOptions

    @OptionGroup var truncation: TruncationOptions

    /// More samples than this would take days and more memory than a report needs.
    static let largestSamples = 100_000

    func validate() throws {
        guard (2...Self.largestSamples).contains(samples) else {
            throw ValidationError("--samples must be from 2 to \(Self.largestSamples), got \(samples)")
        }
        try requireFile(checkpoint, option: "--checkpoint")
        try requireFile(classifier, option: "--classifier")
        try requireFolder(data, option: "--data")
        if let vocabulary { _ = try readVocabularyFile(vocabulary, option: "--vocabulary") }
        try requireOutputFolder(report, option: "--report")
    }

    func run() throws {
        threadOptions.apply()
        let sampler = try Sampler(checkpoint: URL(fileURLWithPath: checkpoint))
        let attributeClassifier = try AttributeClassifier.load(from: URL(fileURLWithPath: classifier))
        let dataset = try AnimeDataset.load(from: URL(fileURLWithPath: data),
                                            imageSize: attributeClassifier.configuration.imageSize,
                                            vocabulary: vocabulary.map { try readVocabularyFile($0, option: "--vocabulary") }
                                                ?? attributeClassifier.vocabulary)
        if let warning = dataset.report.cacheWarning { printError("warning: \(warning)") }
        printNow("evaluating \(checkpoint) with \(classifier) against \(dataset.count) faces from \(data)")
        var options = Evaluator.Options(samples: samples, seed: seed)
        options.threads = threadOptions.threads
        options.truncation = truncation.truncation
        let evaluator = try Evaluator(sampler: sampler, classifier: attributeClassifier, dataset: dataset, options: options)
        let (result, figures) = try evaluator.evaluate(
            names: Evaluator.Names(checkpoint: checkpoint, classifier: classifier, dataSet: data)) { printNow($0) }
        let files = try ReportWriter.write(result, figures: figures, to: URL(fileURLWithPath: report))
        let accuracy = result.attributeAccuracy
        printNow(String(format: "attribute accuracy %.2f%% (real held-out %.2f%%), FID %.3f, KID %.5f, "
            + "%d/%d class values less diverse than any real class",
            (accuracy.generatedOverall.fraction ?? 0) * 100, (accuracy.realOverall?.fraction ?? 0) * 100,
            result.featureDistances.frechetDistance, result.featureDistances.kernelDistance.mean,
            result.diversity.generatedLessDiverseThanAnyRealClass, result.diversity.classes.count))
        printNow(result.ratioSummary)
        printNow("wrote \(files.json.path) and \(files.html.path)")
    }
}
