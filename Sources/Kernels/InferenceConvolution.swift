// One convolution of an inference program: a oneDNN inference primitive with its weights
// reordered once, activations kept in the program's layout, run on the calling thread.
import CDNNL

/// A forward convolution prepared once for inference on a fixed batch: a oneDNN
/// `forward_inference` primitive for one thread, reading and writing activations in a
/// `ChannelBlockedLayout` (so consecutive layers need no reorder), with its weights and bias
/// copied and reordered into the primitive's layout at creation (never again), optionally
/// ReLU and/or accumulation into the output (`dst = dst + conv`, for residual adds) as
/// post-ops. Everything an execution needs (stream, memory objects, argument list) is built
/// here but the scratch memory, which the caller passes (shared by consecutive layers).
///
/// Not thread-safe: one thread runs it at a time (an inference program is built per thread).
public final class InferenceConvolution: @unchecked Sendable {
    // @unchecked: the mutable state (data handles) is only touched by the one thread that runs it.
    public let shape: Conv2dShape
    /// oneDNN's name for the implementation it chose (for logs and benchmarks).
    public let implementation: String
    private let primitive: dnnl_primitive_t
    private let stream: dnnl_stream_t
    private let source: dnnl_memory_t, destination: dnnl_memory_t
    private let weightMemory: dnnl_memory_t, biasMemory: dnnl_memory_t
    private let scratchpadMemory: dnnl_memory_t
    private let weights: UnsafeMutableRawPointer, biases: UnsafeMutablePointer<Float>
    /// Bytes of scratch memory an execution needs (`run`'s `scratchpad`).
    public let scratchpadBytes: Int
    private let arguments: UnsafeMutablePointer<dnnl_exec_arg_t>
    private static let argumentCount = 5

    /// Nil when oneDNN has no engine or offers only its reference implementation for this
    /// shape and layout (then the caller takes another path). `weight` is (O, C, KH, KW) and
    /// `bias` (O), both read once here. The output is in `outputLayout` (default: `layout`).
    /// With `winograd`, oneDNN's Winograd algorithm (F(4x4, 3x3) or F(2x2, 3x3), for 3x3
    /// kernels with stride 1 on 16-channel blocks with AVX-512): about 2.25-4x fewer
    /// multiplications, with rounding errors a few times those of the direct sum (see
    /// `GeneratorProgram`); nil where oneDNN does not offer it.
    public init?(_ s: Conv2dShape, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                 layout: ChannelBlockedLayout, outputLayout: ChannelBlockedLayout? = nil, relu: Bool = false,
                 accumulate: Bool = false, winograd: Bool = false) {
        let outputLayout = outputLayout ?? layout
        guard s.isValid, layout.fits(channels: s.inputChannels), outputLayout.fits(channels: s.outputChannels),
              let engine = DNNLEngine.shared?.handle else { return nil }
        omp_set_num_threads(1)
        func tag(_ layout: ChannelBlockedLayout) -> dnnl_format_tag_t {
            switch layout {
            case .nhwc: dnnl_nhwc
            case .blocked8: dnnl_nChw8c
            case .blocked16: dnnl_nChw16c
            }
        }
        var sourceDescriptor = dnnl_memory_desc_t(), destinationDescriptor = dnnl_memory_desc_t()
        var plainWeight = dnnl_memory_desc_t(), anyWeight = dnnl_memory_desc_t()
        var biasDescriptor = dnnl_memory_desc_t()
        let (n, c, o) = (Int64(s.batch), Int64(s.inputChannels), Int64(s.outputChannels))
        guard acgan_dnnl_memory_desc_4d(&sourceDescriptor, n, c, Int64(s.inputHeight), Int64(s.inputWidth),
                                        tag(layout)) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&destinationDescriptor, n, o, Int64(s.outputHeight), Int64(s.outputWidth),
                                        tag(outputLayout)) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&plainWeight, o, c, Int64(s.kernelHeight), Int64(s.kernelWidth),
                                        dnnl_oihw) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&anyWeight, o, c, Int64(s.kernelHeight), Int64(s.kernelWidth),
                                        dnnl_format_tag_any) == dnnl_success,
              acgan_dnnl_memory_desc_1d(&biasDescriptor, o) == dnnl_success
        else { return nil }
        var operation = dnnl_convolution_desc_t()
        let algorithm = winograd ? dnnl_convolution_winograd : dnnl_convolution_direct
        guard acgan_dnnl_convolution_forward(&operation, dnnl_forward_inference, algorithm, &sourceDescriptor, &anyWeight,
                                             &biasDescriptor, &destinationDescriptor, Int64(s.stride),
                                             Int64(s.padding)) == dnnl_success
        else { return nil }
        var attributes: dnnl_primitive_attr_t?
        guard dnnl_primitive_attr_create(&attributes) == dnnl_success else { return nil }
        defer { dnnl_primitive_attr_destroy(attributes) }
        dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user)
        var postOps: dnnl_post_ops_t?
        guard dnnl_post_ops_create(&postOps) == dnnl_success, let postOps else { return nil }
        defer { dnnl_post_ops_destroy(postOps) }
        // The sum first: relu(dst + conv) when both are asked for.
        if accumulate { guard dnnl_post_ops_append_sum(postOps, 1) == dnnl_success else { return nil } }
        if relu {
            guard dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0) == dnnl_success
            else { return nil }
        }
        guard dnnl_primitive_attr_set_post_ops(attributes, postOps) == dnnl_success else { return nil }
        var descriptor: dnnl_primitive_desc_t?
        guard dnnl_primitive_desc_create(&descriptor, &operation, attributes, engine, nil) == dnnl_success,
              let descriptor else { return nil }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        var name: UnsafePointer<CChar>?
        _ = dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &name)
        let implementation = name.map { String(cString: $0) } ?? "unknown"
        // The reference implementation is a plain loop nest, far slower than any other path.
        guard !implementation.hasPrefix("ref") else { return nil }
        guard var chosenWeight = dnnl_primitive_desc_query_md(descriptor, dnnl_query_weights_md, 0)?.pointee,
              var scratchpadDescriptor = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0)?.pointee
        else { return nil }

        var created: dnnl_primitive_t?, stream: dnnl_stream_t?
        guard dnnl_primitive_create(&created, descriptor) == dnnl_success, let created else { return nil }
        guard dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success,
              let stream else {
            dnnl_primitive_destroy(created)
            return nil
        }
        // Our copies of the weights (in the primitive's layout) and bias, and the scratchpad.
        let weightBytes = dnnl_memory_desc_get_size(&chosenWeight)
        let scratchpadBytes = dnnl_memory_desc_get_size(&scratchpadDescriptor)
        let weights = UnsafeMutableRawPointer.allocate(byteCount: max(weightBytes, 64), alignment: 64)
        let biases = UnsafeMutablePointer<Float>.allocate(capacity: s.outputChannels)
        biases.update(from: bias, count: s.outputChannels)
        var memories: [dnnl_memory_t] = []
        func memory(_ descriptor: inout dnnl_memory_desc_t, _ data: UnsafeMutableRawPointer?) -> dnnl_memory_t? {
            var made: dnnl_memory_t?
            guard dnnl_memory_create(&made, &descriptor, engine, data) == dnnl_success, let made else { return nil }
            memories.append(made)
            return made
        }
        func release() {
            for made in memories { dnnl_memory_destroy(made) }
            dnnl_stream_destroy(stream)
            dnnl_primitive_destroy(created)
            weights.deallocate()
            biases.deallocate()
        }
        // The weights, reordered once from OIHW into the primitive's layout.
        guard let source = memory(&sourceDescriptor, nil), let destination = memory(&destinationDescriptor, nil),
              let weightMemory = memory(&chosenWeight, weights),
              let biasMemory = memory(&biasDescriptor, UnsafeMutableRawPointer(biases)),
              let scratchpadMemory = memory(&scratchpadDescriptor, nil),
              let plainWeightMemory = memory(&plainWeight, UnsafeMutableRawPointer(mutating: weight)),
              Self.reorder(from: plainWeightMemory, &plainWeight, to: weightMemory, &chosenWeight, engine, stream)
        else {
            release()
            return nil
        }
        dnnl_memory_destroy(plainWeightMemory)
        self.shape = s
        self.implementation = implementation
        self.primitive = created
        self.stream = stream
        self.source = source
        self.destination = destination
        self.weightMemory = weightMemory
        self.biasMemory = biasMemory
        self.scratchpadMemory = scratchpadMemory
        self.weights = weights
        self.biases = biases
        self.scratchpadBytes = scratchpadBytes
        arguments = .allocate(capacity: Self.argumentCount)
        arguments[0] = dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: source)
        arguments[1] = dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: weightMemory)
        arguments[2] = dnnl_exec_arg_t(arg: DNNL_ARG_BIAS, memory: biasMemory)
        arguments[3] = dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: destination)
        arguments[4] = dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpadMemory)
    }

    private static func reorder(from source: dnnl_memory_t, _ sourceDescriptor: inout dnnl_memory_desc_t,
                                to target: dnnl_memory_t, _ targetDescriptor: inout dnnl_memory_desc_t,
                                _ engine: dnnl_engine_t, _ stream: dnnl_stream_t) -> Bool {
        var descriptor: dnnl_primitive_desc_t?
        guard dnnl_reorder_primitive_desc_create(&descriptor, &sourceDescriptor, engine, &targetDescriptor,
                                                 engine, nil) == dnnl_success, let descriptor else { return false }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        var reorder: dnnl_primitive_t?
        guard dnnl_primitive_create(&reorder, descriptor) == dnnl_success, let reorder else { return false }
        defer { dnnl_primitive_destroy(reorder) }
        var arguments = [dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: source),
                         dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: target)]
        return dnnl_primitive_execute(reorder, stream, 2, &arguments) == dnnl_success
            && dnnl_stream_wait(stream) == dnnl_success
    }

    deinit {
        for made in [source, destination, weightMemory, biasMemory, scratchpadMemory] { dnnl_memory_destroy(made) }
        dnnl_stream_destroy(stream)
        dnnl_primitive_destroy(primitive)
        weights.deallocate()
        biases.deallocate()
        arguments.deallocate()
    }

    /// Runs the convolution on the calling thread: `input` and `output` hold `shape.batch`
    /// images in the layouts given at creation; with `accumulate`, `output` is read and the
    /// convolution added to it. `scratchpad` holds at least `scratchpadBytes` bytes, 64-byte
    /// aligned (one buffer can serve every convolution a thread runs one after another).
    /// False if oneDNN reports an error.
    public func run(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                    scratchpad: UnsafeMutableRawPointer?) -> Bool {
        omp_set_num_threads(1)
        guard dnnl_memory_set_data_handle(source, UnsafeMutableRawPointer(mutating: input)) == dnnl_success,
              dnnl_memory_set_data_handle(destination, UnsafeMutableRawPointer(output)) == dnnl_success,
              dnnl_memory_set_data_handle(scratchpadMemory, scratchpad) == dnnl_success
        else { return false }
        return dnnl_primitive_execute(primitive, stream, Int32(Self.argumentCount), arguments) == dnnl_success
            && dnnl_stream_wait(stream) == dnnl_success
    }
}
