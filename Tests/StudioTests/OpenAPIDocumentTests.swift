import Foundation
import Hummingbird
import HummingbirdTesting
import Studio
import Testing

/// `/openapi.json` describes what the server does: the same paths and methods, the same
/// limits, examples that the server accepts, and the error codes it sends.
@Suite struct OpenAPIDocumentTests {
    func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.get("/openapi.json")
        #expect(response.status == .ok)
        return try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
    }

    func lookup(_ object: Any?, _ path: String...) -> Any? {
        path.reduce(object) { ($0 as? [String: Any])?[$1] }
    }

    @Test func isOpenAPI31WithEveryRoute() async throws {
        try await withStudio { client in
            let document = try await document(client)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(documented == ["GET /api/model", "GET /api/model/weights", "POST /api/generate", "POST /api/interpolate",
                                   "GET /healthz", "GET /openapi.json", "GET /metrics"])
            // Each documented operation exists: it never answers 404 or 405 (the test model has no
            // weights for the browser, and the weights route says so: a 404 of its own code).
            for entry in documented {
                let parts = entry.split(separator: " ")
                let response = try await client.execute(
                    uri: String(parts[1]), method: .init(String(parts[0]))!,
                    body: parts[0] == "POST" ? ByteBuffer(string: #"{"from": {}, "to": {}}"#) : nil)
                #expect((response.status != .notFound || response.errorCode == "no_browser_weights")
                        && response.status != .methodNotAllowed, "\(entry)")
            }
        }
    }

    @Test func limitsMatchTheServer() async throws {
        try await withStudio(configuration: .init(maxQueuedImages: 77, maxBodyBytes: 4321)) { client in
            let document = try await document(client)
            let schemas = lookup(document, "components", "schemas")
            let model = try JSONDecoder().decode(ModelResponse.self, from: try await client.get("/api/model").data)
            let count = lookup(schemas, "GenerateRequest", "properties", "count") as? [String: Any]
            #expect(count?["minimum"] as? Int == model.limits.minCount)
            #expect(count?["maximum"] as? Int == model.limits.maxCount)
            let steps = lookup(schemas, "InterpolateRequest", "properties", "steps") as? [String: Any]
            #expect(steps?["minimum"] as? Int == model.limits.minSteps)
            #expect(steps?["maximum"] as? Int == model.limits.maxSteps)
            let truncation = lookup(schemas, "FaceSpecification", "properties", "truncation") as? [String: Any]
            #expect(truncation?["minimum"] as? Double == model.limits.minTruncation)
            #expect(truncation?["maximum"] as? Double == model.limits.maxTruncation)
            #expect((lookup(schemas, "Seed") as? [String: Any])?["maximum"] as? UInt64 == model.limits.maxSeed)
            let badRequest = lookup(document, "components", "responses", "BadRequest", "description") as? String
            #expect(badRequest?.contains("4321 bytes") == true)
            let busy = lookup(document, "components", "responses", "Busy", "description") as? String
            #expect(busy?.contains("77 images") == true)
        }
    }

    @Test func requestSchemasListExactlyTheFieldsTheServerReads() async throws {
        try await withStudio { client in
            let schemas = lookup(try await document(client), "components", "schemas")
            func fields(_ name: String) -> Set<String> {
                Set(((lookup(schemas, name, "properties") as? [String: Any]) ?? [:]).keys)
            }
            let face: Set = ["tags", "attributes", "seed", "latent", "attributeSeed", "truncation"]
            #expect(fields("FaceSpecification") == face)
            #expect(fields("GenerateRequest") == face.union(["count", "format"]))
            #expect(fields("InterpolateRequest") == ["from", "to", "steps", "format"])
            // Each documented field is accepted; an undocumented one is refused.
            for field in fields("GenerateRequest") where field != "latent" {
                let value = ["tags": #""smile""#, "attributes": "{}", "format": #""json""#, "truncation": "1"][field] ?? "1"
                let response = try await client.post("/api/generate", json: #"{"\#(field)": \#(value)}"#)
                #expect(response.status == .ok, "\(field): \(response.errorMessage)")
            }
            #expect(try await client.post("/api/generate", json: #"{"colour": 1}"#).status == .badRequest)
        }
    }

    @Test func examplesAreAcceptedAndResponsesHaveTheDocumentedFields() async throws {
        try await withStudio { client in
            let document = try await document(client)
            for (path, schema) in [("/api/generate", "GenerateResponse"), ("/api/interpolate", "InterpolateResponse")] {
                let example = try #require(lookup(
                    document, "paths", path, "post", "requestBody", "content", "application/json", "example"))
                let body = String(decoding: try JSONSerialization.data(withJSONObject: example), as: UTF8.self)
                let response = try await client.post(path, json: body)
                #expect(response.status == .ok, "\(path): \(response.errorMessage)")
                let required = lookup(document, "components", "schemas", schema, "required") as? [String] ?? []
                #expect(!required.isEmpty)
                for field in required {
                    #expect(response.json[field] != nil, "\(path) response lacks \(field)")
                }
            }
            for (path, schema) in [("/api/model", "ModelResponse"), ("/healthz", "HealthResponse")] {
                let response = try await client.get(path)
                for field in lookup(document, "components", "schemas", schema, "required") as? [String] ?? [] {
                    #expect(response.json[field] != nil, "\(path) response lacks \(field)")
                }
            }
        }
    }

    @Test func faceSchemaFollowsTheServedModel() async throws {
        try await withStudio { client in
            let face = lookup(try await document(client), "components", "schemas", "FaceSpecification")
            let attributes = lookup(face, "properties", "attributes") as? [String: Any]
            let names = Set(((attributes?["properties"] as? [String: Any]) ?? [:]).keys)
            let vocabulary = TestAvatarModel().vocabulary
            #expect(names == Set(vocabulary.groups.map(\.name) + vocabulary.binaryTags.map(\.name)))
            #expect(attributes?["additionalProperties"] as? Bool == false)
            let hair = lookup(attributes, "properties", "hair color", "enum") as? [Any] ?? []
            #expect(hair.compactMap { $0 as? String } == vocabulary.groups[0].values + ["random"])
            let latent = lookup(face, "properties", "latent") as? [String: Any]
            #expect(latent?["minItems"] as? Int == 8 && latent?["maxItems"] as? Int == 8)
        }
    }

    /// The documented pattern for `tags` accepts exactly the texts the server parses (apart
    /// from two values of one group, which no regular expression of this size can exclude).
    @Test func tagPatternAgreesWithTheServer() async throws {
        try await withStudio { client in
            let pattern = try #require(lookup(
                try await document(client), "components", "schemas", "FaceSpecification", "properties", "tags",
                "pattern") as? String)
            let regex = try NSRegularExpression(pattern: pattern)
            let texts = ["blue hair red eyes smile", "Blue Hair, No Glasses", "", "  drill hair,open mouth ",
                         "silver hair twin tail purple eyes blush hat ribbon", "unicorn", "no blue hair",
                         "bluehair", "blue hair smile extra", "glasses glasses"]
            for text in texts {
                let matches = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                let body = String(decoding: try JSONSerialization.data(withJSONObject: ["tags": text]), as: UTF8.self)
                let status = try await client.post("/api/generate", json: body).status
                #expect(matches == (status == .ok), "\"\(text)\": pattern \(matches), server \(status)")
            }
        }
    }

    @Test func errorCodesAreDocumented() async throws {
        try await withStudio { client in
            let description = lookup(
                try await document(client), "components", "schemas", "Error", "properties", "error", "description"
            ) as? String ?? ""
            let codes = ["malformed_json", "body_too_large", "unknown_tag", "unknown_attribute", "conflicting_tags",
                         "out_of_range", "invalid_latent", "seed_and_latent", "unsupported_format", "busy",
                         "not_found", "method_not_allowed", "generation_failed", "no_browser_weights"]
            for code in codes {
                #expect(description.contains(code), "\(code) undocumented")
            }
        }
    }
}
