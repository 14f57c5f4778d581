import Randomness
/// Everything `acgan train` can set, with the acgan64 defaults of shared/spec/acgan64.md.
/// Saved in checkpoints so that `--resume` continues with the same settings.
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// The model's shape (its condition length is set from the data's vocabulary).
    public var model = ModelConfiguration()
    /// Images per batch.
    public var batchSize = 64
    /// Adam learning rates and betas of G and D.
    public var generatorLearningRate: Float = 2e-4
    public var discriminatorLearningRate: Float = 2e-4
    public var beta1: Float = 0.5
    public var beta2: Float = 0.999
    /// Training iterations (each: `discriminatorSteps` D steps, then one G step).
    public var iterations = 10_000
    /// D steps per G step.
    public var discriminatorSteps = 1
    /// The ACGAN loss settings: class loss weight, class loss on fakes, gradient penalty.
    public var step = StepOptions()
    /// Decay of the exponential moving average of G's weights used for sampling; 0 turns it off.
    public var emaDecay: Float = 0.999
    /// Random horizontal flips of real images.
    public var horizontalFlip = true
    /// ICNR initialisation of the generator's upsampling convolutions (`Generator`).
    public var icnr = true
    /// Seed of weights, noise and data order.
    public var seed: UInt64 = 1
    /// Write a sample sheet (and redraw the loss plot) every this many iterations.
    public var sampleEvery = 500
    /// Write a checkpoint every this many iterations.
    public var checkpointEvery = 500
    /// Append averaged metrics to metrics.jsonl every this many iterations.
    public var logEvery = 10
    /// Noise vectors per row of the sample sheets.
    public var sampleColumns = 8
    /// Learned codes (InfoGAN): continuous inputs of G, uniform in [-1, 1], that D learns to
    /// read back from the image (`StepOptions.infoWeight`); the model's vocabulary lists them
    /// as code1 ... codeK after the data's continuous attributes. 0: none.
    public var infoCodes = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case model, batchSize, generatorLearningRate, discriminatorLearningRate, beta1, beta2, iterations
        case discriminatorSteps, step, emaDecay, horizontalFlip, icnr, seed, sampleEvery, checkpointEvery
        case logEvery, sampleColumns, infoCodes
    }

    /// Encodes the options; `infoCodes` only when there are codes (the options of runs without
    /// them read as before).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(generatorLearningRate, forKey: .generatorLearningRate)
        try c.encode(discriminatorLearningRate, forKey: .discriminatorLearningRate)
        try c.encode(beta1, forKey: .beta1)
        try c.encode(beta2, forKey: .beta2)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(discriminatorSteps, forKey: .discriminatorSteps)
        try c.encode(step, forKey: .step)
        try c.encode(emaDecay, forKey: .emaDecay)
        try c.encode(horizontalFlip, forKey: .horizontalFlip)
        try c.encode(icnr, forKey: .icnr)
        try c.encode(seed, forKey: .seed)
        try c.encode(sampleEvery, forKey: .sampleEvery)
        try c.encode(checkpointEvery, forKey: .checkpointEvery)
        try c.encode(logEvery, forKey: .logEvery)
        try c.encode(sampleColumns, forKey: .sampleColumns)
        if infoCodes != 0 { try c.encode(infoCodes, forKey: .infoCodes) }
    }

    /// Decodes saved options; a key that a checkpoint of an older version did not write takes
    /// the value that version had (`icnr`: false, runs before ICNR started without it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(ModelConfiguration.self, forKey: .model)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        generatorLearningRate = try c.decode(Float.self, forKey: .generatorLearningRate)
        discriminatorLearningRate = try c.decode(Float.self, forKey: .discriminatorLearningRate)
        beta1 = try c.decode(Float.self, forKey: .beta1)
        beta2 = try c.decode(Float.self, forKey: .beta2)
        iterations = try c.decode(Int.self, forKey: .iterations)
        discriminatorSteps = try c.decode(Int.self, forKey: .discriminatorSteps)
        step = try c.decode(StepOptions.self, forKey: .step)
        emaDecay = try c.decode(Float.self, forKey: .emaDecay)
        horizontalFlip = try c.decode(Bool.self, forKey: .horizontalFlip)
        icnr = try c.decodeIfPresent(Bool.self, forKey: .icnr) ?? false
        seed = try c.decode(UInt64.self, forKey: .seed)
        sampleEvery = try c.decode(Int.self, forKey: .sampleEvery)
        checkpointEvery = try c.decode(Int.self, forKey: .checkpointEvery)
        logEvery = try c.decode(Int.self, forKey: .logEvery)
        sampleColumns = try c.decode(Int.self, forKey: .sampleColumns)
        infoCodes = try c.decodeIfPresent(Int.self, forKey: .infoCodes) ?? 0
    }

    /// The most learned codes a model may have.
    public static let largestInfoCodeCount = 16

    /// The largest model sizes accepted: far beyond the reference model (z 128, widths 64 and
    /// 32, 8 blocks), and small enough that building the model cannot exhaust memory.
    public static let largestLatentSize = 4_096
    public static let largestWidth = 1_024
    public static let largestBlockCount = 64

    /// Checks the values, with messages that name the `acgan train` option.
    /// - Throws: `TrainingOptionsError` for the first value out of range.
    public func validate() throws {
        func require(_ ok: Bool, _ option: String, _ value: Any, _ requirement: String) throws {
            if !ok { throw TrainingOptionsError.invalid(option: option, value: "\(value)", requirement: requirement) }
        }
        try require([32, 64, 128].contains(model.imageSize), "--image-size", model.imageSize, "use 32, 64 or 128")
        try require((1...Self.largestLatentSize).contains(model.latentSize), "--z-size", model.latentSize,
                    "must be from 1 to \(Self.largestLatentSize)")
        try require((0...Self.largestBlockCount).contains(model.generatorBlocks), "--g-blocks", model.generatorBlocks,
                    "must be from 0 to \(Self.largestBlockCount)")
        try require((1...Self.largestWidth).contains(model.generatorWidth), "--g-width", model.generatorWidth,
                    "must be from 1 to \(Self.largestWidth)")
        try require((1...Self.largestWidth).contains(model.discriminatorWidth), "--d-width", model.discriminatorWidth,
                    "must be from 1 to \(Self.largestWidth)")
        try model.validate()
        try require(batchSize >= 2, "--batch", batchSize, "batch norm needs at least 2 images per batch")
        try require(generatorLearningRate > 0 && generatorLearningRate.isFinite, "--g-lr", generatorLearningRate,
                    "must be a positive number")
        try require(discriminatorLearningRate > 0 && discriminatorLearningRate.isFinite, "--d-lr", discriminatorLearningRate,
                    "must be a positive number")
        try require((0..<1).contains(beta1), "--beta1", beta1, "must be in [0, 1)")
        try require((0..<1).contains(beta2), "--beta2", beta2, "must be in [0, 1)")
        try require(iterations >= 1, "--iterations", iterations, "must be at least 1")
        try require(discriminatorSteps >= 1, "--d-steps", discriminatorSteps, "must be at least 1")
        try require((0..<1).contains(emaDecay), "--ema", emaDecay, "must be in [0, 1) (0 turns it off)")
        try require(sampleEvery >= 1, "--sample-every", sampleEvery, "must be at least 1")
        try require(checkpointEvery >= 1, "--checkpoint-every", checkpointEvery, "must be at least 1")
        try require(logEvery >= 1, "--log-every", logEvery, "must be at least 1")
        try require(step.classLossWeight >= 0 && step.classLossWeight.isFinite, "--class-weight", step.classLossWeight,
                    "must be a number of 0 or more")
        try require(step.penaltyWeight >= 0 && step.penaltyWeight.isFinite, "--penalty-weight", step.penaltyWeight,
                    "must be a number of 0 or more")
        try require(sampleColumns >= 1, "sample columns", sampleColumns, "must be at least 1")
        try require((0...Self.largestInfoCodeCount).contains(infoCodes), "--info-codes", infoCodes,
                    "must be from 0 to \(Self.largestInfoCodeCount)")
        try require(step.infoWeight >= 0 && step.infoWeight.isFinite, "--info-weight", step.infoWeight,
                    "must be a number of 0 or more")
    }

    /// Iterations that make about `epochs` passes over `imageCount` images: an iteration
    /// draws `discriminatorSteps` full batches (the last partial batch of an epoch is
    /// dropped), so it is epochs x (imageCount / batchSize) / discriminatorSteps, rounded
    /// down, at least 1, and `Int.max` rather than an overflow.
    public static func iterations(epochs: Int, imageCount: Int, batchSize: Int, discriminatorSteps: Int) -> Int {
        let batchesPerEpoch = max(1, imageCount / max(1, batchSize))
        let (batches, overflow) = max(0, epochs).multipliedReportingOverflow(by: batchesPerEpoch)
        return overflow ? Int.max : max(1, batches / max(1, discriminatorSteps))
    }

    /// Sets `iterations` to about `epochs` passes over `imageCount` images with this batch size
    /// and number of D steps (see `iterations(epochs:imageCount:batchSize:discriminatorSteps:)`).
    public mutating func setIterations(epochs: Int, imageCount: Int) {
        iterations = Self.iterations(epochs: epochs, imageCount: imageCount, batchSize: batchSize,
                                     discriminatorSteps: discriminatorSteps)
    }
}

/// A training option out of range, named as `acgan train` spells it.
public enum TrainingOptionsError: Error, CustomStringConvertible, Equatable {
    case invalid(option: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case let .invalid(option, value, requirement): return "\(option) \(value): \(requirement)"
        }
    }
}
