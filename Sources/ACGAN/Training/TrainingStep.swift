import NeuralNetwork
import Optimizers
import Tensors
import Randomness

/// What one training iteration measured.
public struct StepMetrics: Codable, Sendable, Equatable {
    /// D's loss: BCE(real -> 1) + BCE(fake -> 0) + w (Lc(real) + Lc(fake)) [+ penalty].
    public var discriminatorLoss: Float
    /// G's loss: BCE(fake -> 1) + w Lc(fake).
    public var generatorLoss: Float
    /// Share of real images D calls real (logit > 0).
    public var realAccuracy: Float
    /// Share of fake images D calls fake (logit < 0), in the D step.
    public var fakeAccuracy: Float
    /// The gradient penalty's value, 0 when none.
    public var penalty: Float
    /// The regression term of D's Lc on the real batch (sum over continuous attributes of the
    /// mean squared error of D's reading of the scaled values), nil without continuous attributes.
    public var regressionLoss: Float? = nil
    /// The information term of the learned codes in the D step (`ACGANLoss.information` on the
    /// fake batch), nil without codes.
    public var informationLoss: Float? = nil
}

/// The hyperparameters of the ACGAN losses and updates that one iteration needs.
public struct StepOptions: Codable, Sendable, Equatable {
    /// Weight of the classification loss Lc in both losses.
    public var classLossWeight: Float = 1
    /// Whether D also learns to classify fakes (Lc(fake) in D's loss), as in the paper.
    public var classLossOnFake = true
    /// The gradient penalty on D and its weight.
    public var penalty: GradientPenalty = .none
    public var penaltyWeight: Float = 10
    /// How binary tags weigh in Lc: each like a group (new runs), or pooled as in the reference.
    public var binaryTagWeighting: BinaryTagWeighting = .perTag
    /// The regression term of continuous attributes (and the information term of learned codes):
    /// the Gaussian NLL for new runs, which made the faces follow the values asked for more
    /// closely than the squared error at equal iterations (README, "Continuous attributes");
    /// options saved without the key trained with the squared error and keep it.
    public var continuousLoss: ContinuousLoss = .gaussian
    /// Weight of the information term of learned codes (InfoGAN's lambda) in both losses.
    public var infoWeight: Float = 1
    public init() {}

    /// The losses of shared/spec/acgan64.md and the PyTorch reference (pooled binary tags).
    public static var reference: StepOptions {
        var options = StepOptions()
        options.binaryTagWeighting = .pooled
        return options
    }

    private enum CodingKeys: String, CodingKey {
        case classLossWeight, classLossOnFake, penalty, penaltyWeight, binaryTagWeighting, continuousLoss, infoWeight
    }

    /// Encodes the options; the continuous loss only when it is not the squared error (what a
    /// missing key decodes as) and the information weight only when it is not 1, so the options
    /// of runs without them read as before.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(classLossWeight, forKey: .classLossWeight)
        try c.encode(classLossOnFake, forKey: .classLossOnFake)
        try c.encode(penalty, forKey: .penalty)
        try c.encode(penaltyWeight, forKey: .penaltyWeight)
        try c.encode(binaryTagWeighting, forKey: .binaryTagWeighting)
        if continuousLoss != .squaredError { try c.encode(continuousLoss, forKey: .continuousLoss) }
        if infoWeight != 1 { try c.encode(infoWeight, forKey: .infoWeight) }
    }

    /// Decodes saved options; a checkpoint written before `binaryTagWeighting` existed trained
    /// with the pooled loss and continues with it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classLossWeight = try c.decode(Float.self, forKey: .classLossWeight)
        classLossOnFake = try c.decode(Bool.self, forKey: .classLossOnFake)
        penalty = try c.decode(GradientPenalty.self, forKey: .penalty)
        penaltyWeight = try c.decode(Float.self, forKey: .penaltyWeight)
        binaryTagWeighting = try c.decodeIfPresent(BinaryTagWeighting.self, forKey: .binaryTagWeighting) ?? .pooled
        continuousLoss = try c.decodeIfPresent(ContinuousLoss.self, forKey: .continuousLoss) ?? .squaredError
        infoWeight = try c.decodeIfPresent(Float.self, forKey: .infoWeight) ?? 1
    }
}

/// One ACGAN iteration as in `torch_reference.train_step`: draw noise and labels, make one
/// fake batch; a D step on the real and the (detached) fake batch; then a G step through the
/// updated D on the same fake batch.
public final class TrainingStep {
    public let generator: Generator
    public let discriminator: Discriminator
    public let generatorOptimizer: Adam
    public let discriminatorOptimizer: Adam
    public let layout: ConditionLayout
    public var options: StepOptions
    let generatorParameters: [Tensor]
    let discriminatorParameters: [Tensor]
    /// With several processes: the split of the batch, and the averaging of gradients (one set
    /// of flat buffers for G's, one for D's).
    public let dataParallel: DataParallel?
    private var generatorGradients: GradientBuckets?
    private var discriminatorGradients: GradientBuckets?

    /// A step of one process, or with `dataParallel`, one process's part of a step over
    /// several (the real batches passed in are then this process's rows).
    public init(generator: Generator, discriminator: Discriminator, generatorOptimizer: Adam,
                discriminatorOptimizer: Adam, layout: ConditionLayout, options: StepOptions,
                dataParallel: DataParallel? = nil) {
        self.generator = generator
        self.discriminator = discriminator
        self.generatorOptimizer = generatorOptimizer
        self.discriminatorOptimizer = discriminatorOptimizer
        self.layout = layout
        self.options = options
        generatorParameters = generatorOptimizer.parameters.map(\.tensor)
        discriminatorParameters = discriminatorOptimizer.parameters.map(\.tensor)
        self.dataParallel = dataParallel
        if let dataParallel {
            generatorGradients = GradientBuckets(shapes: generatorParameters.map(\.shape))
            discriminatorGradients = GradientBuckets(shapes: discriminatorParameters.map(\.shape))
            dataParallel.synchroniseBatchStatistics(of: generator)
            dataParallel.synchroniseBatchStatistics(of: discriminator)
        }
    }

    /// D's gradients of `loss`, averaged over the processes when there are several.
    private func discriminatorGradients(of loss: Tensor) -> [Tensor] {
        let local = gradients(of: loss, withRespectTo: discriminatorParameters)
        guard let dataParallel else { return local }
        return discriminatorGradients!.average(local, over: dataParallel)
    }

    /// G's gradients of `loss`, averaged over the processes when there are several.
    private func generatorGradients(of loss: Tensor) -> [Tensor] {
        let local = gradients(of: loss, withRespectTo: generatorParameters)
        guard let dataParallel else { return local }
        return generatorGradients!.average(local, over: dataParallel)
    }

    /// Noise and fake labels for a step, drawn for the whole (global) batch so that the draws
    /// do not depend on the number of processes; then this process's rows.
    private func drawFakeInputs(count n: Int, using rng: inout RandomGenerator) -> (z: Tensor, labels: ConditionBatch) {
        let count = dataParallel?.globalBatchSize ?? n
        let z = Tensor.randomNormal([count, generator.configuration.latentSize], using: &rng)
        let labels = ConditionBatch.uniform(layout: layout, count: count, using: &rng)
        guard let dataParallel else { return (z, labels) }
        precondition(n == dataParallel.rows.count, "a process's batch has \(dataParallel.rows.count) rows, got \(n)")
        return (dataParallel.localRows(z), dataParallel.localRows(labels))
    }

    /// The losses of one D step on a real batch and a fake batch (no update).
    func discriminatorLoss(real: Tensor, realLabels: ConditionBatch, fake: Tensor, fakeLabels: ConditionBatch,
                           using rng: inout RandomGenerator) -> (loss: Tensor, metrics: StepMetrics) {
        let onReal = discriminator(real, condition: realLabels.condition)
        let onFake = discriminator(fake, condition: fakeLabels.condition)
        var loss = ACGANLoss.adversarial(onReal.adversarial, real: true) + ACGANLoss.adversarial(onFake.adversarial, real: false)
        let weighting = options.binaryTagWeighting, continuous = options.continuousLoss
        var classLoss = ACGANLoss.classification(onReal.classes, labels: realLabels, binaryWeighting: weighting,
                                                 continuousLoss: continuous)
        let regressionLoss = realLabels.layout.dataContinuousCount == 0 ? nil : realLabels.continuousTargets.map { targets in
            withoutGradients { ACGANLoss.continuousRegression(onReal.classes.detached(), labels: realLabels, targets: targets).item }
        }
        if options.classLossOnFake {
            classLoss = classLoss + ACGANLoss.classification(onFake.classes, labels: fakeLabels, binaryWeighting: weighting,
                                                             continuousLoss: continuous)
        }
        loss = loss + classLoss * options.classLossWeight
        // InfoGAN: D's head learns to read the codes the fakes were made with.
        var informationLoss: Float? = nil
        if fakeLabels.layout.codeCount > 0 {
            let information = ACGANLoss.information(onFake.classes, labels: fakeLabels, continuousLoss: continuous)
            informationLoss = information.item
            loss = loss + information * options.infoWeight
        }
        var penaltyValue: Float = 0
        if let penalty = options.penalty.value(discriminator: discriminator, real: real, condition: realLabels.condition, using: &rng,
                                               dataParallel: dataParallel) {
            penaltyValue = penalty.item
            loss = loss + penalty * options.penaltyWeight
        }
        let realAccuracy = onReal.adversarial.scalars.filter { $0 > 0 }.count
        let fakeAccuracy = onFake.adversarial.scalars.filter { $0 < 0 }.count
        let metrics = StepMetrics(discriminatorLoss: loss.item, generatorLoss: 0,
                                  realAccuracy: Float(realAccuracy) / Float(real.shape[0]),
                                  fakeAccuracy: Float(fakeAccuracy) / Float(fake.shape[0]), penalty: penaltyValue,
                                  regressionLoss: regressionLoss, informationLoss: informationLoss)
        return (loss, metrics)
    }

    /// G's loss on a fake batch made from `fakeLabels`.
    func generatorLoss(fake: Tensor, fakeLabels: ConditionBatch) -> Tensor {
        let onFake = discriminator(fake, condition: fakeLabels.condition)
        var loss = ACGANLoss.adversarial(onFake.adversarial, real: true)
            + ACGANLoss.classification(onFake.classes, labels: fakeLabels, binaryWeighting: options.binaryTagWeighting,
                                       continuousLoss: options.continuousLoss) * options.classLossWeight
        // InfoGAN: G makes faces from which D can read the codes back.
        if fakeLabels.layout.codeCount > 0 {
            loss = loss + ACGANLoss.information(onFake.classes, labels: fakeLabels, continuousLoss: options.continuousLoss)
                * options.infoWeight
        }
        return loss
    }

    /// An extra D step (for more than one D step per G step): a fresh fake batch, D updated,
    /// G untouched.
    @discardableResult
    public func discriminatorOnlyStep(real: Tensor, realLabels: ConditionBatch, using rng: inout RandomGenerator) -> StepMetrics {
        let (z, fakeLabels) = drawFakeInputs(count: real.shape[0], using: &rng)
        let fake = withoutGradients { generator(z, fakeLabels.condition) }
        let (dLoss, metrics) = discriminatorLoss(real: real, realLabels: realLabels, fake: fake,
                                                 fakeLabels: fakeLabels, using: &rng)
        discriminatorOptimizer.update(gradients: discriminatorGradients(of: dLoss))
        return dataParallel?.averaged(metrics) ?? metrics
    }

    /// Runs one iteration with noise and fake labels drawn from `rng` (z standard normal,
    /// labels uniform, as the reference), updating both networks.
    @discardableResult
    public func run(real: Tensor, realLabels: ConditionBatch, using rng: inout RandomGenerator) -> StepMetrics {
        let (z, fakeLabels) = drawFakeInputs(count: real.shape[0], using: &rng)
        return run(real: real, realLabels: realLabels, z: z, fakeLabels: fakeLabels, using: &rng)
    }

    /// Runs one iteration with the given noise and fake labels (with `dataParallel`, this
    /// process's rows of them).
    @discardableResult
    public func run(real: Tensor, realLabels: ConditionBatch, z: Tensor, fakeLabels: ConditionBatch,
                    using rng: inout RandomGenerator) -> StepMetrics {
        let fake = generator(z, fakeLabels.condition)

        let (dLoss, metrics) = discriminatorLoss(real: real, realLabels: realLabels, fake: fake.detached(),
                                                 fakeLabels: fakeLabels, using: &rng)
        discriminatorOptimizer.update(gradients: discriminatorGradients(of: dLoss))

        let gLoss = generatorLoss(fake: fake, fakeLabels: fakeLabels)
        generatorOptimizer.update(gradients: generatorGradients(of: gLoss))
        var result = metrics
        result.generatorLoss = gLoss.item
        return dataParallel?.averaged(result) ?? result
    }
}
