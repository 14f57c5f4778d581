import ACGAN
import AnimeData
import Foundation
import Hummingbird
import HummingbirdTesting
import Imaging
import Studio
import Testing

/// The API's successful paths, checked through HTTP against the test model, whose pixels
/// reveal which condition and latent reached it.
@Suite struct APIControllerTests {
    let model = TestAvatarModel()

    @Test func modelDescribesVocabularySizesAndLimits() async throws {
        try await withStudio { client in
            let response = try await client.get("/api/model")
            #expect(response.status == .ok)
            let decoded = try JSONDecoder().decode(ModelResponse.self, from: response.data)
            #expect(decoded.name == "test avatars")
            #expect(decoded.imageSize == 64)
            #expect(decoded.latentSize == 8)
            #expect(decoded.vocabulary == TagVocabulary.syntheticAvatars)
            #expect(decoded.conditionLength == 13 + 5 + 10 + 6)
            #expect(decoded.limits.maxCount == 25)
            #expect(decoded.limits.minSteps == 3 && decoded.limits.maxSteps == 50)
            #expect(decoded.limits.maxSeed == (1 << 53) - 1)
        }
    }

    @Test func emptyBodyDrawsOneRandomFaceAsPNG() async throws {
        try await withStudio { client in
            let response = try await client.execute(uri: "/api/generate", method: .post)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/png")
            let image = try RGBImage(pngData: response.data)
            #expect(image.width == 64 && image.height == 64)
            #expect(response.headers[StudioHeaders.seed].flatMap(UInt64.init) != nil)
            #expect(response.headers[StudioHeaders.tags]?.isEmpty == false)
        }
    }

    @Test func chosenHairAndEyesReachTheModel() async throws {
        try await withStudio { client in
            let response = try await client.post(
                "/api/generate", json: #"{"tags": "blue hair green eyes", "seed": 5}"#)
            let image = try RGBImage(pngData: response.data)
            // (32, 8) is hair, (25, 34) an eye: exact palette colours for one-hot conditions.
            #expect(image[32, 8] == RGBColor(red: 74, green: 125, blue: 255))
            #expect(image[25, 34] == RGBColor(red: 63, green: 191, blue: 127))
            #expect(response.headers[StudioHeaders.seed] == "5")
            #expect(response.headers[StudioHeaders.tags]?.hasPrefix("blue hair") == true)
        }
    }

    @Test func seededLatentReachesTheModel() async throws {
        try await withStudio { client in
            let response = try await client.post("/api/generate", json: #"{"seed": 42, "truncation": 0.5}"#)
            let image = try RGBImage(pngData: response.data)
            let latent = LatentNoise.latent(seed: 42, size: 8, truncation: 0.5)
            let expectedRed = TestAvatarModel.byte(200 + 40 * tanh(Double(latent[0])))
            #expect(image[0, 0].red == expectedRed)
        }
    }

    @Test func explicitLatentIsUsedAsGiven() async throws {
        try await withStudio { client in
            let response = try await client.post(
                "/api/generate", json: #"{"latent": [1, -1, 0.5, 0, 0, 0, 0, 0], "format": "json"}"#)
            #expect(response.status == .ok)
            let face = try #require((response.json["faces"] as? [[String: Any]])?.first)
            #expect(face["seed"] == nil)
            let image = try decodePNG(base64: face["png"])
            #expect(image[0, 0] == RGBColor(
                red: TestAvatarModel.byte(200 + 40 * tanh(1)), green: TestAvatarModel.byte(200 + 40 * tanh(-1)),
                blue: TestAvatarModel.byte(215 + 40 * tanh(0.5))))
        }
    }

    @Test func jsonGridReportsSeedsAttributesAndGrid() async throws {
        try await withStudio { client in
            let response = try await client.post(
                "/api/generate",
                json: #"{"attributes": {"hair color": "pink hair", "smile": true}, "seed": 100, "attributeSeed": 7, "count": 5, "format": "json"}"#)
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode(GenerateResponse.self, from: response.data)
            #expect(body.faces.count == 5)
            #expect(body.columns == 3)
            #expect(body.faces.map(\.seed) == [100, 101, 102, 103, 104])
            #expect(body.faces.map(\.attributeSeed) == [7, 8, 9, 10, 11])
            for face in body.faces {
                #expect(face.attributes["hair color"] == .value("pink hair"))
                #expect(face.attributes["smile"] == .flag(true))
                #expect(face.attributes.count == 3 + 6)
                #expect(face.tags.hasPrefix("pink hair"))
            }
            // 3 columns x 2 rows of 64 px with 2 px gaps.
            let grid = try decodePNG(base64: body.grid)
            #expect(grid.width == 3 * 64 + 4 * 2 && grid.height == 2 * 64 + 3 * 2)
        }
    }

    @Test func eachGridFaceIsReproducibleOnItsOwn() async throws {
        try await withStudio { client in
            let grid = try JSONDecoder().decode(GenerateResponse.self, from: try await client.post(
                "/api/generate", json: #"{"seed": 9, "attributeSeed": 90, "count": 4, "format": "json"}"#).data)
            let third = grid.faces[2]
            let single = try JSONDecoder().decode(GenerateResponse.self, from: try await client.post(
                "/api/generate", json: #"{"seed": 11, "attributeSeed": 92, "format": "json"}"#).data)
            #expect(single.faces[0] == third)
            #expect(single.grid == nil)
        }
    }

    @Test func reportedAttributesReproduceTheFace() async throws {
        try await withStudio { client in
            let first = try JSONDecoder().decode(GenerateResponse.self, from: try await client.post(
                "/api/generate", json: #"{"seed": 3, "format": "json"}"#).data).faces[0]
            let request = GenerateRequest(
                face: FaceSpecification(attributes: first.attributes, seed: 3, attributeSeed: 12345),
                format: "json")
            let body = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
            let again = try JSONDecoder().decode(
                GenerateResponse.self, from: try await client.post("/api/generate", json: body).data).faces[0]
            #expect(again.png == first.png)
            #expect(again.tags == first.tags)
        }
    }

    @Test func fixedSeedsChangeOnlyTheChangedAttribute() async throws {
        try await withStudio { client in
            func face(_ attributes: String) async throws -> FaceResponse {
                try JSONDecoder().decode(GenerateResponse.self, from: try await client.post(
                    "/api/generate",
                    json: #"{"attributes": \#(attributes), "seed": 1, "attributeSeed": 77, "format": "json"}"#
                ).data).faces[0]
            }
            let before = try await face("{}")
            let after = try await face(#"{"hair color": "green hair"}"#)
            #expect(after.attributes["hair color"] == .value("green hair"))
            for (name, value) in before.attributes where name != "hair color" {
                #expect(after.attributes[name] == value, "\(name) changed")
            }
        }
    }

    @Test func acceptHeaderSelectsJSON() async throws {
        try await withStudio { client in
            let response = try await client.post("/api/generate", json: "{}", headers: [.accept: "application/json"])
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect((response.json["faces"] as? [Any])?.count == 1)
        }
    }

    @Test func interpolationStartsAndEndsOnTheTwoFaces() async throws {
        try await withStudio { client in
            let ends = [#"{"tags": "blonde hair blue eyes", "seed": 1, "attributeSeed": 1}"#,
                        #"{"tags": "black hair red eyes", "seed": 2, "attributeSeed": 2}"#]
            let response = try await client.post(
                "/api/interpolate", json: #"{"from": \#(ends[0]), "to": \#(ends[1]), "steps": 5, "format": "json"}"#)
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode(InterpolateResponse.self, from: response.data)
            #expect(body.frames.map(\.fraction) == [0, 0.25, 0.5, 0.75, 1])
            for (index, end) in ends.enumerated() {
                let single = try JSONDecoder().decode(GenerateResponse.self, from: try await client.post(
                    "/api/generate", json: String(end.dropLast()) + #", "format": "json"}"#).data)
                #expect(body.frames[index == 0 ? 0 : 4].png == single.faces[0].png)
            }
            // Halfway the hair block is half blonde, half black: the colours average.
            let middle = try decodePNG(base64: body.frames[2].png)
            #expect(middle[32, 8] == RGBColor(red: 143, green: 127, blue: 88))
            let strip = try decodePNG(base64: body.strip)
            #expect(strip.width == 5 * 64 + 6 * 2 && strip.height == 64 + 2 * 2)
            #expect(body.from.tags.hasPrefix("blonde hair") && body.to.tags.hasPrefix("black hair"))
        }
    }

    @Test func interpolationDefaultsToOnePNGStrip() async throws {
        try await withStudio { client in
            let response = try await client.post(
                "/api/interpolate", json: #"{"from": {"seed": 1}, "to": {"seed": 2}, "steps": 3}"#)
            #expect(response.headers[.contentType] == "image/png")
            let strip = try RGBImage(pngData: response.data)
            #expect(strip.width == 3 * 64 + 4 * 2)
        }
    }

    @Test func healthReportsQueue() async throws {
        try await withStudio(configuration: .init(maxQueuedImages: 60)) { client in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            let health = try JSONDecoder().decode(HealthResponse.self, from: response.data)
            #expect(health.status == "ok" && health.model == "test avatars")
            #expect(health.queuedImages == 0 && health.queueCapacity == 60)
        }
    }
}
