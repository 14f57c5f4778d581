import ACGAN
import AnimeData
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NeuralNetwork
import ONNX
import Randomness
import SafeTensors
import Studio
import Testing

/// Generation in the browser: the weights route that feeds the page, the page's scripts being
/// served, and the guard that the page's forward pass (Sources/Studio/Assets/generator-model.js)
/// implements everything the Swift generator uses. The pixels themselves are compared with the
/// server's in headless Chromium (Scripts/browser_test.py), and the seeded draws in
/// BrowserParityTests.
@Suite struct BrowserGenerationTests {
    static let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/Studio/Assets").standardizedFileURL

    /// The strings of `export const NAME = [ ... ];` in a script.
    static func declaredList(_ name: String, in file: String) throws -> Set<String> {
        let text = try String(contentsOf: assets.appendingPathComponent(file), encoding: .utf8)
        let start = try #require(text.range(of: "export const \(name) = ["), "\(file) declares no \(name)")
        let end = try #require(text.range(of: "];", range: start.upperBound..<text.endIndex))
        let body = text[start.upperBound..<end.lowerBound]
        let items = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        for item in items { #expect(item.hasPrefix("\"") && item.hasSuffix("\""), "\(name) in \(file): \(item) is not a string") }
        return Set(items.map { String($0.dropFirst().dropLast()) })
    }

    static func generator(_ upsampling: GeneratorUpsampling) -> Generator {
        var rng = RandomGenerator(seed: 5)
        return Generator(ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 5, generatorWidth: 4,
                                            generatorBlocks: 2, upsampling: upsampling), using: &rng)
    }

    static func moduleTypes(_ module: Module) -> Set<String> {
        module.children.reduce(into: [String(describing: type(of: module))]) { $0.formUnion(moduleTypes($1)) }
    }

    @Test func thePageImplementsEveryModuleAndOperatorOfTheGenerator() throws {
        let declaredModules = try Self.declaredList("IMPLEMENTED_MODULES", in: "generator-model.js")
        let declaredOperators = try Self.declaredList("IMPLEMENTED_OPERATORS", in: "generator-model.js")
        let declaredUpsampling = try Self.declaredList("IMPLEMENTED_UPSAMPLING", in: "generator-model.js")
        #expect(declaredUpsampling == Set(GeneratorUpsampling.allCases.map(\.rawValue)),
                "generator-model.js must run every GeneratorUpsampling")
        var modules: Set<String> = [], operators: Set<String> = []
        for upsampling in GeneratorUpsampling.allCases {
            let generator = Self.generator(upsampling)
            let found = Self.moduleTypes(generator)
            #expect(found.isSubset(of: declaredModules),
                    "\(upsampling): the generator has modules the page does not run: \(found.subtracting(declaredModules).sorted())")
            // The folded program, as ONNX names its steps (the page's operators are named after them).
            let graph = try Onnx_ModelProto(serializedBytes: FoldedGenerator(folding: generator).onnxModel(metadata: [:])).graph
            let steps = Set(graph.node.map(\.opType))
            #expect(steps.isSubset(of: declaredOperators),
                    "\(upsampling): the folded generator uses operators the page lacks: \(steps.subtracting(declaredOperators).sorted())")
            modules.formUnion(found)
            operators.formUnion(steps)
        }
        // And nothing stale: every name the page lists is one the generator uses.
        #expect(declaredModules == modules, "listed but unused: \(declaredModules.subtracting(modules).sorted())")
        #expect(declaredOperators == operators, "listed but unused: \(declaredOperators.subtracting(operators).sorted())")
        // Every parameter and buffer the generator has is one the page reads (by the last part of its key).
        let keyKinds = Set(Self.generator(.pixelShuffle).stateDict().map { String($0.key.split(separator: ".").last!) })
        #expect(keyKinds == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
    }

    @Test func theWeightsRouteServesTheGeneratorAsFloat16WithItsHash() async throws {
        let sampler = SamplerServingTests.sampler()
        try await withStudio(model: sampler) { client in
            let model = try JSONDecoder().decode(ModelResponse.self, from: Data((try await client.get("/api/model")).body.readableBytesView))
            let weights = try #require(model.weights)
            #expect(weights.url == "/api/model/weights" && weights.dtype == "F16" && weights.hash.count == 16)

            let response = try await client.get("/api/model/weights")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/octet-stream")
            #expect(response.headers[.eTag] == "\"\(weights.hash)\"")
            #expect(response.headers[HTTPField.Name("X-Model-Hash")!] == weights.hash)
            let bytes = Data(response.body.readableBytesView)
            #expect(bytes.count == weights.bytes)
            #expect(GeneratorFile(bytes: bytes).hash == weights.hash)

            // What acgan export --half writes: F16 weights, the model's metadata, and a generator
            // that loads back and draws what the sampler draws up to float16 rounding.
            let file = try SafeTensorsFile(data: bytes)
            #expect(file.tensors.filter { !$0.key.hasSuffix("num_batches_tracked") }.values.allSatisfy { $0.dtype == .float16 })
            let checkpoint = try TrainingCheckpoint(file: file, path: "served")
            #expect(checkpoint.configuration == sampler.configuration)
            #expect(checkpoint.vocabulary == sampler.vocabulary)
            let reloaded = Sampler(generator: try checkpoint.samplingGenerator(), vocabulary: checkpoint.vocabulary, modelName: "served")
            let labels = [TagLabels(groupIndices: sampler.vocabulary.groups.map { _ in 0 },
                                    binaryTags: sampler.vocabulary.binaryTags.map { _ in true })]
            let latent = [LatentNoise.latent(seed: 3, size: sampler.latentSize)]
            let original = sampler.generate(labels: labels, latents: latent)[0], served = reloaded.generate(labels: labels, latents: latent)[0]
            let differences = zip(original.pixels, served.pixels).map { abs(Int($0) - Int($1)) }
            #expect(differences.max()! <= 3, "float16 weights moved a value by \(differences.max()!) levels")

            // The page's copy is current: 304, no body.
            let again = try await client.execute(uri: "/api/model/weights", method: .get,
                                                 headers: [.ifNoneMatch: "\"\(weights.hash)\""])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let stale = try await client.execute(uri: "/api/model/weights", method: .get, headers: [.ifNoneMatch: "\"0000000000000000\""])
            #expect(stale.status == .ok)
        }
    }

    @Test func theHashIsStableForAModelAndDiffersBetweenModels() throws {
        let first = try #require(try SamplerServingTests.sampler().browserWeights())
        let second = try #require(try SamplerServingTests.sampler().browserWeights())
        #expect(first == second)
        var rng = RandomGenerator(seed: 99)
        let vocabulary = TagVocabulary.syntheticAvatars
        let other = Sampler(generator: Generator(ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: vocabulary.conditionLength,
                                                                    generatorWidth: 4, generatorBlocks: 1), using: &rng),
                            vocabulary: vocabulary, modelName: "tiny sampler")
        #expect(try other.browserWeights()?.hash != first.hash)
        // FNV-1a 64 of "a" (the published test vector).
        #expect(GeneratorFile(bytes: Data("a".utf8)).hash == "af63dc4c8601ec8c")
    }

    @Test func aModelWithoutWeightsSaysSoAndGeneratesOnTheServer() async throws {
        try await withStudio { client in
            let model = try await client.get("/api/model")
            #expect(model.json["weights"] == nil)
            let response = try await client.get("/api/model/weights")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "no_browser_weights")
            #expect(response.errorMessage.contains("cannot run in the browser"), "\(response.errorMessage)")
        }
    }

    @Test func thePageScriptsAreServedAsTheFilesInAssets() async throws {
        try await withStudio { client in
            for script in ["local-generation.js", "studio-random.js", "generator-worker.js", "generator-model.js", "safetensors-reader.js",
                           "service-worker.js"] {
                let response = try await client.get("/\(script)")
                #expect(response.status == .ok, "\(script)")
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(Data(response.body.readableBytesView) == (try Data(contentsOf: Self.assets.appendingPathComponent(script))))
            }
        }
    }
}
