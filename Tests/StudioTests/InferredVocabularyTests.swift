import AnimeData
import Foundation
import Imaging
import Studio
import Testing

/// A tiny model of a vocabulary inferred from a data set of digits (`0,digit_6` lines): one
/// group "class" of 10 values and no binary tags. It paints the whole image grey at level
/// 20 * (the value's index) + 10 weighted by the condition, so a test can read back which
/// digit reached it.
struct DigitModel: AvatarModel {
    /// What `TagVocabulary.inferred` makes of ten digits, with the observed priors a loader
    /// would set (digit_0 on 10 of 55 lines, each other on 5).
    static let trainedVocabulary: TagVocabulary = {
        let lines = (0..<10).flatMap { digit in Array(repeating: "digit_\(digit)", count: digit == 0 ? 10 : 5) }
        var vocabulary = TagVocabulary.inferred(fromTagTexts: lines).vocabulary
        vocabulary.groups[0].priors = [10.0 / 55] + Array(repeating: 5.0 / 55, count: 9)
        return vocabulary
    }()

    let vocabulary = DigitModel.trainedVocabulary
    let imageSize = 32
    let latentSize = 4
    let modelName = "tiny digits"

    static func level(_ digit: Int) -> UInt8 { UInt8(20 * digit + 10) }
    static func gray(_ level: UInt8) -> RGBColor { RGBColor(red: level, green: level, blue: level) }

    func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        conditions.map { condition in
            let level = condition.enumerated().reduce(0.0) { $0 + Double($1.element) * Double(Self.level($1.offset)) }
            return RGBImage(width: imageSize, height: imageSize, fill: Self.gray(UInt8(level.rounded())))
        }
    }
}

@Suite struct InferredVocabularyTests {
    @Test func modelDescribesOneGroupOfTenDigitsAndNoBinaryTags() async throws {
        try await withStudio(model: DigitModel()) { client in
            let response = try await client.get("/api/model")
            #expect(response.status == .ok)
            let decoded = try JSONDecoder().decode(ModelResponse.self, from: response.data)
            #expect(decoded.name == "tiny digits" && decoded.imageSize == 32 && decoded.conditionLength == 10)
            #expect(decoded.vocabulary.groups.map(\.name) == ["class"])
            #expect(decoded.vocabulary.groups[0].values == (0..<10).map { "digit_\($0)" })
            #expect(decoded.vocabulary.binaryTags.isEmpty)
            #expect(abs(decoded.vocabulary.groups[0].priors[0] - 10.0 / 55) < 1e-12)
        }
    }

    @Test func aDigitTagReachesTheModel() async throws {
        try await withStudio(model: DigitModel()) { client in
            let response = try await client.post("/api/generate", json: #"{"tags": "digit_3", "seed": 1}"#)
            #expect(response.status == .ok)
            #expect(try RGBImage(pngData: response.data)[5, 5] == DigitModel.gray(DigitModel.level(3)))
            #expect(response.headers[StudioHeaders.tags] == "digit_3")
        }
    }

    @Test func attributesNameTheInferredGroup() async throws {
        try await withStudio(model: DigitModel()) { client in
            let response = try await client.post(
                "/api/generate", json: #"{"attributes": {"class": "digit_9"}, "seed": 2, "count": 2, "format": "json"}"#)
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode(GenerateResponse.self, from: response.data)
            #expect(body.faces.map(\.tags) == ["digit_9", "digit_9"])
            #expect(body.faces.allSatisfy { $0.attributes == ["class": .value("digit_9")] })
            let image = try decodePNG(base64: (response.json["faces"] as? [[String: Any]])?.first?["png"])
            #expect(image[0, 0] == DigitModel.gray(DigitModel.level(9)))
        }
    }

    @Test func anUnknownDigitIsABadRequestNamingTheKnownTags() async throws {
        try await withStudio(model: DigitModel()) { client in
            let response = try await client.post("/api/generate", json: #"{"tags": "digit_12"}"#)
            expectError(response, status: .badRequest, code: "unknown_tag")
            #expect(response.errorMessage.contains("digit_12") && response.errorMessage.contains("digit_9"))
        }
    }
}
