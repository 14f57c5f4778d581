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

    public init() {}

    /// Checks the values, with messages that name the option.
    public func validate() throws {
        try model.validate()
        func require(_ ok: Bool, _ message: String) throws {
            if !ok { throw ConfigurationError.invalid(message) }
        }
        try require(batchSize >= 2, "--batch \(batchSize): batch norm needs at least 2 images per batch")
        try require(generatorLearningRate > 0 && discriminatorLearningRate > 0, "learning rates must be positive")
        try require((0..<1).contains(beta1) && (0..<1).contains(beta2), "betas must be in [0, 1)")
        try require(iterations >= 1, "--iterations must be at least 1")
        try require(discriminatorSteps >= 1, "--d-steps must be at least 1")
        try require((0..<1).contains(emaDecay), "--ema must be in [0, 1) (0 turns it off)")
        try require(sampleEvery >= 1 && checkpointEvery >= 1 && logEvery >= 1, "--sample-every, --checkpoint-every and --log-every must be at least 1")
        try require(step.classLossWeight >= 0 && step.penaltyWeight >= 0, "loss weights must not be negative")
        try require(sampleColumns >= 1, "sample columns must be at least 1")
    }
}
