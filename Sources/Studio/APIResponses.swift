import ACGAN
import AnimeData
import Foundation

/// One face as the API reports it: what reproduces it, and its PNG in JSON mode.
public struct FaceResponse: Codable, Sendable, Equatable {
    /// Noise seed; absent for a face drawn from an explicit latent.
    public var seed: UInt64?
    /// Seed the random attributes were drawn with.
    public var attributeSeed: UInt64
    /// The attributes as tag text, e.g. "blonde hair long hair blue eyes smile".
    public var tags: String
    /// Every attribute with its drawn or chosen value: group name to value phrase, binary
    /// tag name to true/false, continuous attribute name to its value. Sending it back as
    /// `attributes` reproduces the face.
    public var attributes: [String: AttributeChoice]
    /// The face as base64 PNG (absent in the `from`/`to` of an interpolation).
    public var png: String?

    init(_ face: PlannedFace, vocabulary: TagVocabulary, png: Data?) {
        seed = face.seed
        attributeSeed = face.attributeSeed
        tags = vocabulary.text(for: face.labels)
        var attributes: [String: AttributeChoice] = [:]
        for (index, group) in vocabulary.groups.enumerated() {
            attributes[group.name] = .value(group.values[face.labels.groupIndices[index]])
        }
        for (index, tag) in vocabulary.binaryTags.enumerated() {
            attributes[tag.name] = .flag(face.labels.binaryTags[index])
        }
        for (index, attribute) in vocabulary.continuous.enumerated() {
            attributes[attribute.name] = .number(face.labels.continuous[index])
        }
        self.attributes = attributes
        self.png = png?.base64EncodedString()
    }
}

/// `POST /api/generate` in JSON mode.
public struct GenerateResponse: Codable, Sendable, Equatable {
    /// The model's name.
    public var model: String
    /// Side of each face in pixels.
    public var imageSize: Int
    /// Columns of the grid.
    public var columns: Int
    /// The faces, in grid order.
    public var faces: [FaceResponse]
    /// The grid as base64 PNG, when there is more than one face.
    public var grid: String?
}

/// One frame of an interpolation in JSON mode.
public struct FrameResponse: Codable, Sendable, Equatable {
    /// Position between the ends, 0 to 1.
    public var fraction: Double
    /// The frame as base64 PNG.
    public var png: String
}

/// `POST /api/interpolate` in JSON mode.
public struct InterpolateResponse: Codable, Sendable, Equatable {
    /// The model's name.
    public var model: String
    /// Side of each frame in pixels.
    public var imageSize: Int
    /// The first frame's face.
    public var from: FaceResponse
    /// The last frame's face.
    public var to: FaceResponse
    /// The frames, in order.
    public var frames: [FrameResponse]
    /// All frames side by side as base64 PNG.
    public var strip: String
}

/// `GET /api/model`: what the page needs to build its controls.
public struct ModelResponse: Codable, Sendable, Equatable {
    /// The model's name.
    public var name: String
    /// The live model's id in `GET /api/models` ("startup" for the model the studio started with).
    public var id: String?
    /// Side of each face in pixels.
    public var imageSize: Int
    /// Floats in one latent.
    public var latentSize: Int
    /// Floats in one condition vector.
    public var conditionLength: Int
    /// Groups with values and priors, binary tags with priors, continuous attributes with
    /// their ranges (and mirror marks and quantiles), in condition order.
    public var vocabulary: TagVocabulary
    /// The bounds requests are checked against.
    public var limits: Limits
    /// The generator file the page downloads to generate in the browser; absent when the
    /// model has none (the page then generates on the server only).
    public var weights: Weights?

    /// Where the live model's generator file is and what it is.
    public struct Weights: Codable, Sendable, Equatable {
        /// `GET` this for the file (float16 safetensors).
        public var url: String
        /// FNV-1a (64-bit) of the file's bytes, 16 hex digits; the page caches the file under it.
        public var hash: String
        /// The file's size in bytes.
        public var bytes: Int
        /// "F16".
        public var dtype: String
    }

    /// `StudioLimits` and the body limit, as numbers.
    public struct Limits: Codable, Sendable, Equatable {
        /// Smallest and largest `count`.
        public var minCount: Int, maxCount: Int
        /// Smallest and largest `steps`.
        public var minSteps: Int, maxSteps: Int
        /// Smallest and largest `truncation`.
        public var minTruncation: Double, maxTruncation: Double
        /// Largest seed.
        public var maxSeed: UInt64
        /// Largest request body in bytes.
        public var maxBodyBytes: Int
    }

    init(model: any AvatarModel, configuration: StudioConfiguration) {
        name = model.modelName
        imageSize = model.imageSize
        latentSize = model.latentSize
        conditionLength = model.vocabulary.conditionLength
        vocabulary = model.vocabulary
        limits = Limits(
            minCount: StudioLimits.count.lowerBound, maxCount: StudioLimits.count.upperBound,
            minSteps: StudioLimits.steps.lowerBound, maxSteps: StudioLimits.steps.upperBound,
            minTruncation: StudioLimits.truncation.lowerBound,
            maxTruncation: StudioLimits.truncation.upperBound,
            maxSeed: StudioLimits.maxSeed, maxBodyBytes: configuration.maxBodyBytes)
        // A model whose file cannot be made is served without it; the weights route says why.
        if let file = try? model.browserWeights() {
            weights = Weights(url: "/api/model/weights", hash: file.hash, bytes: file.bytes.count, dtype: "F16")
        }
    }
}

/// `GET /healthz`.
public struct HealthResponse: Codable, Sendable, Equatable {
    /// Always "ok" when the server answers.
    public var status: String
    /// The model's name.
    public var model: String
    /// Images waiting or being drawn.
    public var queuedImages: Int
    /// Images admitted at most.
    public var queueCapacity: Int
}
