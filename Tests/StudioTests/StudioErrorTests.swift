import Foundation
import Hummingbird
import HummingbirdTesting
import Studio
import Testing

/// Every bad request gets its status and a JSON error that says what is wrong.
@Suite struct StudioErrorTests {
    @Test func malformedJSON() async throws {
        try await withStudio { client in
            let notJSON = try await client.post("/api/generate", json: "{not json")
            expectError(notJSON, status: .badRequest, code: "malformed_json")
            let array = try await client.post("/api/generate", json: "[1, 2]")
            expectError(array, status: .badRequest, code: "malformed_json")
            #expect(array.errorMessage.contains("JSON object"))
            let wrongType = try await client.post("/api/generate", json: #"{"count": "three"}"#)
            expectError(wrongType, status: .badRequest, code: "malformed_json")
            #expect(wrongType.errorMessage.contains("count: expected an integer"))
            let typo = try await client.post("/api/generate", json: #"{"seeds": 4}"#)
            expectError(typo, status: .badRequest, code: "malformed_json")
            #expect(typo.errorMessage.contains("\"seeds\""))
            let nestedTypo = try await client.post(
                "/api/interpolate", json: #"{"from": {"sead": 1}, "to": {}}"#)
            expectError(nestedTypo, status: .badRequest, code: "malformed_json")
            #expect(nestedTypo.errorMessage.contains("from.sead"))
            let missingEnd = try await client.post("/api/interpolate", json: #"{"from": {}}"#)
            expectError(missingEnd, status: .badRequest, code: "malformed_json")
            #expect(missingEnd.errorMessage.contains("\"to\""))
            let null = try await client.post("/api/generate", json: #"{"format": null}"#)
            expectError(null, status: .badRequest, code: "malformed_json")
            #expect(null.errorMessage.contains("format is null"))
            let flagForGroup = try await client.post(
                "/api/generate", json: #"{"attributes": {"hair color": true}}"#)
            expectError(flagForGroup, status: .badRequest, code: "malformed_json")
            let textForTag = try await client.post(
                "/api/generate", json: #"{"attributes": {"glasses": "yes"}}"#)
            expectError(textForTag, status: .badRequest, code: "malformed_json")
        }
    }

    @Test func bodyTooLarge() async throws {
        try await withStudio(configuration: .init(maxBodyBytes: 1000)) { client in
            let padding = String(repeating: " ", count: 1200)
            let large = try await client.post("/api/generate", json: "{\(padding)}")
            expectError(large, status: .badRequest, code: "body_too_large")
            #expect(large.errorMessage.contains("1000 bytes"))
            // A declared length over the limit is refused before reading (no body is sent:
            // the test client would replace the header with the real length).
            let declared = try await client.execute(
                uri: "/api/interpolate", method: .post, headers: [.contentLength: "5000"])
            expectError(declared, status: .badRequest, code: "body_too_large")
        }
    }

    @Test func unknownTagListsTheKnownOnes() async throws {
        try await withStudio { client in
            let response = try await client.post("/api/generate", json: #"{"tags": "blue hair unicorn horn"}"#)
            expectError(response, status: .badRequest, code: "unknown_tag")
            #expect(response.errorMessage.contains("\"unicorn\""))
            #expect(response.errorMessage.contains("blonde hair") && response.errorMessage.contains("glasses"))
            let value = try await client.post(
                "/api/interpolate", json: #"{"from": {"attributes": {"hair color": "rainbow hair"}}, "to": {}}"#)
            expectError(value, status: .badRequest, code: "unknown_tag")
            #expect(value.errorMessage.contains("silver hair"))
        }
    }

    @Test func unknownAttribute() async throws {
        try await withStudio { client in
            let response = try await client.post("/api/generate", json: #"{"attributes": {"wings": true}}"#)
            expectError(response, status: .badRequest, code: "unknown_attribute")
            #expect(response.errorMessage.contains("hair color") && response.errorMessage.contains("open mouth"))
        }
    }

    @Test func conflictingTags() async throws {
        try await withStudio { client in
            let twoHairs = try await client.post("/api/generate", json: #"{"tags": "blue hair red hair"}"#)
            expectError(twoHairs, status: .badRequest, code: "conflicting_tags")
            let both = try await client.post(
                "/api/generate", json: #"{"tags": "blue hair", "attributes": {"smile": true}}"#)
            expectError(both, status: .badRequest, code: "conflicting_tags")
        }
    }

    @Test func valuesOutOfRange() async throws {
        let cases: [(path: String, body: String, field: String)] = [
            ("/api/generate", #"{"count": 0}"#, "count"),
            ("/api/generate", #"{"count": 26}"#, "count"),
            ("/api/generate", #"{"truncation": 0.05}"#, "truncation"),
            ("/api/generate", #"{"truncation": 4.5}"#, "truncation"),
            ("/api/generate", #"{"seed": -1}"#, "seed"),
            ("/api/generate", #"{"seed": 1.5}"#, "seed"),
            ("/api/generate", #"{"seed": 9007199254740992}"#, "seed"),
            ("/api/generate", #"{"attributeSeed": -3}"#, "attributeSeed"),
            ("/api/interpolate", #"{"from": {}, "to": {}, "steps": 2}"#, "steps"),
            ("/api/interpolate", #"{"from": {}, "to": {}, "steps": 51}"#, "steps"),
            ("/api/interpolate", #"{"from": {}, "to": {"seed": 1e300}}"#, "to.seed"),
        ]
        try await withStudio { client in
            for testCase in cases {
                let response = try await client.post(testCase.path, json: testCase.body)
                expectError(response, status: .badRequest, code: "out_of_range")
                #expect(response.errorMessage.hasPrefix("\(testCase.field) is"), "\(testCase.body): \(response.errorMessage)")
            }
        }
    }

    @Test func invalidLatent() async throws {
        try await withStudio { client in
            let short = try await client.post("/api/generate", json: #"{"latent": [0, 1]}"#)
            expectError(short, status: .badRequest, code: "invalid_latent")
            #expect(short.errorMessage.contains("takes 8"))
            let huge = try await client.post("/api/generate", json: #"{"latent": [0, 0, 0, 4e38, 0, 0, 0, 0]}"#)
            expectError(huge, status: .badRequest, code: "invalid_latent")
            #expect(huge.errorMessage.contains("latent[3]"))
            let both = try await client.post("/api/generate", json: #"{"latent": [0,0,0,0,0,0,0,0], "seed": 1}"#)
            expectError(both, status: .badRequest, code: "seed_and_latent")
        }
    }

    @Test func unsupportedFormat() async throws {
        try await withStudio { client in
            let response = try await client.post("/api/generate", json: #"{"format": "gif"}"#)
            expectError(response, status: .badRequest, code: "unsupported_format")
        }
    }

    @Test func unknownPathIsJSON404() async throws {
        try await withStudio { client in
            for path in ["/nope", "/api/generate/extra", "/api", "/API/MODEL"] {
                let response = try await client.get(path)
                expectError(response, status: .notFound, code: "not_found")
            }
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await withStudio { client in
            let response = try await client.get("/api/generate")
            expectError(response, status: .methodNotAllowed, code: "method_not_allowed")
            #expect(response.headers[.allow] == "POST")
            let deleteModel = try await client.execute(uri: "/api/model", method: .delete)
            expectError(deleteModel, status: .methodNotAllowed, code: "method_not_allowed")
            #expect(deleteModel.headers[.allow] == "GET")
        }
    }

    @Test(arguments: [BrokenAvatarModel.Mode.throwing, .wrongSize, .wrongCount])
    func failingModelIsJSON500(mode: BrokenAvatarModel.Mode) async throws {
        try await withStudio(model: BrokenAvatarModel(mode: mode)) { client in
            let response = try await client.post("/api/generate", json: "{}")
            expectError(response, status: .internalServerError, code: "generation_failed")
            let strip = try await client.post("/api/interpolate", json: #"{"from": {}, "to": {}}"#)
            expectError(strip, status: .internalServerError, code: "generation_failed")
            // The server keeps answering after a failure.
            #expect(try await client.get("/healthz").status == .ok)
        }
    }
}
