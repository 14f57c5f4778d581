import ACGAN
import AnimeData
import Imaging

/// All that the Studio needs from a generative model: its vocabulary, its sizes, and faces
/// for fully specified conditions and latents.
///
/// Everything else (seeded latents, truncation, drawing random attributes from priors,
/// spherical interpolation, PNG encoding, queueing) lives in the Studio, so a model only has
/// to run its generator. The ACGAN sampler conforms to this in the `acgan` command.
public protocol AvatarModel: Sendable {
    /// The tags the model was trained on; its order lays out the condition vector.
    var vocabulary: TagVocabulary { get }
    /// Side of the square images it draws, in pixels (64 for `acgan64`).
    var imageSize: Int { get }
    /// Number of floats in one latent vector `z` (128 for `acgan64`).
    var latentSize: Int { get }
    /// A short human-readable name shown on the page and in `GET /api/model`.
    var modelName: String { get }

    /// Draws one face per (condition, latent) pair, in order.
    ///
    /// Each condition has `vocabulary.conditionLength` floats laid out as
    /// `TagVocabulary.condition(for:)` does (one-hot per group, then 0/1 per binary tag); while
    /// interpolating between two tag sets the entries are blends in [0, 1] rather than exact
    /// one-hot values. Each latent has `latentSize` floats. Both arrays have the same count
    /// (at most 50 here). Called from one generation thread at a time.
    func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage]

    /// The generator as a float16 safetensors file with the model's metadata (what
    /// `acgan export --half` writes), for the page to generate in the browser
    /// (`GET /api/model/weights`); nil for a model that has no such file. The same model must
    /// give the same bytes every time: the page caches them by their hash.
    func browserWeights() throws -> GeneratorFile?
}

extension AvatarModel {
    /// A model without a generator file cannot run in the browser.
    public func browserWeights() throws -> GeneratorFile? { nil }
}
