import ACGAN
import AnimeData
import Foundation
import NeuralNetwork
import Randomness
import SafeTensors
import Studio
import Tensors
import Testing

/// The page's forward pass (Sources/Studio/Assets/generator-model.js) against the server's, for
/// every upsampling mode, without a browser: for a tiny generator with random weights and
/// batch-norm statistics, Fixtures/browser-forward.json holds its float16 file (what
/// GET /api/model/weights serves), one (z, condition) and the image the Swift `FoldedGenerator`
/// draws from that file (before 8-bit rounding). `make check-js` runs the JavaScript on the same
/// file (Scripts/check_browser_math.mjs) and requires every value within 1e-4.
///
/// Provenance: written by this test with `ACGAN_WRITE_BROWSER_PARITY=1` (as browser-parity.json).
@Suite struct BrowserForwardTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/browser-forward.json")

    struct Case: Codable {
        var upsampling: String
        /// The float16 generator file, base64.
        var weights: String
        var z: [Double]
        var condition: [Double]
        /// (3, S, S) in [-1, 1], after tanh.
        var image: [Float]
    }

    /// A tiny generator whose batch norms are not the identity, so that folding matters.
    static func generator(_ upsampling: GeneratorUpsampling) -> Generator {
        var rng = RandomGenerator(seed: 16)
        let generator = Generator(ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 5, generatorWidth: 4,
                                                     generatorBlocks: 2, upsampling: upsampling),
                                  // ICNR would start a sub-pixel stage's four filters equal, hiding a mixed-up shuffle.
                                  icnr: false, using: &rng)
        for (_, member) in generator.namedMembers() {
            guard case .module(let module) = member, let bn = module as? BatchNorm2d else { continue }
            let channels = bn.weight.count
            bn.weight.assign(from: Tensor.randomUniform([channels], low: -1.5, high: 1.5, using: &rng))
            bn.bias.assign(from: Tensor.randomUniform([channels], low: -0.5, high: 0.5, using: &rng))
            bn.runningMean.assign(from: Tensor.randomUniform([channels], low: -0.5, high: 0.5, using: &rng))
            bn.runningVar.assign(from: Tensor.randomUniform([channels], low: 0.25, high: 2, using: &rng))
        }
        return generator
    }

    static func computed() throws -> [Case] {
        let vocabulary = TagVocabulary(groups: [.init(name: "color", values: ["red", "blue"])],
                                       binaryTags: [.init(name: "hat", prior: 0.5)],
                                       continuous: [ContinuousAttribute(name: "size", minimum: 1, maximum: 3), .learnedCode(0)])
        return try GeneratorUpsampling.allCases.map { upsampling in
            let original = Sampler(generator: generator(upsampling), vocabulary: vocabulary, modelName: "tiny")
            let file = try original.generatorFile(half: true)
            // What the page computes from: the served float16 file, loaded back.
            let served = try TrainingCheckpoint(file: SafeTensorsFile(data: file.bytes), path: "served").samplingGenerator()
            let z = LatentNoise.latent(seed: 1, size: 8)
            let condition: [Float] = [0, 1, 1, 0.5, -0.25]
            let image = withoutGradients {
                FoldedGenerator(folding: served)(Tensor(shape: [1, 8], scalars: z), Tensor(shape: [1, 5], scalars: condition))
            }
            return Case(upsampling: upsampling.rawValue, weights: file.bytes.base64EncodedString(), z: z.map(Double.init),
                        condition: condition.map(Double.init), image: image.scalars)
        }
    }

    @Test func theFixtureHoldsTheServedFilesAndTheImagesTheServerDrawsFromThem() throws {
        let cases = try Self.computed()
        if ProcessInfo.processInfo.environment["ACGAN_WRITE_BROWSER_PARITY"] != nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(cases).write(to: Self.fixture, options: .atomic)
        }
        let stored = try JSONDecoder().decode([Case].self, from: Data(contentsOf: Self.fixture))
        #expect(stored.map(\.upsampling) == GeneratorUpsampling.allCases.map(\.rawValue))
        for (now, then) in zip(cases, stored) {
            #expect(now.weights == then.weights, "\(now.upsampling): the served file changed")
            #expect(now.z == then.z && now.condition == then.condition)
            // Another machine's kernels may sum in another order: float32 rounding only.
            let largest = zip(now.image, then.image).map { abs(Double($0) - Double($1)) }.max() ?? .infinity
            #expect(now.image.count == then.image.count && largest <= 1e-5, "\(now.upsampling): largest difference \(largest)")
            // A real image, not a flat one: the comparison in Node means something.
            #expect(Set(now.image.map { ($0 * 100).rounded() }).count > 50)
        }
    }
}
