// Building and caching oneDNN convolution plans.
import CDNNL
import Synchronization

/// Plans are cached by (sub-batch shape, pass, fused activation): a training loop builds each
/// one once.
extension DNNLConvolution {
    struct PlanKey: Hashable {
        var shape: Conv2dShape
        var pass: Pass
        var activation: ConvolutionActivation
        var winograd: Bool
    }

    /// Built plans by (sub-batch shape, pass, activation); a nil value records a shape oneDNN
    /// refused.
    static let plans = Mutex<[PlanKey: DNNLPlan?]>([:])

    /// The cached plan, built on first use (under the lock, so it is built once). Only the
    /// forward pass takes an activation.
    static func plan(_ shape: Conv2dShape, _ pass: Pass,
                     activation: ConvolutionActivation = .identity, winograd: Bool = false) -> DNNLPlan? {
        precondition(pass == .forward || activation == .identity,
                     "only a forward convolution fuses an activation")
        let key = PlanKey(shape: shape, pass: pass, activation: activation, winograd: winograd)
        return plans.withLock { cache in
            if let known = cache[key] { return known }
            let built = build(shape, pass, activation: activation, winograd: winograd)
            cache[key] = built
            return built
        }
    }

    /// Creates the primitive for one pass: activations and weights in whatever layout oneDNN
    /// prefers ("any", in practice 16-channel blocks), NCHW/OIHW/1-D on our side, with the
    /// reorders in between. Nil when oneDNN refuses (the caller then uses im2col).
    /// A forward pass with an activation is an inference primitive (`dnnl_forward_inference`)
    /// with the activation as an eltwise post-op; the plain forward stays a training one, as
    /// the backward primitives need it as their hint.
    /// With `winograd`, every pass uses oneDNN's Winograd algorithm (nil where it has none).
    static func build(_ s: Conv2dShape, _ pass: Pass,
                      activation: ConvolutionActivation = .identity, winograd: Bool = false) -> DNNLPlan? {
        let algorithm = winograd ? dnnl_convolution_winograd : dnnl_convolution_direct
        // Primitives pick their thread split at creation: create them single-threaded.
        omp_set_num_threads(1)
        guard let engine = DNNLEngine.shared?.handle else { return nil }
        var plainInput = dnnl_memory_desc_t(), plainWeight = dnnl_memory_desc_t()
        var plainBias = dnnl_memory_desc_t(), plainOutput = dnnl_memory_desc_t()
        var anyInput = dnnl_memory_desc_t(), anyWeight = dnnl_memory_desc_t()
        var anyOutput = dnnl_memory_desc_t()
        let (n, c, o) = (Int64(s.batch), Int64(s.inputChannels), Int64(s.outputChannels))
        let (h, w) = (Int64(s.inputHeight), Int64(s.inputWidth))
        let (kh, kw) = (Int64(s.kernelHeight), Int64(s.kernelWidth))
        let (oh, ow) = (Int64(s.outputHeight), Int64(s.outputWidth))
        let stride = Int64(s.stride), padding = Int64(s.padding)
        guard acgan_dnnl_memory_desc_4d(&plainInput, n, c, h, w, dnnl_nchw) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&plainWeight, o, c, kh, kw, dnnl_oihw) == dnnl_success,
              acgan_dnnl_memory_desc_1d(&plainBias, o) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&plainOutput, n, o, oh, ow, dnnl_nchw) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&anyInput, n, c, h, w, dnnl_format_tag_any) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&anyWeight, o, c, kh, kw, dnnl_format_tag_any) == dnnl_success,
              acgan_dnnl_memory_desc_4d(&anyOutput, n, o, oh, ow, dnnl_format_tag_any) == dnnl_success
        else { return nil }
        var forwardOperation = dnnl_convolution_desc_t()
        let propagation = activation == .identity ? dnnl_forward_training : dnnl_forward_inference
        guard acgan_dnnl_convolution_forward(&forwardOperation, propagation, algorithm, &anyInput, &anyWeight,
                                             &plainBias, &anyOutput, stride, padding) == dnnl_success
        else { return nil }
        if pass == .forward {
            return DNNLPlan(operation: &forwardOperation, hint: nil, activation: activation, ports: [
                (DNNL_ARG_SRC, plainInput, dnnl_query_src_md, 0, true),
                (DNNL_ARG_WEIGHTS, plainWeight, dnnl_query_weights_md, 0, true),
                (DNNL_ARG_BIAS, plainBias, dnnl_query_weights_md, 1, true),
                (DNNL_ARG_DST, plainOutput, dnnl_query_dst_md, 0, false),
            ])
        }
        // Backward primitives need the forward primitive descriptor as a hint.
        var hint: dnnl_primitive_desc_t?
        guard dnnl_primitive_desc_create(&hint, &forwardOperation, nil, engine, nil) == dnnl_success,
              let hint else { return nil }
        defer { dnnl_primitive_desc_destroy(hint) }
        var operation = dnnl_convolution_desc_t()
        if pass == .backwardInput {
            guard acgan_dnnl_convolution_backward_data(&operation, algorithm, &anyInput, &anyWeight,
                                                       &anyOutput, stride, padding) == dnnl_success
            else { return nil }
            return DNNLPlan(operation: &operation, hint: hint, ports: [
                (DNNL_ARG_DIFF_DST, plainOutput, dnnl_query_diff_dst_md, 0, true),
                (DNNL_ARG_WEIGHTS, plainWeight, dnnl_query_weights_md, 0, true),
                (DNNL_ARG_DIFF_SRC, plainInput, dnnl_query_diff_src_md, 0, false),
            ])
        }
        guard acgan_dnnl_convolution_backward_weights(&operation, algorithm, &anyInput, &anyWeight,
                                                      &plainBias, &anyOutput, stride, padding)
            == dnnl_success else { return nil }
        return DNNLPlan(operation: &operation, hint: hint, ports: [
            (DNNL_ARG_SRC, plainInput, dnnl_query_src_md, 0, true),
            (DNNL_ARG_DIFF_DST, plainOutput, dnnl_query_diff_dst_md, 0, true),
            (DNNL_ARG_DIFF_WEIGHTS, plainWeight, dnnl_query_diff_weights_md, 0, false),
            (DNNL_ARG_DIFF_BIAS, plainBias, dnnl_query_diff_weights_md, 1, false),
        ])
    }
}
