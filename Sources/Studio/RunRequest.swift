import ACGAN
import Foundation
import Randomness

/// `POST /api/runs`: a data set and the options of `acgan train`, named as its command-line
/// options in snake case (`--g-lr` is `g_lr`). Fields left out take `acgan train`'s defaults,
/// except that `model_size` picks a preset first (`tiny` trains in seconds, for trying the
/// studio out; `small`; `standard` is `acgan train`'s default model).
///
/// Everything is checked here, with `TrainingOptions.validate()` (the checks `acgan train`
/// makes), before a child process starts; a bad value is a 400 that names the field.
public struct RunRequest: Codable, Sendable, Equatable {
    public var dataset: String
    /// "gan" (the default: `acgan train`) or "classifier" (`acgan classifier train` on the data
    /// set's tagged images, then `acgan classifier suggest`; see `ClassifierRunOptions`).
    public var kind: String?
    /// Passes over the tagged images, for a classifier run.
    public var epochs: Int?
    public var modelSize: String?
    public var iterations: Int?
    public var seed: UInt64?
    public var imageSize: Int?
    public var zSize: Int?
    public var gBlocks: Int?
    public var gWidth: Int?
    public var dWidth: Int?
    public var spectralNorm: Bool?
    public var upsampling: String?
    /// A projection discriminator beside ACGAN's classifier (`acgan train --projection`, the
    /// default; false is `--no-projection`).
    public var projection: Bool?
    public var batch: Int?
    public var gLr: Float?
    public var dLr: Float?
    public var beta1: Float?
    public var beta2: Float?
    public var dSteps: Int?
    public var classWeight: Float?
    /// "per-tag" or "pooled" (`--binary-tags`).
    public var binaryTags: String?
    /// "gaussian" or "mse" (`--continuous-loss`).
    public var continuousLoss: String?
    /// Learned codes (`--info-codes`) and the weight of their information term (`--info-weight`).
    public var infoCodes: Int?
    public var infoWeight: Float?
    /// `--no-icnr` and `--no-class-loss-on-fake` when false.
    public var icnr: Bool?
    public var classLossOnFake: Bool?
    public var penalty: String?
    public var penaltyWeight: Float?
    public var ema: Float?
    public var flip: Bool?
    public var sampleEvery: Int?
    public var checkpointEvery: Int?
    public var logEvery: Int?
    public var threads: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dataset, kind, epochs, iterations, seed, batch, beta1, beta2, ema, flip, penalty, upsampling, threads
        case projection, icnr
        case binaryTags = "binary_tags", continuousLoss = "continuous_loss", infoCodes = "info_codes"
        case infoWeight = "info_weight", classLossOnFake = "class_loss_on_fake"
        case modelSize = "model_size", imageSize = "image_size", zSize = "z_size", gBlocks = "g_blocks"
        case gWidth = "g_width", dWidth = "d_width", spectralNorm = "spectral_norm", gLr = "g_lr", dLr = "d_lr"
        case dSteps = "d_steps", classWeight = "class_weight", penaltyWeight = "penalty_weight"
        case sampleEvery = "sample_every", checkpointEvery = "checkpoint_every", logEvery = "log_every"
    }

    /// The JSON field names, for rejecting unknown ones.
    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    /// Presets of `model_size`: image size, generator blocks and width, discriminator width.
    public static let modelSizes: [String: (imageSize: Int, gBlocks: Int, gWidth: Int, dWidth: Int)] = [
        "tiny": (32, 1, 8, 8), "small": (64, 2, 32, 16), "standard": (64, 8, 64, 32),
    ]
    /// More iterations than this from the studio is a typo (a standard run is 10,000-50,000).
    public static let largestIterations = 10_000_000
    /// The most kernel threads a run may ask for.
    public static let largestThreads = 1_024

    /// Creates a request for `dataset` with `acgan train`'s defaults.
    public init(dataset: String) { self.dataset = dataset }

    /// The training options this request means, checked as `acgan train` checks them.
    /// - Throws: `StudioError.outOfRange` naming the snake-case field.
    public func validatedOptions() throws -> TrainingOptions {
        guard try runKind == .gan else {
            throw StudioError.outOfRange(field: "kind", value: "\"\(kind ?? "")\"", allowed: "gan for acgan train's options")
        }
        if let epochs {
            throw StudioError.outOfRange(field: "epochs", value: "\(epochs)",
                                         allowed: "left out: epochs are for classifier runs; a gan run counts iterations")
        }
        var options = TrainingOptions()
        var model = ModelConfiguration(upsampling: .nearest, projection: true)
        if let modelSize {
            guard let preset = Self.modelSizes[modelSize] else {
                throw StudioError.outOfRange(field: "model_size", value: "\"\(modelSize)\"",
                                             allowed: "one of " + Self.modelSizes.keys.sorted().joined(separator: ", "))
            }
            model.imageSize = preset.imageSize
            model.generatorBlocks = preset.gBlocks
            model.generatorWidth = preset.gWidth
            model.discriminatorWidth = preset.dWidth
        }
        if let imageSize { model.imageSize = imageSize }
        if let zSize { model.latentSize = zSize }
        if let gBlocks { model.generatorBlocks = gBlocks }
        if let gWidth { model.generatorWidth = gWidth }
        if let dWidth { model.discriminatorWidth = dWidth }
        if let spectralNorm { model.spectralNorm = spectralNorm }
        if let upsampling { model.upsampling = try Self.choice(upsampling, field: "upsampling") }
        if let projection { model.projection = projection }
        options.model = model
        if let iterations {
            guard (1...Self.largestIterations).contains(iterations) else {
                throw StudioError.outOfRange(field: "iterations", value: "\(iterations)",
                                             allowed: "from 1 to \(Self.largestIterations)")
            }
            options.iterations = iterations
        }
        if let seed {
            guard seed <= StudioLimits.maxSeed else {
                throw StudioError.outOfRange(field: "seed", value: "\(seed)", allowed: "from 0 to \(StudioLimits.maxSeed)")
            }
            options.seed = seed
        }
        if let threads, !(1...Self.largestThreads).contains(threads) {
            throw StudioError.outOfRange(field: "threads", value: "\(threads)", allowed: "from 1 to \(Self.largestThreads)")
        }
        if let batch { options.batchSize = batch }
        if let gLr { options.generatorLearningRate = gLr }
        if let dLr { options.discriminatorLearningRate = dLr }
        if let beta1 { options.beta1 = beta1 }
        if let beta2 { options.beta2 = beta2 }
        if let dSteps { options.discriminatorSteps = dSteps }
        if let classWeight { options.step.classLossWeight = classWeight }
        if let binaryTags { options.step.binaryTagWeighting = try Self.choice(binaryTags, field: "binary_tags") }
        if let continuousLoss { options.step.continuousLoss = try Self.choice(continuousLoss, field: "continuous_loss") }
        if let infoCodes { options.infoCodes = infoCodes }
        if let infoWeight { options.step.infoWeight = infoWeight }
        if let icnr { options.icnr = icnr }
        if let classLossOnFake { options.step.classLossOnFake = classLossOnFake }
        if let penalty { options.step.penalty = try Self.choice(penalty, field: "penalty") }
        if let penaltyWeight { options.step.penaltyWeight = penaltyWeight }
        if let ema { options.emaDecay = ema }
        if let flip { options.horizontalFlip = flip }
        if let sampleEvery { options.sampleEvery = sampleEvery }
        if let checkpointEvery { options.checkpointEvery = checkpointEvery }
        if let logEvery { options.logEvery = logEvery }
        do {
            try options.validate()
        } catch TrainingOptionsError.invalid(let option, let value, let requirement) {
            // "--g-lr" is the request's "g_lr".
            let field = option.hasPrefix("--")
                ? String(option.dropFirst(2)).replacingOccurrences(of: "-", with: "_") : option
            throw StudioError.outOfRange(field: field, value: value, allowed: requirement)
        } catch {
            throw StudioError.outOfRange(field: "model", value: "these options", allowed: "\(error)")
        }
        return options
    }

    /// The value of an option with named choices, or a 400 naming the field and listing them.
    static func choice<Choice: RawRepresentable & CaseIterable>(_ text: String, field: String) throws -> Choice
    where Choice.RawValue == String {
        guard let value = Choice(rawValue: text) else {
            throw StudioError.outOfRange(field: field, value: "\"\(text)\"",
                                         allowed: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// The `acgan train` arguments after `--data` and `--out`, for a fresh run.
    public func trainArguments(_ options: TrainingOptions) -> [String] {
        let model = options.model
        var arguments = [
            "--iterations", "\(options.iterations)", "--seed", "\(options.seed)",
            "--image-size", "\(model.imageSize)", "--z-size", "\(model.latentSize)",
            "--g-blocks", "\(model.generatorBlocks)", "--g-width", "\(model.generatorWidth)",
            "--d-width", "\(model.discriminatorWidth)", "--upsampling", model.upsampling.rawValue,
            "--batch", "\(options.batchSize)",
            "--g-lr", "\(options.generatorLearningRate)", "--d-lr", "\(options.discriminatorLearningRate)",
            "--beta1", "\(options.beta1)", "--beta2", "\(options.beta2)", "--d-steps", "\(options.discriminatorSteps)",
            "--class-weight", "\(options.step.classLossWeight)", "--penalty", options.step.penalty.rawValue,
            "--penalty-weight", "\(options.step.penaltyWeight)", "--ema", "\(options.emaDecay)",
            "--sample-every", "\(options.sampleEvery)", "--checkpoint-every", "\(options.checkpointEvery)",
            "--log-every", "\(options.logEvery)",
            "--binary-tags", options.step.binaryTagWeighting.rawValue, "--continuous-loss", options.step.continuousLoss.rawValue,
            "--info-codes", "\(options.infoCodes)", "--info-weight", "\(options.step.infoWeight)",
        ]
        if model.spectralNorm { arguments.append("--spectral-norm") }
        arguments.append(model.projection ? "--projection" : "--no-projection")
        if !options.icnr { arguments.append("--no-icnr") }
        if !options.step.classLossOnFake { arguments.append("--no-class-loss-on-fake") }
        if !options.horizontalFlip { arguments.append("--no-flip") }
        if let threads { arguments += ["--threads", "\(threads)"] }
        return arguments
    }

    /// A rough upper bound of the bytes a run writes: the checkpoint (G and D weights, Adam's
    /// two moments of each, G's moving average), the generator, one sample sheet per
    /// `sample_every` and the metrics. The parameters are counted on the models themselves
    /// (built once here, before the run starts), so the estimate follows the architecture.
    public static func estimatedBytes(_ options: TrainingOptions) -> Int64 {
        let m = options.model
        var rng = RandomGenerator(seed: 0)
        let generator = Int64(Generator(m, using: &rng).parameterCount)
        let discriminator = Int64(Discriminator(m, using: &rng).parameterCount)
        let weights = (generator * 4 + discriminator * 3) * 4  // G, its EMA and moments; D and moments
        let sheets = Int64(options.iterations / max(options.sampleEvery, 1) + 1) * Int64(m.imageSize * m.imageSize * 64 * 3)
        return weights + generator * 4 + sheets + Int64(options.iterations / max(options.logEvery, 1) + 1) * 300
    }
}
