import ACGAN
import AnimeData
import Evaluation
import Foundation
import Imaging
import Tensors
import Randomness

/// Tiny, easily separable data and models for the classifier and evaluator tests: faces whose
/// "hair colour" is the background colour and whose "glasses" are a white square in the middle.
enum EvaluationFixtures {
    /// One group of three values and one binary tag: condition length 4.
    static let vocabulary = TagVocabulary(
        groups: [TagVocabulary.Group(name: "hair color", values: ["red hair", "green hair", "blue hair"],
                                     priors: [0.5, 0.3, 0.2])],
        binaryTags: [TagVocabulary.BinaryTag(name: "glasses", prior: 0.4)])

    /// The colour behind each value of the group.
    static let colours: [(UInt8, UInt8, UInt8)] = [(200, 40, 40), (40, 190, 60), (50, 60, 210)]

    /// An image of `size` for `labels`: a noisy background of the group's colour, and for
    /// "glasses" a white square of side size/4 at the centre; `seed` varies the noise.
    static func image(labels: TagLabels, size: Int, seed: UInt64) -> RGBImage {
        var rng = RandomGenerator(seed: seed)
        let colour = colours[labels.groupIndices[0]]
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        let low = size / 2 - size / 8, high = size / 2 + size / 8
        for y in 0..<size {
            for x in 0..<size {
                let square = labels.binaryTags[0] && (low..<high).contains(x) && (low..<high).contains(y)
                for (channel, base) in [colour.0, colour.1, colour.2].enumerated() {
                    let noise = Int(rng.nextUniform() * 60) - 30
                    pixels[(y * size + x) * 3 + channel] = square ? 255 : UInt8(max(0, min(255, Int(base) + noise)))
                }
            }
        }
        return RGBImage(width: size, height: size, pixels: pixels)
    }

    /// `count` faces with labels cycling through every (value, tag) combination.
    static func dataset(count: Int, size: Int, seed: UInt64 = 7) -> AnimeDataset {
        let labels = (0..<count).map { TagLabels(groupIndices: [$0 % 3], binaryTags: [($0 / 3) % 2 == 1]) }
        let images = labels.enumerated().map { image(labels: $1, size: size, seed: seed &+ UInt64($0)) }
        return AnimeDataset(images: images, labels: labels, vocabulary: vocabulary)
    }

    /// A small generator (32x32, latent 8, width 4, one block) with seeded random weights; its
    /// input layer and output convolution are scaled up 10 and 30 times so faces differ strongly in colour (at the
    /// default initialisation they are all near grey and any classifier says the same for all).
    /// PyTorch's initialisation (no ICNR), whose sub-pixel filters differ, keeps the faces varied
    /// enough for the fixed classifier to tell them apart.
    static func generator(seed: UInt64 = 3) -> Generator {
        var rng = RandomGenerator(seed: seed)
        let generator = Generator(ModelConfiguration(imageSize: 32, latentSize: 8,
                                                     conditionLength: vocabulary.conditionLength,
                                                     generatorWidth: 4, generatorBlocks: 1), icnr: false, using: &rng)
        for (weight, scale) in [(generator.fc.weight!, Float(10)), (generator.convOut.weight!, 30)] {
            weight.assign(scalars: weight.scalars.map { $0 * scale })
        }
        return generator
    }

    /// A sampler for `generator`, through a checkpoint file as `acgan evaluate` loads it.
    static func sampler(_ generator: Generator, in directory: URL) throws -> Sampler {
        let url = directory.appendingPathComponent("G.safetensors")
        try TrainingCheckpoint(generator: generator, vocabulary: vocabulary).write(to: url)
        return try Sampler(checkpoint: url)
    }

    /// An untrained classifier for 32x32 faces with 8 features.
    static func classifier(seed: UInt64 = 5, imageSize: Int = 32) throws -> AttributeClassifier {
        var rng = RandomGenerator(seed: seed)
        return try AttributeClassifier(configuration: ClassifierConfiguration(imageSize: imageSize, width: 4, featureSize: 8),
                                       vocabulary: vocabulary, using: &rng)
    }

    /// A classifier trained briefly on `dataset(count: 60, size: 32)`: its predictions on the
    /// tiny generator's faces vary from face to face (an untrained one says the same for all),
    /// which the accuracy counts need in order to be tested.
    static func trainedClassifier() throws -> AttributeClassifier {
        let options = ClassifierTrainer.Options(epochs: 3, batchSize: 12, learningRate: 5e-3, heldOutFraction: 0.2,
                                                seed: 3, configuration: ClassifierConfiguration(width: 4, featureSize: 8))
        return try ClassifierTrainer(dataset: dataset(count: 60, size: 32), options: options).train(dataSetName: "tiny")
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
