import Foundation
import Hummingbird

/// Reads and decodes JSON request bodies with errors a person can act on.
enum RequestBodyDecoding {
    /// Collects at most `limit` bytes of the body; a longer body is `StudioError.bodyTooLarge`.
    /// A `Content-Length` over the limit is refused before reading anything.
    static func collect(_ request: Request, limit: Int) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw StudioError.bodyTooLarge(limit: limit)
        }
        var collected = Data()
        for try await chunk in request.body {
            guard collected.count + chunk.readableBytes <= limit else {
                throw StudioError.bodyTooLarge(limit: limit)
            }
            collected.append(contentsOf: chunk.readableBytesView)
        }
        return collected
    }

    /// Decodes a JSON object into `T`, first rejecting fields that `T` does not read (at the
    /// top level, inside the objects named in `nested`, and inside each object of the arrays
    /// named in `nestedArrays`), so a typo such as "seeds" is an
    /// error instead of being silently ignored. An empty body reads as `{}`.
    static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, fields: Set<String>, nested: [String: Set<String>] = [:],
        nestedArrays: [String: Set<String>] = [:]
    ) throws -> T {
        let body = data.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            ? Data("{}".utf8) : data
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: body)
        } catch {
            throw StudioError.malformedJSON(reason: "the body does not parse as JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw StudioError.malformedJSON(reason: "the body must be a JSON object {...}")
        }
        try checkFields(of: dictionary, allowed: fields, path: "")
        for (name, allowed) in nested {
            guard let value = dictionary[name] else { continue }
            guard let inner = value as? [String: Any] else {
                throw StudioError.malformedJSON(reason: "\(name) must be an object {...}")
            }
            try checkFields(of: inner, allowed: allowed, path: "\(name).")
        }
        for (name, allowed) in nestedArrays {
            guard let value = dictionary[name], !(value is NSNull) else { continue }
            guard let items = value as? [Any] else {
                throw StudioError.malformedJSON(reason: "\(name) must be an array [...]")
            }
            for (index, item) in items.enumerated() {
                guard let inner = item as? [String: Any] else {
                    throw StudioError.malformedJSON(reason: "\(name)[\(index)] must be an object {...}")
                }
                try checkFields(of: inner, allowed: allowed, path: "\(name)[\(index)].")
            }
        }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw StudioError.malformedJSON(reason: describe(error))
        }
    }

    /// Unknown fields and fields set to null are errors: a null would silently mean "use the
    /// default", which the OpenAPI document does not allow (leave the field out instead).
    private static func checkFields(of object: [String: Any], allowed: Set<String>, path: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw StudioError.malformedJSON(
                reason: "unknown field \"\(path)\(unknown)\"; known fields: "
                    + allowed.sorted().joined(separator: ", "))
        }
        if let null = object.keys.sorted().first(where: { object[$0] is NSNull }) {
            throw StudioError.malformedJSON(
                reason: "\(path)\(null) is null; leave the field out to use its default")
        }
    }

    /// "count: expected Int" rather than Foundation's long debug text.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the body" : names.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(readableName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(readableName(type)), found null"
        case .keyNotFound(let key, let context):
            let prefix = context.codingPath.isEmpty ? "" : path(context) + "."
            return "missing field \"\(prefix)\(key.stringValue)\""
        case .dataCorrupted(let context):
            let detail = context.debugDescription.hasSuffix(".")
                ? String(context.debugDescription.dropLast()) : context.debugDescription
            return "\(path(context)): \(detail)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func readableName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is AttributeChoice.Type: "a value phrase, true, false, a number or null"
        default: "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
