/// The shape of an ACGAN model: everything needed to build its generator and discriminator.
/// Saved in checkpoints as JSON, so a checkpoint rebuilds the model it was trained with.
/// The defaults are the `acgan64` reference model (shared/spec/acgan64.md).
public struct ModelConfiguration: Codable, Sendable, Equatable {
    /// Output side in pixels: 32, 64 or 128 (one PixelShuffle stage per doubling of 16).
    public var imageSize: Int = 64
    /// Length of the noise vector z.
    public var latentSize: Int = 128
    /// Length of the condition vector c (one-hot groups, then binary tags).
    public var conditionLength: Int = 22
    /// Channels of the generator's trunk.
    public var generatorWidth: Int = 64
    /// Residual blocks in the generator.
    public var generatorBlocks: Int = 8
    /// Channels of the discriminator's first stage; each further stage doubles them.
    public var discriminatorWidth: Int = 32
    /// The most channels a discriminator stage has (stages double up to it).
    public var discriminatorMaxWidth: Int = 512
    /// Spectral normalisation of every discriminator weight.
    public var spectralNorm: Bool = false

    /// The acgan64 reference model with `conditionLength` tags.
    public init(imageSize: Int = 64, latentSize: Int = 128, conditionLength: Int = 22, generatorWidth: Int = 64,
                generatorBlocks: Int = 8, discriminatorWidth: Int = 32, discriminatorMaxWidth: Int = 512,
                spectralNorm: Bool = false) {
        self.imageSize = imageSize
        self.latentSize = latentSize
        self.conditionLength = conditionLength
        self.generatorWidth = generatorWidth
        self.generatorBlocks = generatorBlocks
        self.discriminatorWidth = discriminatorWidth
        self.discriminatorMaxWidth = discriminatorMaxWidth
        self.spectralNorm = spectralNorm
    }

    /// The generator starts at 16x16.
    public static let baseSize = 16

    /// The upsampling stages of the generator: log2(imageSize / 16).
    public var upsamplingStages: Int {
        var stages = 0, size = ModelConfiguration.baseSize
        while size < imageSize { size *= 2; stages += 1 }
        return stages
    }

    /// The discriminator's stages (each halves the side), down to 4x4.
    public var discriminatorStages: Int {
        var stages = 0, size = imageSize
        while size > 4 { size /= 2; stages += 1 }
        return stages
    }

    /// The channels of each discriminator stage.
    public var discriminatorChannels: [Int] {
        (0..<discriminatorStages).map { min(discriminatorWidth << $0, max(discriminatorMaxWidth, discriminatorWidth)) }
    }

    /// Checks the values, with a message that says what is allowed.
    public func validate() throws {
        guard [32, 64, 128].contains(imageSize) else {
            throw ConfigurationError.invalid("image size \(imageSize): use 32, 64 or 128")
        }
        for (name, value) in [("latent size", latentSize), ("condition length", conditionLength),
                              ("generator width", generatorWidth), ("discriminator width", discriminatorWidth)]
            where value < 1 {
            throw ConfigurationError.invalid("\(name) \(value): must be at least 1")
        }
        guard generatorBlocks >= 0 else { throw ConfigurationError.invalid("generator blocks \(generatorBlocks): must be 0 or more") }
    }
}

/// A configuration that cannot build a model.
public enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self { case .invalid(let what): return "invalid model configuration: \(what)" }
    }
}
