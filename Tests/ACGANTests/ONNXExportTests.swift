import ACGAN
import AnimeData
import Foundation
import ONNX
import Tensors
import Testing

/// The ONNX graph `acgan export --format onnx` writes, read back with the same messages: its
/// operators follow the generator's layers, every value a node reads is defined before it, the
/// initializers have the layers' shapes, and the metadata carries the configuration. The numbers
/// themselves are checked by running the model in onnxruntime (`Scripts/onnx_test.py`, in
/// `make test`), which has its own implementation of every operator.
@Suite struct ONNXExportTests {
    @Test(arguments: GeneratorUpsampling.allCases)
    func theGraphFollowsTheGenerator(_ upsampling: GeneratorUpsampling) throws {
        let generator = FoldedGeneratorTests.randomGenerator(seed: 3, upsampling: upsampling)
        let configuration = generator.configuration
        let bytes = try FoldedGenerator(folding: generator).onnxModel(metadata: ["note": "test"])
        let model = try Onnx_ModelProto(serializedBytes: bytes)
        #expect(model.opsetImport.map(\.version) == [FoldedGenerator.onnxOpset])
        #expect(model.metadataProps.map(\.key) == ["note"])
        let graph = model.graph

        // Inputs and output: the batch is symbolic, the rest fixed by the configuration.
        func dims(_ info: Onnx_ValueInfoProto) -> [String] {
            info.type.tensorType.shape.dim.map { $0.dimParam.isEmpty ? String($0.dimValue) : $0.dimParam }
        }
        #expect(graph.input.map(\.name) == ["z", "condition"])
        #expect(graph.input.map(dims) == [["N", "\(configuration.latentSize)"], ["N", "\(configuration.conditionLength)"]])
        #expect(graph.output.map(\.name) == ["image"])
        #expect(graph.output.map(dims) == [["N", "3", "64", "64"]])

        // Operators in order: the head, two convolutions per residual block, the stages, the output.
        let operations = graph.node.map(\.opType)
        let stages = configuration.upsamplingStages
        #expect(operations.filter { $0 == "Conv" }.count == 2 * configuration.generatorBlocks + stages + 1)
        #expect(operations.filter { $0 == (upsampling == .pixelShuffle ? "DepthToSpace" : "Resize") }.count == stages)
        #expect(Array(operations.prefix(4)) == ["Concat", "Gemm", "Relu", "Reshape"])
        #expect(operations.last == "Tanh" && graph.node.last?.output == ["image"])

        // Every input of a node is a graph input, an initializer, an earlier output or "" (absent).
        var defined = Set(graph.input.map(\.name) + graph.initializer.map(\.name) + [""])
        for node in graph.node {
            for input in node.input { #expect(defined.contains(input), "\(node.name) reads undefined \(input)") }
            defined.formUnion(node.output)
        }
        #expect(Set(graph.initializer.map(\.name)).count == graph.initializer.count)

        // Initializers: float32 raw data of their shape; the convolution weights have the layers' shapes.
        for tensor in graph.initializer {
            let elements = tensor.dims.reduce(1, *)
            let width = tensor.dataType == Int32(Onnx_TensorProto.DataType.int64.rawValue) ? 8 : 4
            #expect(tensor.rawData.count == Int(elements) * width, "\(tensor.name)")
        }
        let weights = Dictionary(uniqueKeysWithValues: graph.initializer.map { ($0.name, $0.dims.map(Int.init)) })
        let width = configuration.generatorWidth
        #expect(weights["fc.weight"] == [width * 16 * 16, configuration.latentSize + configuration.conditionLength])
        #expect(weights["block0.conv1.weight"] == [width, width, 3, 3])
        #expect(weights["up0.conv.weight"] == [upsampling == .pixelShuffle ? 4 * width : width, width, 3, 3])
        #expect(weights["out.conv.weight"] == [3, width, 3, 3])
        // The Conv nodes carry their kernel, stride and padding.
        let conv = try #require(graph.node.first { $0.opType == "Conv" })
        let attributes = Dictionary(uniqueKeysWithValues: conv.attribute.map { ($0.name, $0.ints) })
        #expect(attributes["kernel_shape"] == [3, 3] && attributes["strides"] == [1, 1] && attributes["pads"] == [1, 1, 1, 1])
    }

    /// The written file: atomically replaced, and its metadata names the format, configuration and vocabulary.
    @Test func aCheckpointWritesItsModelWithMetadata() throws {
        let generator = FoldedGeneratorTests.randomGenerator(seed: 4, upsampling: .nearest)
        let vocabulary = TagVocabulary(groups: [], binaryTags: (0..<6).map { TagVocabulary.BinaryTag(name: "tag\($0)", prior: 0.5) })
        let checkpoint = TrainingCheckpoint(generator: generator, vocabulary: vocabulary, notes: ["iterations": "7"])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("onnx-\(UUID().uuidString).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try checkpoint.writeONNX(to: url)
        let model = try Onnx_ModelProto(serializedBytes: Data(contentsOf: url))
        let metadata = Dictionary(uniqueKeysWithValues: model.metadataProps.map { ($0.key, $0.value) })
        #expect(metadata["format"] == "acgan-studio-onnx-generator")
        #expect(metadata["iterations"] == "7")
        let configuration = try JSONDecoder().decode(ModelConfiguration.self, from: Data(try #require(metadata["configuration"]).utf8))
        #expect(configuration == generator.configuration)
        #expect(try #require(metadata["vocabulary"]).contains("tag5"))
    }
}
