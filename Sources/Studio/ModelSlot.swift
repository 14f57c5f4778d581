import ACGAN
import AnimeData
import Foundation
import Imaging
import Synchronization

/// The model the studio draws with, and where it came from.
public struct LiveModel: Sendable {
    /// The model.
    public var model: any AvatarModel
    /// Its id in `GET /api/models` ("startup" for the model given when the studio started).
    public var id: String
    /// Its file, when it has one.
    public var path: String?

    /// Creates a description of a live model.
    public init(model: any AvatarModel, id: String, path: String?) {
        self.model = model
        self.id = id
        self.path = path
    }
}

/// Holds the live model and swaps it atomically (`POST /api/models/{id}/deploy`).
///
/// Swapping is safe with generation in flight: a request reads the model once, plans and
/// draws with that value, and the old model lives until the last job holding it ends.
public final class ModelSlot: Sendable {
    private let state: Mutex<LiveModel>

    /// Creates a slot holding `live`.
    public init(_ live: LiveModel) { state = Mutex(live) }

    /// The live model now.
    public var live: LiveModel { state.withLock { $0 } }

    /// Makes `new` the live model and returns the one it replaces.
    @discardableResult
    public func swap(to new: LiveModel) -> LiveModel {
        state.withLock { current in
            let previous = current
            current = new
            return previous
        }
    }
}

/// A model under another name: a deployed run's generator is "run-3 (synth)" on the page and
/// in `GET /api/model`, not the name of its file.
struct RenamedModel: AvatarModel {
    let base: any AvatarModel
    let modelName: String

    var vocabulary: TagVocabulary { base.vocabulary }
    var imageSize: Int { base.imageSize }
    var latentSize: Int { base.latentSize }

    func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        try base.generate(conditions: conditions, latents: latents)
    }

    func browserWeights() throws -> GeneratorFile? { try base.browserWeights() }
}
