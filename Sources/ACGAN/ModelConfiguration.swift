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
    /// How the generator doubles its side (`GeneratorUpsampling`).
    public var upsampling: GeneratorUpsampling = .pixelShuffle
    /// Extra outputs of D's class head after the condition's columns: one log-variance per
    /// continuous attribute (learned codes included) when the regression term of the
    /// classification loss is a Gaussian negative log-likelihood (`ContinuousLoss.gaussian`),
    /// else 0.
    public var varianceOutputs: Int = 0
    /// A projection discriminator (Miyato & Koyama 2018) beside ACGAN's classifier: D's
    /// adversarial logit also gets the inner product of the condition vector with a linear map
    /// of D's features, so D judges "is this a real face with these tags", not only "a real face".
    public var projection: Bool = false

    /// The acgan64 reference model with `conditionLength` tags.
    public init(imageSize: Int = 64, latentSize: Int = 128, conditionLength: Int = 22, generatorWidth: Int = 64,
                generatorBlocks: Int = 8, discriminatorWidth: Int = 32, discriminatorMaxWidth: Int = 512,
                spectralNorm: Bool = false, upsampling: GeneratorUpsampling = .pixelShuffle, varianceOutputs: Int = 0,
                projection: Bool = false) {
        self.imageSize = imageSize
        self.latentSize = latentSize
        self.conditionLength = conditionLength
        self.generatorWidth = generatorWidth
        self.generatorBlocks = generatorBlocks
        self.discriminatorWidth = discriminatorWidth
        self.discriminatorMaxWidth = discriminatorMaxWidth
        self.spectralNorm = spectralNorm
        self.upsampling = upsampling
        self.varianceOutputs = varianceOutputs
        self.projection = projection
    }

    private enum CodingKeys: String, CodingKey {
        case imageSize, latentSize, conditionLength, generatorWidth, generatorBlocks, discriminatorWidth
        case discriminatorMaxWidth, spectralNorm, upsampling, varianceOutputs, projection
    }

    /// Writes every field, but `upsampling` only when it is not PixelShuffle, `varianceOutputs`
    /// only when there are some and `projection` only when on: files of models without them stay byte for byte what versions
    /// before the choices wrote (and read).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(imageSize, forKey: .imageSize)
        try c.encode(latentSize, forKey: .latentSize)
        try c.encode(conditionLength, forKey: .conditionLength)
        try c.encode(generatorWidth, forKey: .generatorWidth)
        try c.encode(generatorBlocks, forKey: .generatorBlocks)
        try c.encode(discriminatorWidth, forKey: .discriminatorWidth)
        try c.encode(discriminatorMaxWidth, forKey: .discriminatorMaxWidth)
        try c.encode(spectralNorm, forKey: .spectralNorm)
        if upsampling != .pixelShuffle { try c.encode(upsampling, forKey: .upsampling) }
        if varianceOutputs != 0 { try c.encode(varianceOutputs, forKey: .varianceOutputs) }
        if projection { try c.encode(projection, forKey: .projection) }
    }

    /// Decodes a saved configuration; one saved before `upsampling` existed used PixelShuffle.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        imageSize = try c.decode(Int.self, forKey: .imageSize)
        latentSize = try c.decode(Int.self, forKey: .latentSize)
        conditionLength = try c.decode(Int.self, forKey: .conditionLength)
        generatorWidth = try c.decode(Int.self, forKey: .generatorWidth)
        generatorBlocks = try c.decode(Int.self, forKey: .generatorBlocks)
        discriminatorWidth = try c.decode(Int.self, forKey: .discriminatorWidth)
        discriminatorMaxWidth = try c.decode(Int.self, forKey: .discriminatorMaxWidth)
        spectralNorm = try c.decode(Bool.self, forKey: .spectralNorm)
        upsampling = try c.decodeIfPresent(GeneratorUpsampling.self, forKey: .upsampling) ?? .pixelShuffle
        varianceOutputs = try c.decodeIfPresent(Int.self, forKey: .varianceOutputs) ?? 0
        projection = try c.decodeIfPresent(Bool.self, forKey: .projection) ?? false
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
        guard varianceOutputs >= 0 else { throw ConfigurationError.invalid("variance outputs \(varianceOutputs): must be 0 or more") }
        guard generatorBlocks >= 0 else { throw ConfigurationError.invalid("generator blocks \(generatorBlocks): must be 0 or more") }
    }
}

/// How each upsampling stage of the generator doubles the side.
public enum GeneratorUpsampling: String, Codable, Sendable, CaseIterable {
    /// `Conv3x3(C -> 4C) -> PixelShuffle(2)` (sub-pixel convolution, acgan64's): each of the
    /// four sub-pixels of an output pixel has its own filter, and where the four drift apart
    /// the image carries a period-2 checkerboard.
    case pixelShuffle = "pixel-shuffle"
    /// Resize-convolution (Odena, Dumoulin, Olah 2016, "Deconvolution and checkerboard
    /// artifacts"): nearest-neighbour x2, then `Conv3x3(C -> C)`. Every output pixel is made by
    /// the same filter, so no sub-pixel pattern comes from the layer itself; the same
    /// multiply-adds as the sub-pixel convolution (a quarter of the filters on four times the
    /// pixels).
    case nearest
}

/// A configuration that cannot build a model.
public enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self { case .invalid(let what): return "invalid model configuration: \(what)" }
    }
}
