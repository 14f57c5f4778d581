import ACGAN
import Foundation
public import HTTPTypes
import Hummingbird

/// The JSON/PNG API: `GET /api/model`, `POST /api/generate`, `POST /api/interpolate`,
/// `GET /healthz`, `GET /openapi.json` and `GET /metrics` (Prometheus' text format). Handlers
/// decode, call the engine, and encode; they hold no model logic.
struct APIController<Context: RequestContext>: Sendable {
    let engine: StudioEngine
    let configuration: StudioConfiguration
    let metrics: StudioMetrics

    /// Every API route with its method, in the order the OpenAPI document lists them.
    static var routes: [(method: HTTPRequest.Method, path: String)] {
        [(.get, "/api/model"), (.get, "/api/model/weights"), (.post, "/api/generate"), (.post, "/api/interpolate"),
         (.get, "/healthz"), (.get, "/openapi.json"), (.get, "/metrics")]
    }

    func addRoutes(to router: Router<Context>) {
        // Both documents follow the live model, which a deployment can change.
        router.get("/api/model") { _, _ in
            let live = engine.slot.live
            var response = ModelResponse(model: live.model, configuration: configuration)
            response.id = live.id
            return Self.json(Self.encode(response))
        }
        router.get("/api/model/weights") { request, _ in try weights(request) }
        router.get("/openapi.json") { _, _ in
            Self.json(Data(OpenAPIDocument.json(model: engine.model, configuration: configuration).utf8))
        }
        router.get("/healthz") { _, _ in
            Self.json(Self.encode(HealthResponse(
                status: "ok", model: engine.model.modelName,
                queuedImages: engine.queue.queuedImages, queueCapacity: engine.queue.capacity)))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.exposition(queue: engine.queue))))
        }
        router.post("/api/generate") { request, _ in try await generate(request) }
        router.post("/api/interpolate") { request, _ in try await interpolate(request) }
    }

    /// The live model's generator as float16 safetensors (`AvatarModel.browserWeights`), with
    /// its hash as a strong ETag, so that a page that has it gets a 304 and a newly deployed
    /// model a new file. Made once per model, then served from memory.
    func weights(_ request: Request) throws -> Response {
        let live = engine.slot.live
        let file: GeneratorFile?
        do { file = try live.model.browserWeights() } catch {
            throw StudioError.noBrowserWeights(model: live.model.modelName, reason: "its file could not be made (\(error))")
        }
        guard let file else {
            throw StudioError.noBrowserWeights(model: live.model.modelName, reason: "it is not an ACGAN generator")
        }
        let etag = "\"\(file.hash)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "no-cache", Self.modelHashHeader: file.hash]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == etag
        }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/octet-stream"
        headers[.contentDisposition] = "attachment; filename=\"\(live.model.modelName)-f16.safetensors\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    func generate(_ request: Request) async throws -> Response {
        let body = try await RequestBodyDecoding.collect(request, limit: configuration.maxBodyBytes)
        let decoded = try RequestBodyDecoding.decode(
            GenerateRequest.self, from: body, fields: GenerateRequest.fieldNames)
        let asJSON = try Self.wantsJSON(format: decoded.format, request: request)
        let model = engine.model
        let faces = try engine.plan(decoded, model: model)
        let sheet = try await engine.generate(faces, model: model)
        let vocabulary = model.vocabulary
        if asJSON {
            return Self.json(Self.encode(GenerateResponse(
                model: model.modelName, imageSize: model.imageSize,
                columns: sheet.columns,
                faces: zip(sheet.faces, sheet.facePNGs).map {
                    FaceResponse($0, vocabulary: vocabulary, png: $1)
                },
                grid: sheet.sheetPNG?.base64EncodedString())))
        }
        let first = FaceResponse(sheet.faces[0], vocabulary: vocabulary, png: nil)
        var headers: HTTPFields = [Self.attributeSeedHeader: String(first.attributeSeed)]
        if let seed = first.seed { headers[Self.seedHeader] = String(seed) }
        if sheet.faces.count == 1 { headers[Self.tagsHeader] = first.tags }
        return Self.png(sheet.sheetPNG ?? sheet.facePNGs[0], headers: headers)
    }

    func interpolate(_ request: Request) async throws -> Response {
        let body = try await RequestBodyDecoding.collect(request, limit: configuration.maxBodyBytes)
        let decoded = try RequestBodyDecoding.decode(
            InterpolateRequest.self, from: body, fields: InterpolateRequest.fieldNames,
            nested: ["from": FaceSpecification.fieldNames, "to": FaceSpecification.fieldNames])
        let asJSON = try Self.wantsJSON(format: decoded.format, request: request)
        let model = engine.model
        let plan = try engine.plan(decoded, model: model)
        let strip = try await engine.interpolate(plan, model: model)
        if asJSON {
            let vocabulary = model.vocabulary
            return Self.json(Self.encode(InterpolateResponse(
                model: model.modelName, imageSize: model.imageSize,
                from: FaceResponse(plan.from, vocabulary: vocabulary, png: nil),
                to: FaceResponse(plan.to, vocabulary: vocabulary, png: nil),
                frames: zip(plan.fractions, strip.framePNGs).map {
                    FrameResponse(fraction: $0, png: $1.base64EncodedString())
                },
                strip: strip.stripPNG.base64EncodedString())))
        }
        return Self.png(strip.stripPNG, headers: [:])
    }

    static var seedHeader: HTTPField.Name { StudioHeaders.seed }
    static var attributeSeedHeader: HTTPField.Name { StudioHeaders.attributeSeed }
    static var tagsHeader: HTTPField.Name { StudioHeaders.tags }
    static var modelHashHeader: HTTPField.Name { StudioHeaders.modelHash }

    /// JSON when the body says `"format": "json"`, or says nothing and the client accepts
    /// JSON but not PNG; PNG otherwise.
    static func wantsJSON(format: String?, request: Request) throws -> Bool {
        switch format?.lowercased() {
        case "json": return true
        case "png": return false
        case nil:
            let accept = request.headers[.accept]?.lowercased() ?? ""
            return accept.contains("application/json") && !accept.contains("image/png")
        case .some:
            throw StudioError.unsupportedFormat(format ?? "")
        }
    }

    static func encode<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail; an empty object keeps the response valid.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    static func json(_ data: Data) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func png(_ data: Data, headers extra: HTTPFields) -> Response {
        var headers: HTTPFields = [.contentType: "image/png", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The Studio's own response headers.
public enum StudioHeaders {
    /// Noise seed of the first face of a PNG response.
    public static let seed = HTTPField.Name("X-Seed")!
    /// Attribute seed of the first face of a PNG response.
    public static let attributeSeed = HTTPField.Name("X-Attribute-Seed")!
    /// Tags of the face of a single-face PNG response.
    public static let tags = HTTPField.Name("X-Tags")!
    /// Hash of the generator file of `GET /api/model/weights` (as in `GET /api/model`).
    public static let modelHash = HTTPField.Name("X-Model-Hash")!
}
