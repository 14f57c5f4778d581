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
        }
    }

    /// The HTTP status: 400 for anything the client can fix in its request.
    public var status: HTTPResponse.Status {
        switch self {
        case .busy: .serviceUnavailable
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .generationFailed: .internalServerError
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
        }
    }
}

extension StudioError: HTTPResponseError {
    /// Extra headers: 503 says when to retry.
    public var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if case .busy = self { fields[.retryAfter] = "1" }
        return fields
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
