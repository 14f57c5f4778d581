import Foundation
import ONNX
import Tensors

/// The generator as an ONNX model, for running it outside ACGAN Studio (onnxruntime, a browser
/// runtime, a phone): the same graph as `FoldedGenerator.callAsFunction`, with the batch norms
/// already folded into the convolutions, so it needs only standard operators of opset 17:
/// Concat, Gemm, Relu, Reshape, Conv, Add, Mul, DepthToSpace (PixelShuffle's order: "CRD") or
/// Resize (nearest, 2x), Tanh.
///
/// Inputs `z` (N, latentSize) and `condition` (N, conditionLength), float32, N free; output
/// `image` (N, 3, S, S) in [-1, 1] (pixel = (image + 1) / 2 * 255, as `acgan generate` maps it).
/// The model's metadata holds the configuration and the vocabulary as JSON (the keys of a
/// generator file: `configuration`, `vocabulary`), so a reader can build condition vectors.
extension FoldedGenerator {
    /// The opset the graph uses: every operator above at its version in opset 17.
    public static let onnxOpset: Int64 = 17

    /// The serialised ONNX ModelProto. `metadata` is added to the model's metadata_props.
    public func onnxModel(metadata: [String: String]) throws -> Data {
        var graph = ONNXGraphBuilder(name: "acgan_generator")
        let batch = "N"
        graph.input("z", [.symbol(batch), .size(configuration.latentSize)])
        graph.input("condition", [.symbol(batch), .size(configuration.conditionLength)])
        graph.output("image", [.symbol(batch), .size(3), .size(configuration.imageSize), .size(configuration.imageSize)])

        let width = configuration.generatorWidth, base = ModelConfiguration.baseSize
        let joined = graph.node("Concat", ["z", "condition"], attributes: [.int("axis", 1)])
        let fcOut = graph.node("Gemm", [joined, graph.constant("fc.weight", fc.weight), graph.constant("fc.bias", fc.bias)],
                               attributes: [.int("transB", 1)])
        let h0 = graph.node("Reshape", [graph.node("Relu", [fcOut]),
                                        graph.constant("fc.shape", int64: [-1, Int64(width), Int64(base), Int64(base)])])
        var x = h0
        for (index, block) in blocks.enumerated() {
            let inner = graph.node("Relu", [graph.convolution(x, block.conv1, name: "block\(index).conv1")])
            x = graph.node("Add", [x, graph.convolution(inner, block.conv2, name: "block\(index).conv2")])
        }
        let scaled = graph.node("Add", [graph.node("Mul", [x, graph.constant("post.scale", postScale)]),
                                        graph.constant("post.shift", postShift)])
        var h = graph.node("Add", [graph.node("Relu", [scaled]), h0])
        for (index, stage) in up.enumerated() {
            switch configuration.upsampling {
            case .pixelShuffle:
                let convolved = graph.node("Relu", [graph.convolution(h, stage.conv, name: "up\(index).conv")])
                h = graph.node("DepthToSpace", [convolved],
                               attributes: [.int("blocksize", stage.factor), .string("mode", "CRD")])
            case .nearest:
                let factor = Float(stage.factor)
                let enlarged = graph.node("Resize", [h, "", graph.constant("up\(index).scales", floats: [1, 1, factor, factor])],
                                          attributes: [.string("mode", "nearest"),
                                                       .string("coordinate_transformation_mode", "asymmetric"),
                                                       .string("nearest_mode", "floor")])
                h = graph.node("Relu", [graph.convolution(enlarged, stage.conv, name: "up\(index).conv")])
            }
        }
        graph.node("Tanh", [graph.convolution(h, convOut, name: "out.conv")], output: "image")

        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "acgan-studio"
        model.producerVersion = acganStudioVersion
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Self.onnxOpset
        model.opsetImport = [opset]
        model.graph = graph.graph
        model.metadataProps = metadata.sorted { $0.key < $1.key }.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        return try model.serializedData()
    }
}

/// Builds an ONNX graph node by node, naming every intermediate value.
struct ONNXGraphBuilder {
    enum Dimension {
        case size(Int)
        case symbol(String)
    }

    enum Attribute {
        case int(String, Int)
        case ints(String, [Int])
        case string(String, String)
    }

    private(set) var graph = Onnx_GraphProto()
    private var counter = 0

    init(name: String) { graph.name = name }

    mutating func input(_ name: String, _ shape: [Dimension]) { graph.input.append(Self.valueInfo(name, shape)) }
    mutating func output(_ name: String, _ shape: [Dimension]) { graph.output.append(Self.valueInfo(name, shape)) }

    /// Adds a node and returns the name of its output.
    @discardableResult
    mutating func node(_ operation: String, _ inputs: [String], attributes: [Attribute] = [], output: String? = nil) -> String {
        counter += 1
        let result = output ?? "\(operation.lowercased())_\(counter)"
        var node = Onnx_NodeProto()
        node.opType = operation
        node.name = "\(operation)_\(counter)"
        node.input = inputs
        node.output = [result]
        node.attribute = attributes.map { attribute in
            var proto = Onnx_AttributeProto()
            switch attribute {
            case .int(let name, let value):
                proto.name = name
                proto.type = .int
                proto.i = Int64(value)
            case .ints(let name, let values):
                proto.name = name
                proto.type = .ints
                proto.ints = values.map(Int64.init)
            case .string(let name, let value):
                proto.name = name
                proto.type = .string
                proto.s = Data(value.utf8)
            }
            return proto
        }
        graph.node.append(node)
        return result
    }

    /// A convolution of a folded layer (weight, bias, stride, padding).
    mutating func convolution(_ input: String, _ layer: FoldedGenerator.Layer, name: String) -> String {
        let kernel = layer.weight.shape   // (O, C, KH, KW)
        return node("Conv", [input, constant("\(name).weight", layer.weight), constant("\(name).bias", layer.bias)],
                    attributes: [.ints("kernel_shape", [kernel[2], kernel[3]]), .ints("strides", [layer.stride, layer.stride]),
                                 .ints("pads", Array(repeating: layer.padding, count: 4))])
    }

    /// A float32 initializer with the tensor's shape and values.
    mutating func constant(_ name: String, _ tensor: Tensor) -> String {
        constant(name, floats: tensor.scalars, shape: tensor.shape)
    }

    mutating func constant(_ name: String, floats: [Float], shape: [Int]? = nil) -> String {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        proto.dims = (shape ?? [floats.count]).map(Int64.init)
        // Little-endian float32, as ONNX's raw_data requires.
        proto.rawData = floats.withUnsafeBufferPointer { Data(buffer: $0) }
        graph.initializer.append(proto)
        return name
    }

    mutating func constant(_ name: String, int64 values: [Int64]) -> String {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        proto.dims = [Int64(values.count)]
        proto.rawData = values.withUnsafeBufferPointer { Data(buffer: $0) }
        graph.initializer.append(proto)
        return name
    }

    private static func valueInfo(_ name: String, _ shape: [Dimension]) -> Onnx_ValueInfoProto {
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensorType.shape.dim = shape.map { dimension in
            var proto = Onnx_TensorShapeProto.Dimension()
            switch dimension {
            case .size(let size): proto.dimValue = Int64(size)
            case .symbol(let symbol): proto.dimParam = symbol
            }
            return proto
        }
        var type = Onnx_TypeProto()
        type.tensorType = tensorType
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = type
        return info
    }
}
