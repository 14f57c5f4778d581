import ACGAN
import AnimeData
import Foundation
import Imaging

/// Turns validated requests into PNGs: plans each face (conditions, latents, seeds), runs the
/// model on the bounded queue, checks what it returns, and encodes the images.
///
/// Route handlers only decode and encode; everything a request means happens here, so it is
/// testable without HTTP.
public struct StudioEngine: Sendable {
    /// The live model, which a deployment can replace while the studio runs.
    public let slot: ModelSlot
    /// The bounded queue every model call goes through.
    public let queue: GenerationQueue

    /// The model that draws the faces now. A request reads it once and plans and draws with
    /// that one, so a deployment midway never mixes two models' vocabularies.
    public var model: any AvatarModel { slot.live.model }

    /// Creates an engine around `model`, admitting `maxQueuedImages` images at once and
    /// counting its jobs in `metrics`.
    public init(model: any AvatarModel, maxQueuedImages: Int, metrics: StudioMetrics? = nil) {
        self.init(slot: ModelSlot(LiveModel(model: model, id: "startup", path: nil)),
                  maxQueuedImages: maxQueuedImages, metrics: metrics)
    }

    /// Creates an engine that draws with whatever model `slot` holds.
    public init(slot: ModelSlot, maxQueuedImages: Int, metrics: StudioMetrics? = nil) {
        self.slot = slot
        self.queue = GenerationQueue(capacity: maxQueuedImages, metrics: metrics)
    }

    /// Checks a generate request and plans its faces; throws `StudioError` for bad input.
    public func plan(_ request: GenerateRequest) throws -> [PlannedFace] {
        try plan(request, model: model)
    }

    /// Plans a generate request's faces for `model` (the one the request will be drawn with).
    public func plan(_ request: GenerateRequest, model: any AvatarModel) throws -> [PlannedFace] {
        let count = request.count ?? 1
        guard StudioLimits.count.contains(count) else {
            throw StudioError.outOfRange(
                field: "count", value: "\(count)",
                allowed: "from \(StudioLimits.count.lowerBound) to \(StudioLimits.count.upperBound)")
        }
        var randomSource = SystemRandomNumberGenerator()
        let plan = try FacePlan(
            request.face, vocabulary: model.vocabulary, latentSize: model.latentSize,
            randomSource: &randomSource)
        return (0..<count).map {
            plan.face(at: $0, vocabulary: model.vocabulary, latentSize: model.latentSize)
        }
    }

    /// Draws planned faces: each face as PNG and, for more than one, the grid as PNG.
    public func generate(_ faces: [PlannedFace]) async throws -> GeneratedSheet {
        try await generate(faces, model: model)
    }

    /// Draws faces planned for `model` with that model, even if another was deployed since.
    public func generate(_ faces: [PlannedFace], model: any AvatarModel) async throws -> GeneratedSheet {
        let columns = FaceSheet.columns(forCount: faces.count)
        return try await queue.run(cost: faces.count) {
            let images = try Self.draw(model: model, conditions: faces.map(\.condition), latents: faces.map(\.latent))
            let pngs = try images.map { try $0.pngData() }
            let grid = faces.count > 1 ? try FaceSheet.tile(images, columns: columns).pngData() : nil
            return GeneratedSheet(faces: faces, facePNGs: pngs, columns: columns, sheetPNG: grid)
        }
    }

    /// Checks an interpolate request and plans its frames: latents on the great circle between
    /// the two ends (spherical interpolation), conditions on the straight line.
    public func plan(_ request: InterpolateRequest) throws -> InterpolationPlan {
        try plan(request, model: model)
    }

    /// Plans an interpolation for `model`.
    public func plan(_ request: InterpolateRequest, model: any AvatarModel) throws -> InterpolationPlan {
        let steps = request.steps ?? 8
        guard StudioLimits.steps.contains(steps) else {
            throw StudioError.outOfRange(
                field: "steps", value: "\(steps)",
                allowed: "from \(StudioLimits.steps.lowerBound) to \(StudioLimits.steps.upperBound)")
        }
        var randomSource = SystemRandomNumberGenerator()
        let vocabulary = model.vocabulary, latentSize = model.latentSize
        let start = try FacePlan(request.from, vocabulary: vocabulary, latentSize: latentSize,
                                 field: "from.", randomSource: &randomSource)
            .face(at: 0, vocabulary: vocabulary, latentSize: latentSize)
        let end = try FacePlan(request.to, vocabulary: vocabulary, latentSize: latentSize,
                               field: "to.", randomSource: &randomSource)
            .face(at: 0, vocabulary: vocabulary, latentSize: latentSize)
        let fractions = (0..<steps).map { Double($0) / Double(steps - 1) }
        return InterpolationPlan(
            from: start, to: end, fractions: fractions,
            conditions: fractions.map { LatentNoise.lerp(from: start.condition, to: end.condition, fraction: $0) },
            latents: fractions.map { LatentNoise.slerp(from: start.latent, to: end.latent, fraction: $0) })
    }

    /// Draws the frames of an interpolation: each as PNG, and the strip as PNG.
    public func interpolate(_ plan: InterpolationPlan) async throws -> InterpolatedStrip {
        try await interpolate(plan, model: model)
    }

    /// Draws an interpolation planned for `model` with that model.
    public func interpolate(_ plan: InterpolationPlan, model: any AvatarModel) async throws -> InterpolatedStrip {
        return try await queue.run(cost: plan.fractions.count, kind: "interpolate") {
            let images = try Self.draw(model: model, conditions: plan.conditions, latents: plan.latents)
            let pngs = try images.map { try $0.pngData() }
            let strip = try FaceSheet.tile(images, columns: images.count).pngData()
            return InterpolatedStrip(plan: plan, framePNGs: pngs, stripPNG: strip)
        }
    }

    /// Runs the model and checks that it kept its promises (count and size), so a faulty
    /// model is a 500 with a message rather than a crash in the grid code.
    static func draw(model: any AvatarModel, conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        let images: [RGBImage]
        do {
            images = try model.generate(conditions: conditions, latents: latents)
        } catch {
            throw StudioError.generationFailed(reason: "\(error)")
        }
        guard images.count == latents.count else {
            throw StudioError.generationFailed(
                reason: "the model returned \(images.count) images for \(latents.count) latents")
        }
        for image in images where image.width != model.imageSize || image.height != model.imageSize {
            throw StudioError.generationFailed(
                reason: "the model returned a \(image.width)x\(image.height) image; it declares \(model.imageSize)")
        }
        return images
    }
}

/// Faces drawn for one generate request.
public struct GeneratedSheet: Sendable {
    /// The planned faces, in order.
    public var faces: [PlannedFace]
    /// One PNG per face.
    public var facePNGs: [Data]
    /// Columns of the grid.
    public var columns: Int
    /// The grid as PNG when there is more than one face.
    public var sheetPNG: Data?
}

/// The frames of an interpolation, before drawing.
public struct InterpolationPlan: Sendable {
    /// The first frame's face.
    public var from: PlannedFace
    /// The last frame's face.
    public var to: PlannedFace
    /// Position of each frame between the ends, 0 to 1.
    public var fractions: [Double]
    /// Condition vector of each frame.
    public var conditions: [[Float]]
    /// Latent of each frame.
    public var latents: [[Float]]
}

/// The frames of an interpolation, drawn.
public struct InterpolatedStrip: Sendable {
    /// What was drawn.
    public var plan: InterpolationPlan
    /// One PNG per frame.
    public var framePNGs: [Data]
    /// All frames side by side as one PNG.
    public var stripPNG: Data
}
