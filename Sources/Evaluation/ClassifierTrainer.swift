import AnimeData
import Foundation
import NeuralNetwork
import Optimizers
import Tensors
import Randomness

/// Trains an `AttributeClassifier` on the real faces of a data set: a seeded held-out split,
/// shuffled mini-batches with random horizontal flips, Adam with a cosine learning-rate decay,
/// then the accuracy per attribute on the held-out faces.
///
/// Deterministic for a seed (weights, split, shuffles and flips all come from it) at a fixed
/// thread count; the kernels' parallel sums may round differently with another thread count.
public struct ClassifierTrainer {
    /// The training settings.
    public struct Options: Codable, Sendable, Equatable {
        /// Passes over the training images.
        public var epochs: Int = 10
        /// Images per step.
        public var batchSize: Int = 32
        /// Adam's starting learning rate; it decays to 2% of it along a half cosine.
        public var learningRate: Float = 2e-3
        /// Share of the images held out for scoring, in (0, 1).
        public var heldOutFraction: Double = 0.1
        /// Seed of the weights, the split, the shuffles and the flips.
        public var seed: UInt64 = 1
        /// Mirror each training image with probability 1/2 (every tag is mirror-invariant).
        public var horizontalFlip: Bool = true
        /// The network's shape; its `imageSize` is taken from the data set.
        public var configuration = ClassifierConfiguration()

        /// The defaults of `acgan classifier train`.
        public init(epochs: Int = 10, batchSize: Int = 32, learningRate: Float = 2e-3, heldOutFraction: Double = 0.1,
                    seed: UInt64 = 1, horizontalFlip: Bool = true,
                    configuration: ClassifierConfiguration = ClassifierConfiguration()) {
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.heldOutFraction = heldOutFraction
            self.seed = seed
            self.horizontalFlip = horizontalFlip
            self.configuration = configuration
        }
    }

    /// Where training is, reported after every few batches and at the end of each epoch (for
    /// a progress file: `acgan classifier train --metrics`).
    public struct Progress: Codable, Sendable, Equatable {
        /// The epoch (1-based) and the number of epochs.
        public var epoch: Int
        public var epochs: Int
        /// Steps done and the steps of the whole run.
        public var step: Int
        public var totalSteps: Int
        /// The mean loss of the epoch so far.
        public var loss: Double
        /// Training speed in the epoch so far.
        public var imagesPerSecond: Double
        /// Seconds since training started.
        public var elapsedSeconds: Double
        /// The held-out accuracy (every attribute pooled), at the end of an epoch.
        public var heldOutAccuracy: Double?

        enum CodingKeys: String, CodingKey {
            case epoch, epochs, step, loss
            case totalSteps = "total_steps", imagesPerSecond = "images_per_second"
            case elapsedSeconds = "elapsed_seconds", heldOutAccuracy = "held_out_accuracy"
        }
    }

    /// The real faces.
    public let dataset: AnimeDataset
    /// The settings.
    public var options: Options

    /// A trainer for `dataset`.
    public init(dataset: AnimeDataset, options: Options = Options()) {
        self.dataset = dataset
        self.options = options
    }

    /// Trains and scores a classifier; `progress` receives human-readable lines (a few per
    /// epoch), `report` the same moments as numbers. `dataSetName` is recorded in the summary.
    /// The result is in eval mode and carries its `trainingSummary`.
    public func train(dataSetName: String, progress: (String) -> Void = { _ in },
                      report: (Progress) -> Void = { _ in }) throws -> AttributeClassifier {
        let started = Date()
        guard options.epochs >= 1 else { throw ClassifierError.invalidOptions("epochs must be at least 1") }
        guard options.batchSize >= 2 else {
            throw ClassifierError.invalidOptions("batch size must be at least 2 (batch norm needs two images)")
        }
        guard options.heldOutFraction > 0, options.heldOutFraction < 1 else {
            throw ClassifierError.invalidOptions("held-out fraction \(options.heldOutFraction) must be in (0, 1)")
        }
        let split = HeldOutSplit(datasetCount: dataset.count, fraction: options.heldOutFraction, seed: options.seed)
        let trainingIndices = split.training, heldOutIndices = split.heldOut
        guard trainingIndices.count >= 2, !heldOutIndices.isEmpty else {
            throw ClassifierError.invalidOptions("\(dataset.count) images are too few to split into training and "
                + "held-out faces; use a data set of at least 20 images")
        }
        var configuration = options.configuration
        configuration.imageSize = dataset.imageSize
        var rng = RandomGenerator(seed: options.seed)
        let classifier = try AttributeClassifier(configuration: configuration, vocabulary: dataset.vocabulary,
                                                 using: &rng)
        classifier.train()
        let optimizer = Adam(classifier, options: Adam.Options(learningRate: options.learningRate))
        let parameters = optimizer.parameters.map(\.tensor)
        let batchSize = min(options.batchSize, trainingIndices.count)
        let batchesPerEpoch = trainingIndices.count / batchSize
        let totalSteps = batchesPerEpoch * options.epochs
        let reportEvery = max(1, batchesPerEpoch / 4)
        // A mirrored face keeps values a mirror changes unless the vocabulary says how they change.
        let unmarked = dataset.vocabulary.continuousWithoutMirror
        let flipsAllowed = options.horizontalFlip && unmarked.isEmpty
        if options.horizontalFlip && !unmarked.isEmpty {
            progress(AnimeDataError.flipRefusal(attributes: unmarked.map(\.name)))
        }
        progress("training on \(trainingIndices.count) faces, holding out \(heldOutIndices.count); "
            + "\(options.epochs) epochs of \(batchesPerEpoch) batches of \(batchSize); "
            + "\(classifier.parameterCount) parameters")

        var step = 0
        for epoch in 0..<options.epochs {
            let epochStarted = Date()
            let (order, flips) = plan(trainingIndices, epoch: epoch, flips: flipsAllowed)
            var lossSum: Float = 0
            for batch in 0..<batchesPerEpoch {
                let range = (batch * batchSize)..<((batch + 1) * batchSize)
                let indices = Array(order[range])
                let input = pixels(indices, mirrored: Array(flips[range]))
                let labels = zip(indices, flips[range]).map { index, mirrored in
                    mirrored ? dataset.labels[index].mirrored(under: dataset.vocabulary) : dataset.labels[index]
                }
                let progressOfRun = Double(step) / Double(max(totalSteps, 1))
                optimizer.options.learningRate = options.learningRate * Float(0.02 + 0.98 * 0.5 * (1 + cos(.pi * progressOfRun)))
                let loss = classifier.loss(logits: classifier(input).logits, labels: labels)
                optimizer.update(gradients: gradients(of: loss, withRespectTo: parameters))
                lossSum += loss.item
                step += 1
                if (batch + 1) % reportEvery == 0 || batch + 1 == batchesPerEpoch {
                    let seconds = Date().timeIntervalSince(epochStarted)
                    report(Progress(epoch: epoch + 1, epochs: options.epochs, step: step, totalSteps: totalSteps,
                                    loss: Double(lossSum / Float(batch + 1)),
                                    imagesPerSecond: Double((batch + 1) * batchSize) / max(seconds, 1e-9),
                                    elapsedSeconds: Date().timeIntervalSince(started)))
                    progress(String(format: "epoch %d/%d  batch %d/%d  loss %.4f  %.0f images/s",
                                    epoch + 1, options.epochs, batch + 1, batchesPerEpoch,
                                    lossSum / Float(batch + 1), Double((batch + 1) * batchSize) / max(seconds, 1e-9)))
                }
            }
            let accuracy = try classifier.heldOutAccuracy(dataset: dataset, indices: heldOutIndices)
            classifier.train()
            let epochSeconds = Date().timeIntervalSince(epochStarted)
            report(Progress(epoch: epoch + 1, epochs: options.epochs, step: step, totalSteps: totalSteps,
                            loss: Double(lossSum / Float(max(batchesPerEpoch, 1))),
                            imagesPerSecond: Double(batchesPerEpoch * batchSize) / max(epochSeconds, 1e-9),
                            elapsedSeconds: Date().timeIntervalSince(started), heldOutAccuracy: accuracy.overall.fraction))
            progress(String(format: "epoch %d/%d done in %.0f s: held-out accuracy %.2f%% (mean per attribute "
                + "%.2f%%, all attributes right %.2f%%)", epoch + 1, options.epochs,
                Date().timeIntervalSince(epochStarted), (accuracy.overall.fraction ?? 0) * 100,
                (accuracy.meanPerAttribute ?? 0) * 100, (accuracy.allCorrect.fraction ?? 0) * 100))
        }
        classifier.eval()
        let accuracy = try classifier.heldOutAccuracy(dataset: dataset, indices: heldOutIndices)
        let continuousError = try classifier.continuousError(dataset: dataset, indices: heldOutIndices)
        if !continuousError.isEmpty {
            progress("held-out continuous attributes, root-mean-square error: " + AttributeClassifier.describe(continuousError))
        }
        classifier.trainingSummary = ClassifierTrainingSummary(
            dataSet: dataSetName, split: split, trainingCount: trainingIndices.count,
            heldOutCount: heldOutIndices.count, epochs: options.epochs, batchSize: batchSize, seed: options.seed,
            seconds: Date().timeIntervalSince(started), heldOutAccuracy: accuracy,
            heldOutContinuousError: continuousError.isEmpty ? nil : continuousError)
        return classifier
    }

    /// The training images of `epoch` in a seeded order, and which of them to mirror.
    private func plan(_ indices: [Int], epoch: Int, flips allowed: Bool) -> (order: [Int], flips: [Bool]) {
        var rng = SplitMix64(seed: options.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
        var order = indices
        for position in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(position, rng.nextIndex(below: position + 1))
        }
        let flips = order.map { _ in allowed && rng.next() >> 63 == 1 }
        return (order, flips)
    }

    /// (N, 3, S, S) in [-1, 1] for data-set images `indices`.
    private func pixels(_ indices: [Int], mirrored: [Bool]) -> Tensor {
        let size = dataset.imageSize
        var values = [Float](repeating: 0, count: indices.count * 3 * size * size)
        for (slot, index) in indices.enumerated() {
            dataset.withImageBytes(at: index) {
                ImagePixels.write($0, size: size, mirrored: mirrored[slot], into: &values, slot: slot)
            }
        }
        return Tensor(shape: [indices.count, 3, size, size], scalars: values)
    }
}
