import Foundation
import Hummingbird

/// The workspace API: data sets, training runs and models (`StudioWorkspace`). Handlers
/// decode, call the workspace, and encode; path parameters are names or numbers that the
/// workspace checks, never paths.
struct WorkspaceController<Context: RequestContext>: Sendable {
    let studio: StudioWorkspace
    let configuration: StudioConfiguration

    /// Every workspace route; `{name}` marks a path parameter.
    static var routes: [(method: HTTPRequest.Method, path: String)] {
        [(.get, "/api/datasets"), (.post, "/api/datasets"), (.get, "/api/datasets/{name}/faces"),
         (.get, "/api/datasets/{name}/suggestions"), (.post, "/api/datasets/{name}/labels"),
         (.get, "/api/runs"), (.post, "/api/runs"), (.get, "/api/runs/{id}"),
         (.post, "/api/runs/{id}/cancel"), (.post, "/api/runs/{id}/resume"),
         (.get, "/api/runs/{id}/samples/{iteration}"),
         (.get, "/api/models"), (.post, "/api/models/{id}/deploy")]
    }

    func addRoutes(to router: Router<Context>) {
        router.get("/api/datasets") { _, _ in json(try await studio.datasets()) }
        router.post("/api/datasets") { request, _ in
            guard let name = request.uri.queryParameters.get("name") else {
                throw StudioError.malformedJSON(reason: "give the data set's name as ?name=NAME")
            }
            let limit = studio.configuration.maxUploadBytes
            let body: Data
            do {
                body = try await RequestBodyDecoding.collect(request, limit: limit)
            } catch StudioError.bodyTooLarge {
                throw StudioError.uploadTooLarge(limit: limit)
            }
            return json(try await studio.uploadDataset(name: name, zipData: body), status: .created)
        }
        router.get("/api/datasets/{name}/faces") { request, context in
            let name = try context.parameters.require("name")
            let tag = request.uri.queryParameters.get("tag")
            let count = try integer(request.uri.queryParameters.get("count"), field: "count") ?? 24
            return json(try await studio.datasetFaces(name: name, tag: tag, count: count))
        }
        router.get("/api/datasets/{name}/suggestions") { request, context in
            let name = try context.parameters.require("name")
            let query = request.uri.queryParameters
            let disputed = query.get("disputed")
            guard disputed == nil || disputed == "true" || disputed == "false" else {
                throw StudioError.outOfRange(field: "disputed", value: "\"\(disputed ?? "")\"", allowed: "true or false")
            }
            return json(try await studio.suggestions(
                dataset: name, offset: try integer(query.get("offset"), field: "offset") ?? 0,
                count: try integer(query.get("count"), field: "count") ?? 24, disputed: disputed == "true"))
        }
        router.post("/api/datasets/{name}/labels") { request, context in
            let name = try context.parameters.require("name")
            let body = try await RequestBodyDecoding.collect(request, limit: StudioWorkspace.maxLabelsBodyBytes)
            let decoded = try RequestBodyDecoding.decode(LabelsRequest.self, from: body, fields: LabelsRequest.fieldNames,
                                                         nestedArrays: ["labels": LabelsRequest.labelFieldNames])
            return json(try await studio.applyLabels(dataset: name, request: decoded))
        }
        router.get("/api/runs") { _, _ in json(try studio.runReports()) }
        router.post("/api/runs") { request, _ in
            let body = try await RequestBodyDecoding.collect(request, limit: configuration.maxBodyBytes)
            let decoded = try RequestBodyDecoding.decode(RunRequest.self, from: body, fields: RunRequest.fieldNames)
            return json(try await studio.startRun(decoded), status: .created)
        }
        router.get("/api/runs/{id}") { _, context in
            json(try studio.runReport(try runID(context), detailed: true))
        }
        router.post("/api/runs/{id}/cancel") { _, context in json(try await studio.cancelRun(try runID(context))) }
        router.post("/api/runs/{id}/resume") { _, context in json(try await studio.resumeRun(try runID(context))) }
        router.get("/api/runs/{id}/samples/{iteration}") { _, context in
            let iteration = try integer(context.parameters.get("iteration"), field: "iteration") ?? 0
            return APIController<Context>.png(try studio.sampleSheet(run: try runID(context), iteration: iteration), headers: [:])
        }
        router.get("/api/models") { _, _ in json(try studio.models()) }
        router.post("/api/models/{id}/deploy") { _, context in
            json(try await studio.deploy(id: try context.parameters.require("id")))
        }
    }

    func runID(_ context: Context) throws -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else {
            throw StudioError.outOfRange(field: "run id", value: "\"\(text)\"", allowed: "a run number such as 1")
        }
        return id
    }

    func integer(_ text: String?, field: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            throw StudioError.outOfRange(field: field, value: "\"\(text)\"", allowed: "a whole number")
        }
        return value
    }

    func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        var response = APIController<Context>.json(APIController<Context>.encode(value))
        response.status = status
        return response
    }
}
