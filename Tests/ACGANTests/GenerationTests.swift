import ACGAN
import AnimeData
import Foundation
import Imaging
import Tensors
import Testing
import Randomness

/// A sampler over a small random generator for the synthetic-avatar tags.
func tinySampler(seed: UInt64 = 3) -> Sampler {
    var rng = RandomGenerator(seed: seed)
    let vocabulary = TagVocabulary.syntheticAvatars
    let generator = Generator(ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: vocabulary.conditionLength,
                                                 generatorWidth: 4, generatorBlocks: 1), using: &rng)
    return Sampler(generator: generator, vocabulary: vocabulary, modelName: "tiny")
}

@Suite struct GenerationTests {
    @Test func sameSeedSameFacesAndGivenTagsAreKept() throws {
        let sampler = tinySampler()
        let selection = try sampler.vocabulary.parse("blue hair red eyes smile no glasses")
        let a = try sampler.faces(selection: selection, count: 6, seed: 11)
        let b = try sampler.faces(selection: selection, count: 6, seed: 11)
        #expect(a.images == b.images && a.faces == b.faces)
        let c = try sampler.faces(selection: selection, count: 6, seed: 12)
        #expect(c.images != a.images)
        for face in a.faces {
            let labels = try sampler.vocabulary.labels(parsing: face.tags)
            #expect(labels.groupIndices[0] == 3 && labels.groupIndices[2] == 1)   // blue hair, red eyes
            #expect(labels.binaryTags[1] && !labels.binaryTags[5])                 // smile, no glasses
            #expect(face.condition == sampler.vocabulary.condition(for: labels))
        }
        // Tags left random vary between faces (hair style here).
        #expect(Set(a.faces.map { try! sampler.vocabulary.labels(parsing: $0.tags).groupIndices[1] }).count > 1)
        // A face is reproduced from its description alone.
        let face = a.faces[2]
        let again = sampler.generate(labels: [try sampler.vocabulary.labels(parsing: face.tags)], latents: [face.latent])
        #expect(again[0] == a.images[2])
    }

    @Test func latentsAreUsedAndCheckedAndTruncationBoundsThem() throws {
        let sampler = tinySampler()
        let latents = [[Float](repeating: 0.5, count: 8), [Float](repeating: -0.5, count: 8)]
        let result = try sampler.faces(selection: TagSelection(allRandomFor: sampler.vocabulary), count: 2, seed: 1, latents: latents)
        #expect(result.faces.map(\.latent) == latents)
        #expect(throws: GenerationError.self) {
            try sampler.faces(selection: TagSelection(allRandomFor: sampler.vocabulary), count: 3, seed: 1, latents: latents)
        }
        let truncated = sampler.latents(count: 50, seed: 4, truncation: 0.5)
        #expect(truncated.joined().allSatisfy { abs($0) <= 0.5 })
        #expect(sampler.latents(count: 50, seed: 4).joined().contains { abs($0) > 1 })
    }

    @Test func interpolationStartsAndEndsAtTheTwoFaces() throws {
        let sampler = tinySampler()
        let vocabulary = sampler.vocabulary
        let start = try vocabulary.parse("red hair long hair blue eyes"), end = try vocabulary.parse("blue hair short hair green eyes")
        let strip = try sampler.interpolation(from: start, to: end, startSeed: 1, endSeed: 2, attributeSeed: 9, steps: 5)
        #expect(strip.count == 5)
        // The ends are exactly the faces of (tags, seed); the middle differs from both.
        let shared = AttributeDraw.labels(for: TagSelection(allRandomFor: vocabulary), vocabulary: vocabulary, seed: 9)
        let first = sampler.generate(labels: [start.applied(to: shared)], latents: sampler.latents(count: 1, seed: 1))
        let last = sampler.generate(labels: [end.applied(to: shared)], latents: sampler.latents(count: 1, seed: 2))
        #expect(strip[0] == first[0] && strip[4] == last[0])
        #expect(strip[2] != strip[0] && strip[2] != strip[4])
    }

    @Test func slerpKeepsTheNormOfOrthogonalUnitVectors() {
        let a: [Float] = [1, 0, 0], b: [Float] = [0, 1, 0]
        let mid = LatentNoise.slerp(from: a, to: b, fraction: 0.5)
        #expect(abs(mid.map { $0 * $0 }.reduce(0, +) - 1) < 1e-5)
        #expect(abs(mid[0] - mid[1]) < 1e-6)
        #expect(LatentNoise.slerp(from: a, to: b, fraction: 0) == a)
    }

    @Test func tagsFileFacesEachHaveTheirOwnSeeds() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("testing_tags.txt")
        try "1,blue hair red eyes\n2,pink hair\n3,red hair glasses\n".write(to: url, atomically: true, encoding: .utf8)
        let sampler = tinySampler()
        let result = try sampler.faces(for: try TagsFile(contentsOf: url), perLine: 4, seed: 7)
        #expect(result.names.prefix(5) == ["sample_1_1.png", "sample_1_2.png", "sample_1_3.png", "sample_1_4.png", "sample_2_1.png"])
        // No two faces of the file share noise (line k must not reuse line k+1's seeds).
        #expect(Set(result.faces.map(\.latent)).count == 12)
        // Line 2 is exactly `faces(selection:count:seed:)` from seed 7 + 4.
        let line2 = try sampler.faces(selection: try sampler.vocabulary.parse("pink hair"), count: 4, seed: 11)
        let sameFaces = Array(result.images[4..<8]) == line2.images
        #expect(sameFaces, "line 2 should be the faces of seed 7 + 4")
        try "1,blue hair\n2,purple ears\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: GenerationError.self) { try sampler.faces(for: try TagsFile(contentsOf: url), perLine: 2, seed: 1) }
    }

    @Test func tagsFileParsesAndRejectsBadLines() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("testing_tags.txt")
        try "1,blue hair red eyes\n\n2,pink hair green eyes\n".write(to: good, atomically: true, encoding: .utf8)
        let file = try TagsFile(contentsOf: good)
        #expect(file.entries.map(\.id) == ["1", "2"])
        #expect(file.entries[1].tags == "pink hair green eyes")
        let bad = dir.appendingPathComponent("bad.txt")
        try "1,blue hair\nno comma here\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: GenerationError.self) { try TagsFile(contentsOf: bad) }
        try "../x,blue hair\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: GenerationError.self) { try TagsFile(contentsOf: bad) }
    }
}

extension GenerationTests {
    @Test func truncationBelowTheMinimumIsRefusedByEveryRequest() throws {
        let sampler = tinySampler()
        let all = TagSelection(allRandomFor: sampler.vocabulary)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("tags.txt")
        try "1,blue hair\n".write(to: url, atomically: true, encoding: .utf8)
        for bad in [0, -1, 1e-30, .nan, .infinity] as [Float] {
            #expect(throws: LatentNoiseError.self) { try sampler.faces(selection: all, count: 2, seed: 1, truncation: bad) }
            #expect(throws: LatentNoiseError.self) {
                try sampler.interpolation(from: all, to: all, startSeed: 1, endSeed: 2, attributeSeed: 3, steps: 2, truncation: bad)
            }
            #expect(throws: LatentNoiseError.self) {
                try sampler.faces(for: try TagsFile(contentsOf: url), perLine: 2, seed: 1, truncation: bad)
            }
        }
        // The smallest allowed threshold draws, and bounds, every component.
        let faces = try sampler.faces(selection: all, count: 2, seed: 1, truncation: Float(LatentNoise.minimumTruncation))
        #expect(faces.faces.flatMap(\.latent).allSatisfy { abs($0) <= Float(LatentNoise.minimumTruncation) })
    }

    @Test func nonFiniteLatentsAndEmptyLinesAreRefused() throws {
        let sampler = tinySampler()
        let all = TagSelection(allRandomFor: sampler.vocabulary)
        var latents = [[Float](repeating: 0, count: 8), [Float](repeating: 0, count: 8)]
        latents[1][3] = .nan
        #expect(throws: GenerationError.invalidRequest("latent row 1 has a value that is not a finite number")) {
            try sampler.faces(selection: all, count: 2, seed: 1, latents: latents)
        }
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("tags.txt")
        try "1,blue hair\n".write(to: url, atomically: true, encoding: .utf8)
        // Zero faces per line trapped in 1...0 before.
        #expect(throws: GenerationError.self) { try sampler.faces(for: try TagsFile(contentsOf: url), perLine: 0, seed: 1) }
    }
}
