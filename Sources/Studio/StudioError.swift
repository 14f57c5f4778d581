import Foundation
import Hummingbird

/// Everything that can go wrong with a Studio request. Each case becomes a JSON response
/// `{"error": code, "message": text}` with its HTTP status, so the page can show the message
/// in place and a script can branch on the code.
public enum StudioError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The body is not JSON, or a field has the wrong type; `reason` says which.
    case malformedJSON(reason: String)
    /// The body is longer than the configured limit.
    case bodyTooLarge(limit: Int)
    /// A tag phrase or attribute value that the model's vocabulary does not know.
    case unknownTag(String, known: [String])
    /// An attribute name that is neither a group nor a binary tag of the vocabulary.
    case unknownAttribute(String, known: [String])
    /// Two values for one group, or `tags` and `attributes` given together.
    case conflictingTags(String)
    /// A field whose value is outside its allowed range.
    case outOfRange(field: String, value: String, allowed: String)
    /// A latent with the wrong number of floats, or a non-finite one.
    case invalidLatent(String)
    /// Both `seed` and `latent`.
    case seedAndLatent
    /// A `format` other than "png" or "json".
    case unsupportedFormat(String)
    /// The generation queue is full; try again shortly.
    case busy(queuedImages: Int, capacity: Int)
    /// No route for this path.
    case notFound(method: String, path: String)
    /// The path exists but not with this method.
    case methodNotAllowed(method: String, path: String, allowed: String)
    /// The model threw while drawing faces.
    case generationFailed(reason: String)
    /// A name that is a path (absolute, or with `/` or `..`) where a workspace name is expected.
    case invalidPath(field: String, path: String, reason: String)
    /// A name that resolves outside the workspace (a symbolic link out of it).
    case forbiddenPath(field: String, path: String, reason: String)
    /// The studio was started with a token and the request did not carry it.
    case unauthorized
    /// No data set, run or model of that name.
    case unknownItem(kind: String, name: String)
    /// The request is valid but not in the item's present state (cancel a finished run).
    case conflict(String)
    /// Starting the run would take the workspace past its disk quota.
    case quotaExceeded(usedBytes: Int64, neededBytes: Int64, quotaBytes: Int64)
    /// The training queue is full.
    case runQueueFull(capacity: Int)
    /// An upload that is not a usable zip of a data folder; `reason` says why.
    case invalidUpload(reason: String)
    /// An upload larger than the configured limit.
    case uploadTooLarge(limit: Int)
    /// A model file that does not load as a generator or checkpoint.
    case invalidModel(name: String, reason: String)
    /// The workspace or its registry failed (a disk error); nothing was changed.
    case workspaceFailed(reason: String)
    /// A label that cannot be written: an image not in the data set, a tag not in its
    /// vocabulary, a group without a value; `reason` names them and what is allowed.
    case invalidLabel(reason: String)
    /// A data set the studio only reads (from `--data-root`), asked to change.
    case readOnlyDataset(name: String, root: String)
    /// The live model has no generator file for the page (a model that is not an ACGAN
    /// generator, or one whose file could not be written: `reason`).
    case noBrowserWeights(model: String, reason: String)

    /// A stable machine-readable code for the JSON body.
    public var code: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .bodyTooLarge: "body_too_large"
        case .unknownTag: "unknown_tag"
        case .unknownAttribute: "unknown_attribute"
        case .conflictingTags: "conflicting_tags"
        case .outOfRange: "out_of_range"
        case .invalidLatent: "invalid_latent"
        case .seedAndLatent: "seed_and_latent"
        case .unsupportedFormat: "unsupported_format"
        case .busy: "busy"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .generationFailed: "generation_failed"
        case .invalidPath: "invalid_path"
        case .forbiddenPath: "forbidden_path"
        case .unauthorized: "unauthorized"
        case .unknownItem: "not_found"
        case .conflict: "conflict"
        case .quotaExceeded: "quota_exceeded"
        case .runQueueFull: "run_queue_full"
        case .invalidUpload: "invalid_upload"
        case .uploadTooLarge: "upload_too_large"
        case .invalidModel: "invalid_model"
        case .workspaceFailed: "workspace_failed"
        case .invalidLabel: "invalid_label"
        case .readOnlyDataset: "read_only"
        case .noBrowserWeights: "no_browser_weights"
        }
    }

    /// The HTTP status: 400 for anything the client can fix in its request.
    public var status: HTTPResponse.Status {
        switch self {
        case .busy, .runQueueFull: .serviceUnavailable
        case .notFound, .unknownItem, .noBrowserWeights: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .generationFailed, .workspaceFailed: .internalServerError
        case .forbiddenPath, .readOnlyDataset: .forbidden
        case .unauthorized: .unauthorized
        case .conflict: .conflict
        case .quotaExceeded: .init(code: 507, reasonPhrase: "Insufficient Storage")
        case .uploadTooLarge: .contentTooLarge
        default: .badRequest
        }
    }

    /// A sentence that says what is wrong and what to do instead.
    public var description: String {
        switch self {
        case .malformedJSON(let reason):
            "The request body is not valid JSON for this endpoint: \(reason). See /openapi.json."
        case .bodyTooLarge(let limit):
            "The request body is larger than \(limit) bytes; send a smaller request."
        case .unknownTag(let tag, let known):
            "Unknown tag \"\(tag)\". Known tags: \(known.joined(separator: ", "))."
        case .unknownAttribute(let name, let known):
            "Unknown attribute \"\(name)\". Known attributes: \(known.joined(separator: ", "))."
        case .conflictingTags(let reason):
            "Conflicting tags: \(reason)."
        case .outOfRange(let field, let value, let allowed):
            "\(field) is \(value), but it must be \(allowed)."
        case .invalidLatent(let reason):
            "Invalid latent: \(reason)."
        case .seedAndLatent:
            "Give either seed or latent, not both: the latent replaces the noise a seed would draw."
        case .unsupportedFormat(let format):
            "Unsupported format \"\(format)\"; use \"png\" or \"json\"."
        case .busy(let queued, let capacity):
            "The generator is busy (\(queued) of \(capacity) images queued); retry in a moment."
        case .notFound(let method, let path):
            "No such endpoint: \(method) \(path). The API is described at /openapi.json."
        case .methodNotAllowed(let method, let path, let allowed):
            "\(path) does not answer \(method); use \(allowed)."
        case .generationFailed(let reason):
            "The model failed to draw the faces: \(reason)."
        case .invalidPath(let field, let path, let reason):
            "\(field) \"\(path)\" is not accepted: \(reason)."
        case .forbiddenPath(let field, let path, let reason):
            "\(field) \"\(path)\" is outside the workspace: \(reason)."
        case .unauthorized:
            "This studio needs its token: open the page as /?token=TOKEN, or send Authorization: Bearer TOKEN."
        case .unknownItem(let kind, let name):
            "No \(kind) named \"\(name)\"; GET /api/\(kind == "data set" ? "datasets" : kind + "s") lists them."
        case .conflict(let reason):
            "\(reason)."
        case .quotaExceeded(let used, let needed, let quota):
            "The workspace uses \(Self.megabytes(used)) of its \(Self.megabytes(quota)) quota and this run needs about "
                + "\(Self.megabytes(needed)) more; delete old runs or data sets, or start the studio with a larger --disk-quota-mb."
        case .runQueueFull(let capacity):
            "\(capacity) runs are already waiting or running; wait for one to finish or cancel one."
        case .invalidUpload(let reason):
            "The upload is not a usable zip of a data folder: \(reason)."
        case .uploadTooLarge(let limit):
            "The upload is larger than \(Self.megabytes(Int64(limit))); send a smaller zip or raise --max-upload-mb."
        case .invalidModel(let name, let reason):
            "\(name) does not load as a generator: \(reason)."
        case .workspaceFailed(let reason):
            "The workspace could not be updated: \(reason)."
        case .invalidLabel(let reason):
            "Nothing was labelled: \(reason)."
        case .readOnlyDataset(let name, let root):
            "\(name) is read-only: the studio serves it from --data-root \(root) and never writes there. "
                + "Upload a zip of it to get a copy in the workspace, and label that."
        case .noBrowserWeights(let model, let reason):
            "The live model \(model) cannot run in the browser: \(reason). Faces are still made on the server (POST /api/generate)."
        }
    }
}

extension StudioError: HTTPResponseError {
    /// Extra headers: 503 says when to retry, 401 how to authenticate.
    public var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if case .busy = self { fields[.retryAfter] = "1" }
        if case .unauthorized = self { fields[.wwwAuthenticate] = "Bearer" }
        return fields
    }

    /// "12.3 MB".
    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    /// The JSON error response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: jsonBody)))
    }

    /// `{"error": code, "message": description}` as UTF-8 bytes.
    public var jsonBody: Data {
        ErrorBody.encoded(code: code, message: description)
    }
}

/// The wire form of an error response.
struct ErrorBody: Codable {
    var error: String
    var message: String

    static func encoded(code: String, message: String) -> Data {
        (try? JSONEncoder().encode(ErrorBody(error: code, message: message)))
            ?? Data(#"{"error":"internal","message":"internal error"}"#.utf8)
    }
}
