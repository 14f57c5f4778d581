/// What one face is made of, as a request gives it: tags or attributes (missing ones are
/// random), noise as a seed or an explicit latent, a seed for the random attributes, and a
/// truncation threshold.
///
/// Numbers that must be integers (seeds) are read as `Double` and checked afterwards, so a
/// negative or fractional seed gets a "seed is -1, but it must be ..." message instead of a
/// decoder's type error.
public struct FaceSpecification: Codable, Sendable, Equatable {
    /// Tag text such as "blue hair red eyes smile no glasses"; phrases from the vocabulary.
    public var tags: String?
    /// Attribute name to choice, e.g. `{"hair color": "blue hair", "glasses": false}`.
    public var attributes: [String: AttributeChoice]?
    /// Noise seed in 0..<2^53; random when both this and `latent` are absent.
    public var seed: Double?
    /// An explicit latent of `latentSize` numbers, instead of a seed. Read as `Double` so a
    /// number beyond `Float`'s range is an "invalid latent" rather than a decoder error.
    public var latent: [Double]?
    /// Seed for the attributes left random; random when absent.
    public var attributeSeed: Double?
    /// Truncation threshold for seeded noise (ignored with an explicit latent).
    public var truncation: Double?

    /// The JSON field names this type reads; others are rejected so a typo is not ignored.
    static let fieldNames: Set<String> = [
        "tags", "attributes", "seed", "latent", "attributeSeed", "truncation",
    ]

    /// Creates a specification; everything left out is random.
    public init(
        tags: String? = nil, attributes: [String: AttributeChoice]? = nil, seed: Double? = nil,
        latent: [Double]? = nil, attributeSeed: Double? = nil, truncation: Double? = nil
    ) {
        self.tags = tags
        self.attributes = attributes
        self.seed = seed
        self.latent = latent
        self.attributeSeed = attributeSeed
        self.truncation = truncation
    }
}

/// The body of `POST /api/generate`: one face specification (for face `i` of a grid the
/// seeds advance by `i`), a count, and the response format.
public struct GenerateRequest: Codable, Sendable, Equatable {
    /// The face; for a grid, face `i` uses `seed + i` and `attributeSeed + i`.
    public var face: FaceSpecification
    /// Number of faces, 1-25; more than one gives a grid.
    public var count: Int?
    /// "png" (default: one image, a grid for count > 1) or "json" (each face as base64 PNG
    /// with its seeds and attributes).
    public var format: String?

    /// The JSON field names this type reads.
    static let fieldNames = FaceSpecification.fieldNames.union(["count", "format"])

    /// Creates a request.
    public init(face: FaceSpecification = .init(), count: Int? = nil, format: String? = nil) {
        self.face = face
        self.count = count
        self.format = format
    }

    private enum CodingKeys: String, CodingKey { case count, format }

    /// Reads the face fields from the same flat object as `count` and `format`.
    public init(from decoder: any Decoder) throws {
        face = try FaceSpecification(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decodeIfPresent(Int.self, forKey: .count)
        format = try container.decodeIfPresent(String.self, forKey: .format)
    }

    /// Writes one flat object.
    public func encode(to encoder: any Encoder) throws {
        try face.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encodeIfPresent(format, forKey: .format)
    }
}

/// The body of `POST /api/interpolate`: two faces and the number of frames between them.
public struct InterpolateRequest: Codable, Sendable, Equatable {
    /// The first frame.
    public var from: FaceSpecification
    /// The last frame.
    public var to: FaceSpecification
    /// Frames including both ends, 3-50.
    public var steps: Int?
    /// "png" (default: one strip image) or "json" (each frame as base64 PNG, and the strip).
    public var format: String?

    /// The JSON field names this type reads at the top level.
    static let fieldNames: Set<String> = ["from", "to", "steps", "format"]

    /// Creates a request.
    public init(from: FaceSpecification, to: FaceSpecification, steps: Int? = nil, format: String? = nil) {
        self.from = from
        self.to = to
        self.steps = steps
        self.format = format
    }
}
