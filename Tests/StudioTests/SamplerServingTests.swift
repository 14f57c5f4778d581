import ACGAN
import AnimeData
import Foundation
import Imaging
import Studio
import Tensors
import Testing
import Randomness

/// The studio serving the real ACGAN sampler: a seed means the same face in the API as in
/// `acgan generate` (`Sampler.faces`).
@Suite struct SamplerServingTests {
    static func sampler() -> Sampler {
        var rng = RandomGenerator(seed: 21)
        let vocabulary = TagVocabulary.syntheticAvatars
        let generator = Generator(ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: vocabulary.conditionLength,
                                                     generatorWidth: 4, generatorBlocks: 1), using: &rng)
        return Sampler(generator: generator, vocabulary: vocabulary, modelName: "tiny sampler")
    }

    @Test func apiFacesEqualTheCommandLinesForTheSameSeeds() async throws {
        let sampler = Self.sampler()
        let selection = try sampler.vocabulary.parse("pink hair twin tail glasses")
        let expected = try sampler.faces(selection: selection, count: 3, seed: 40, attributeSeed: 7).images
        try await withStudio(model: sampler) { client in
            let response = try await client.post(
                "/api/generate", json: #"{"tags": "pink hair twin tail glasses", "seed": 40, "attributeSeed": 7, "count": 3, "format": "json"}"#)
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode(GenerateResponse.self, from: response.data)
            #expect(body.faces.count == 3)
            for (face, image) in zip(body.faces, expected) {
                #expect(try decodePNG(base64: face.png) == image)
            }
        }
    }
}
