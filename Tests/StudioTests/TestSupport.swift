import Foundation
import Hummingbird
import HummingbirdTesting
import Imaging
import Studio
import Testing

/// Runs `body` against the Studio application for `model`, in memory (no socket).
func withStudio<Value: Sendable>(
    model: any AvatarModel = TestAvatarModel(),
    configuration: StudioConfiguration = .init(),
    _ body: @Sendable (any TestClientProtocol) async throws -> Value
) async throws -> Value {
    try await buildApplication(model: model, configuration: configuration).test(.router, body)
}

extension TestClientProtocol {
    /// POSTs `json` as the body.
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return try await execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: json))
    }

    /// GETs `uri`.
    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }
}

extension TestResponse {
    /// The body as a JSON object (an empty one when it is not).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The `error` code of a JSON error body.
    var errorCode: String? { json["error"] as? String }

    /// The `message` of a JSON error body.
    var errorMessage: String { json["message"] as? String ?? "" }

    /// The body bytes.
    var data: Data { Data(body.readableBytesView) }
}

/// Decodes base64 PNG text from a JSON response.
func decodePNG(base64 text: Any?) throws -> RGBImage {
    let string = try #require(text as? String, "expected base64 PNG text")
    let data = try #require(Data(base64Encoded: string), "not base64")
    return try RGBImage(pngData: data)
}

/// Expects a JSON error response with `status` and `code`.
func expectError(
    _ response: TestResponse, status: HTTPResponse.Status, code: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "body: \(String(buffer: response.body))", sourceLocation: sourceLocation)
    #expect(response.errorCode == code, "body: \(String(buffer: response.body))", sourceLocation: sourceLocation)
    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    #expect(!response.errorMessage.isEmpty, sourceLocation: sourceLocation)
}
