import AnimeData
import Foundation
import Hummingbird
import HummingbirdTesting
import Imaging
import Studio
import Testing

/// A model with one group and one continuous attribute `size` (1 ... 3): its 8x8 faces are
/// grey at 100 + 50 x (the scaled size, the last condition entry), so the value that reached
/// the model is read from any pixel.
struct ContinuousTestModel: AvatarModel {
    let vocabulary = TagVocabulary(groups: [.init(name: "color", values: ["red", "blue"])],
                                   continuous: [ContinuousAttribute(name: "size", minimum: 1, maximum: 3, mirror: .keep)])
    let imageSize = 8
    let latentSize = 4
    let modelName = "continuous"

    func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        conditions.map { condition in
            let level = UInt8(max(0, min(255, (100 + 50 * condition.last!).rounded())))
            return RGBImage(width: 8, height: 8, fill: RGBColor(red: level, green: level, blue: level))
        }
    }
}

@Suite struct ContinuousAttributeAPITests {
    @Test func aValueInTagsOrAttributesReachesTheModelAndComesBack() async throws {
        try await withStudio(model: ContinuousTestModel()) { client in
            for body in [#"{"tags": "red size=2.5", "seed": 1}"#, #"{"attributes": {"size": 2.5}, "seed": 1}"#] {
                let response = try await client.post("/api/generate", json: body)
                #expect(response.status == .ok)
                // size 2.5 scales to 0.5: grey 125.
                #expect(try RGBImage(pngData: response.data)[3, 3] == RGBColor(red: 125, green: 125, blue: 125))
            }
            let json = try await client.post("/api/generate", json: #"{"attributes": {"size": 1.5}, "seed": 1, "format": "json"}"#)
            let decoded = try JSONSerialization.jsonObject(with: json.data) as! [String: Any]
            let face = (decoded["faces"] as! [[String: Any]])[0]
            #expect((face["attributes"] as! [String: Any])["size"] as? Double == 1.5)
            #expect((face["tags"] as! String).hasSuffix("size=1.5"))
        }
    }

    @Test func aValueOutsideTheRangeIsA400NamingTheRange() async throws {
        try await withStudio(model: ContinuousTestModel()) { client in
            for body in [#"{"tags": "size=4"}"#, #"{"attributes": {"size": 0.5}}"#] {
                let response = try await client.post("/api/generate", json: body)
                #expect(response.status == .badRequest)
                let text = String(decoding: response.data, as: UTF8.self)
                #expect(text.contains("out_of_range") && text.contains("a number from 1 to 3"), "\(text)")
            }
            let wrongType = try await client.post("/api/generate", json: #"{"attributes": {"size": "big"}}"#)
            #expect(wrongType.status == .badRequest)
        }
    }

    @Test func theModelAndTheOpenAPIDocumentListTheAttribute() async throws {
        try await withStudio(model: ContinuousTestModel()) { client in
            let modelResponse = try await client.get("/api/model")
            let model = try JSONDecoder().decode(ModelResponse.self, from: modelResponse.data)
            #expect(model.vocabulary.continuous.map(\.name) == ["size"] && model.conditionLength == 3)
            let data = try await client.get("/openapi.json").data
            let document = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let schemas = (document["components"] as! [String: Any])["schemas"] as! [String: Any]
            let face = (schemas["FaceSpecification"] as! [String: Any])["properties"] as! [String: Any]
            let size = ((face["attributes"] as! [String: Any])["properties"] as! [String: Any])["size"] as! [String: Any]
            let number = (size["anyOf"] as! [[String: Any]])[0]
            #expect(number["minimum"] as? Double == 1 && number["maximum"] as? Double == 3)
            // The documented tag pattern accepts name=value words, as the server does.
            let pattern = (face["tags"] as! [String: Any])["pattern"] as! String
            let regex = try NSRegularExpression(pattern: pattern)
            for (text, accepted) in [("red size=2.5", true), ("Size=1e0 blue", true), ("size=", false), ("size=big", false)] {
                #expect((regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil) == accepted, "\(text)")
            }
        }
    }
}
