import ACGAN
import AnimeData
import Foundation
import Studio
import Testing

/// The page generates in the browser from the same seeds as the server, so what the server does
/// before running the generator (latent noise, attribute draws, condition vectors, the seeds of
/// a grid's faces, interpolation) is pinned here to golden numbers that
/// Sources/Studio/Assets/studio-random.js must reproduce too: `make check-js` runs
/// Scripts/check_browser_math.mjs on the same file with Node.
///
/// Provenance: Fixtures/browser-parity.json is written by this test with
/// `ACGAN_WRITE_BROWSER_PARITY=1 swift test -c release --filter BrowserParityTests` (and then
/// only changes if the Swift definitions change, which would change every seeded face).
@Suite struct BrowserParityTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/browser-parity.json")

    /// Groups, on/off tags, a data attribute with quantiles, one without, and a learned code.
    static let vocabulary = TagVocabulary(
        groups: [.init(name: "hair color", values: ["blonde hair", "blue hair", "pink hair"], priors: [0.5, 0.3, 0.2]),
                 .init(name: "eye color", values: ["red eyes", "green eyes"], priors: [0.25, 0.75])],
        binaryTags: [.init(name: "smile", prior: 0.4), .init(name: "glasses", prior: 0.1)],
        continuous: [
            ContinuousAttribute(name: "face_size", minimum: 0.9, maximum: 1.1, mirror: .keep,
                                quantiles: [0.9, 0.95, 1.0, 1.02, 1.1]),
            ContinuousAttribute(name: "tilt", minimum: -0.2, maximum: 0.2, mirror: .negate),
            ContinuousAttribute.learnedCode(0),
        ])

    struct Latent: Codable, Equatable {
        var seed: UInt64
        var truncation: Double?
        var values: [Double]
    }

    struct Request: Codable, Equatable {
        var attributes: [String: AttributeChoice]
        var seed: UInt64
        var attributeSeed: UInt64
        var truncation: Double?
    }

    struct Face: Codable, Equatable {
        var request: Request
        var offset: Int
        var seed: UInt64
        var attributeSeed: UInt64
        var groupIndices: [Int]
        var binaryTags: [Bool]
        var continuous: [Double]
        var condition: [Double]
        var tags: String
        var latentHead: [Double]
    }

    struct Interpolation: Codable, Equatable {
        var from: Request
        var to: Request
        var fraction: Double
        var latentHead: [Double]
        var condition: [Double]
    }

    struct Golden: Codable, Equatable {
        var vocabulary: TagVocabulary
        var latentSize: Int
        var latents: [Latent]
        var faces: [Face]
        var interpolations: [Interpolation]
    }

    static let latentSize = 16

    static func plan(_ request: Request) throws -> FacePlan {
        var unused = SystemRandomNumberGenerator()
        return try FacePlan(FaceSpecification(attributes: request.attributes, seed: Double(request.seed),
                                              attributeSeed: Double(request.attributeSeed), truncation: request.truncation),
                            vocabulary: vocabulary, latentSize: latentSize, randomSource: &unused)
    }

    /// The numbers, computed by the Swift definitions the server uses.
    static func computed() throws -> Golden {
        let maxSeed = StudioLimits.maxSeed
        let latents = [(0, nil), (42, nil), (maxSeed, nil), (7, 0.5), (123_456_789, 0.1), (1, 1.5)].map {
            Latent(seed: $0.0, truncation: $0.1,
                   values: LatentNoise.latent(seed: $0.0, size: latentSize, truncation: $0.1).map(Double.init))
        }
        let requests = [
            Request(attributes: [:], seed: 1, attributeSeed: 2, truncation: nil),
            Request(attributes: ["hair color": .value("pink hair"), "smile": .flag(false)], seed: 99, attributeSeed: 12_345,
                    truncation: 0.7),
            Request(attributes: ["face_size": .number(1.05), "code1": .number(-0.25), "glasses": .flag(true)],
                    seed: maxSeed - 1, attributeSeed: maxSeed, truncation: nil),
            Request(attributes: ["tilt": .number(0.2), "eye color": .value("green eyes")], seed: 2_026, attributeSeed: 3,
                    truncation: nil),
        ]
        var faces: [Face] = []
        for request in requests {
            let plan = try plan(request)
            for offset in [0, 1, 4] {
                let face = plan.face(at: offset, vocabulary: vocabulary, latentSize: latentSize)
                faces.append(Face(request: request, offset: offset, seed: face.seed!, attributeSeed: face.attributeSeed,
                                  groupIndices: face.labels.groupIndices, binaryTags: face.labels.binaryTags,
                                  continuous: face.labels.continuous, condition: face.condition.map(Double.init),
                                  tags: vocabulary.text(for: face.labels), latentHead: face.latent.prefix(8).map(Double.init)))
            }
        }
        var interpolations: [Interpolation] = []
        for (from, to) in [(requests[0], requests[2]), (requests[1], requests[3])] {
            let start = try plan(from).face(at: 0, vocabulary: vocabulary, latentSize: latentSize)
            let end = try plan(to).face(at: 0, vocabulary: vocabulary, latentSize: latentSize)
            for fraction in [0.0, 1.0 / 7.0, 0.5, 1.0] {
                interpolations.append(Interpolation(
                    from: from, to: to, fraction: fraction,
                    latentHead: LatentNoise.slerp(from: start.latent, to: end.latent, fraction: fraction).prefix(8).map(Double.init),
                    condition: LatentNoise.lerp(from: start.condition, to: end.condition, fraction: fraction).map(Double.init)))
            }
        }
        return Golden(vocabulary: vocabulary, latentSize: latentSize, latents: latents, faces: faces, interpolations: interpolations)
    }

    @Test func theServersDrawsEqualTheGoldenNumbersThePageIsCheckedAgainst() throws {
        let golden = try Self.computed()
        if ProcessInfo.processInfo.environment["ACGAN_WRITE_BROWSER_PARITY"] != nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(golden).write(to: Self.fixture, options: .atomic)
        }
        let stored = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: Self.fixture))
        #expect(stored.vocabulary == golden.vocabulary)
        #expect(stored.latents == golden.latents)
        #expect(stored.faces == golden.faces)
        #expect(stored.interpolations == golden.interpolations)
        // The fixture covers what the page must get right: random and chosen values of every
        // kind, continuous values drawn from quantiles and uniformly, truncation, and seeds
        // that wrap past 2^53 in a grid.
        #expect(golden.faces.contains { $0.request.seed + UInt64($0.offset) > StudioLimits.maxSeed && $0.seed < 10 })
        #expect(Set(golden.faces.flatMap(\.binaryTags)) == [true, false])
        #expect(Set(golden.faces.map { $0.groupIndices[0] }).count == 3)
    }
}
