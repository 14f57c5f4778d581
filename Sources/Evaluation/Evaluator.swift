import ACGAN
import AnimeData
import Foundation
import Imaging
import Randomness

/// Computes a whole `EvaluationReport` for one generator: attribute accuracy of its faces
/// against the requested tags (beside the classifier's accuracy on held-out real faces),
/// intra-class MS-SSIM of generated and real faces, FID and KID on the classifier's features
/// (beside a real-vs-real reference), the spectral artefact figure, the memorisation check,
/// and the figures (sample sheet, interpolation strip, mean spectra, neighbours).
///
/// Every random choice comes from `Options.seed`: the requested tags (drawn from the
/// vocabulary's priors), the noise, the real comparison faces, the real reference faces, the
/// MS-SSIM pairs, the KID subsets. The same seed, checkpoint, classifier and data give the same numbers.
public struct Evaluator {
    /// What to measure and how much.
    public struct Options: Sendable {
        /// Generated faces scored (and at most as many real comparison faces).
        public var samples: Int = 2000
        /// Seed of every random choice.
        public var seed: UInt64 = 1
        /// MS-SSIM pairs per class value (100 in the ACGAN paper).
        public var pairsPerClass: Int = 100
        /// Generated faces whose nearest training faces are shown.
        public var memorisationCount: Int = 16
        /// Nearest training faces per generated face, by pixels and by features.
        public var neighborCount: Int = 3
        /// KID's subsets and rows per subset (capped at the smaller set).
        public var kernelDistance = KernelDistance()
        /// Latent truncation of the generated faces (nil: plain standard normal noise).
        public var truncation: Float? = nil
        /// Columns of the sample sheet (each a fixed noise vector).
        public var sheetColumns: Int = 8
        /// Faces in the interpolation strip.
        public var interpolationSteps: Int = 10
        /// Workers for the MS-SSIM pairs.
        public var threads: Int = 2

        /// The settings of `acgan evaluate`.
        public init(samples: Int = 2000, seed: UInt64 = 1) {
            self.samples = samples
            self.seed = seed
        }
    }

    /// The generator.
    public let sampler: Sampler
    /// The attribute classifier (features and predictions).
    public let classifier: AttributeClassifier
    /// The real faces (the classifier's training data, ideally, so its held-out split is known).
    public let dataset: AnimeDataset
    /// The settings.
    public var options: Options

    /// An evaluator; checks that generator, classifier and data describe the same tags.
    /// - Throws: `ClassifierError.mismatch` naming what differs, `ClassifierError.invalidOptions`
    ///   for fewer than 2 samples or a truncation `LatentNoise` refuses.
    public init(sampler: Sampler, classifier: AttributeClassifier, dataset: AnimeDataset, options: Options) throws {
        guard classifier.predictsSameTags(as: sampler.vocabulary) else {
            throw ClassifierError.mismatch("the generator's tags (\(sampler.vocabulary.allPhrases.joined(separator: ", "))) "
                + "are not the classifier's (\(classifier.vocabulary.allPhrases.joined(separator: ", ")))")
        }
        guard classifier.predictsSameTags(as: dataset.vocabulary) else {
            throw ClassifierError.mismatch("the data set's tags (\(dataset.vocabulary.allPhrases.joined(separator: ", "))) "
                + "are not the classifier's (\(classifier.vocabulary.allPhrases.joined(separator: ", ")))")
        }
        guard dataset.imageSize == classifier.configuration.imageSize else {
            throw ClassifierError.mismatch("the data set is loaded at \(dataset.imageSize)x\(dataset.imageSize) and the "
                + "classifier takes \(classifier.configuration.imageSize)x\(classifier.configuration.imageSize)")
        }
        guard options.samples >= 2, dataset.count >= 2 else {
            throw ClassifierError.invalidOptions("an evaluation needs at least 2 samples and 2 real faces "
                + "(got \(options.samples) and \(dataset.count))")
        }
        if let truncation = options.truncation {
            do { try LatentNoise.validate(truncation: Double(truncation)) } catch {
                throw ClassifierError.invalidOptions("\(error)")
            }
        }
        self.sampler = sampler
        self.classifier = classifier
        self.dataset = dataset
        self.options = options
    }

    /// The tags requested for the generated faces: `count` draws from the vocabulary's priors;
    /// continuous values are then drawn uniformly over each range (from a stream of their own),
    /// so that the correlation of requested and read-back values covers the whole range.
    public static func requestedLabels(vocabulary: TagVocabulary, count: Int, seed: UInt64) -> [TagLabels] {
        var rng = SplitMix64(seed: seed ^ 0x7A65_7175_6573_7473)
        let tags = vocabulary.withoutContinuous
        let selection = TagSelection(allRandomFor: tags)
        var labels = (0..<count).map { _ in selection.completed(vocabulary: tags, using: &rng) }
        guard !vocabulary.continuous.isEmpty else { return labels }
        var uniform = SplitMix64(seed: seed ^ 0x636F_6E74_696E_756F)
        for index in labels.indices {
            labels[index].continuous = vocabulary.continuous.map { $0.minimum + uniform.nextUnit() * ($0.maximum - $0.minimum) }
        }
        return labels
    }

    /// The real faces compared with the generated ones (diversity, FID, KID): `count` distinct
    /// data-set indices drawn with the seed (all of them if the set is smaller), ascending.
    public static func realSample(datasetCount: Int, count: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed ^ 0x7265_616C_6661_6365)
        let size = min(count, datasetCount)
        return KernelDistance.sampleWithoutReplacement(count: datasetCount, size: size, using: &rng).sorted()
    }

    /// The second real set of the real-vs-real reference: `count` distinct data-set indices drawn
    /// with the seed from those not in `excluded` (the real comparison set), ascending; as many
    /// as are left when fewer than `count` are.
    public static func referenceSample(datasetCount: Int, excluding excluded: [Int], count: Int,
                                       seed: UInt64) -> [Int] {
        let taken = Set(excluded)
        let left = (0..<datasetCount).filter { !taken.contains($0) }
        var rng = SplitMix64(seed: seed ^ 0x7265_6665_7265_6E63)
        let size = min(count, left.count)
        return KernelDistance.sampleWithoutReplacement(count: left.count, size: size, using: &rng)
            .map { left[$0] }.sorted()
    }

    /// The real faces the classifier's own accuracy is measured on: its held-out split when the
    /// classifier was trained on a set of this size, else (unknown split) the whole data set.
    public var heldOutIndices: [Int] {
        if let split = classifier.trainingSummary?.split, split.datasetCount == dataset.count { return split.heldOut }
        return Array(0..<dataset.count)
    }

    /// Generated faces: requested labels, noise, images at the data set's size.
    struct GeneratedFaces {
        var labels: [TagLabels]
        var latents: [[Float]]
        var images: [RGBImage]
    }

    /// Draws labels and noise for `count` faces and generates them, in chunks so `progress`
    /// can report. Faces are resized to the data set's size if the generator's differs.
    func generate(count: Int, progress: (String) -> Void) -> GeneratedFaces {
        let labels = Self.requestedLabels(vocabulary: sampler.vocabulary, count: count, seed: options.seed)
        let latents = sampler.latents(count: count, seed: options.seed, truncation: options.truncation)
        var images: [RGBImage] = []
        images.reserveCapacity(count)
        let chunk = 250
        var start = 0
        while start < count {
            let end = min(count, start + chunk)
            images += sampler.generate(labels: Array(labels[start..<end]), latents: Array(latents[start..<end]))
            start = end
            progress("generated \(end)/\(count) faces")
        }
        let size = dataset.imageSize
        if sampler.imageSize != size { images = images.map { $0.resized(width: size, height: size) } }
        return GeneratedFaces(labels: labels, latents: latents, images: images)
    }

    /// The class values whose diversity is measured: every value of every group, and every
    /// binary tag when on; with the faces of each (requested tags for generated, true for real).
    func classImages(generated: GeneratedFaces, realIndices: [Int]) -> [ClassImages] {
        let vocabulary = sampler.vocabulary
        let realImages = realIndices.map { dataset.image(at: $0).pixels }
        let realLabels = realIndices.map { dataset.labels[$0] }
        func pick(_ labels: [TagLabels], _ images: [[UInt8]], _ keep: (TagLabels) -> Bool) -> [[UInt8]] {
            zip(labels, images).filter { keep($0.0) }.map(\.1)
        }
        let generatedPixels = generated.images.map(\.pixels)
        var classes: [ClassImages] = []
        for (group, entry) in vocabulary.groups.enumerated() {
            for (value, name) in entry.values.enumerated() {
                let keep: (TagLabels) -> Bool = { $0.groupIndices[group] == value }
                classes.append(ClassImages(attribute: entry.name, value: name,
                                           generated: pick(generated.labels, generatedPixels, keep),
                                           real: pick(realLabels, realImages, keep)))
            }
        }
        for (tag, entry) in vocabulary.binaryTags.enumerated() {
            let keep: (TagLabels) -> Bool = { $0.binaryTags[tag] }
            classes.append(ClassImages(attribute: entry.name, value: entry.name,
                                       generated: pick(generated.labels, generatedPixels, keep),
                                       real: pick(realLabels, realImages, keep)))
        }
        return classes
    }
}
