// Which convolution implementation runs a pass, and the rule that picks one.

/// One of the three passes of a convolution.
public enum ConvolutionPass: String, Sendable, CaseIterable {
    /// y from x and w.
    case forward
    /// dL/dx from dL/dy and w.
    case backwardInput
    /// dL/dw (and dL/db) from x and dL/dy.
    case backwardWeight
}

/// The convolution implementations in `Kernels`. `Convolution` picks one per shape and pass
/// with `ConvolutionSelection` (a timed trial, or `rule(for:pass:)` when pinned); tests and
/// benchmarks can force one.
public enum ConvolutionAlgorithm: String, Sendable, CaseIterable {
    /// oneDNN primitives (blocked layouts, JIT kernels for the CPU found at run time), one
    /// single-threaded primitive per thread, split over the batch.
    case oneDNN
    /// im2col + OpenBLAS sgemm, split over the batch.
    case im2col
    /// im2col of the dual (transposed) convolution + OpenBLAS: for stride 1 and few output
    /// channels.
    case dualIm2col
    /// oneDNN's Winograd primitives (F(4x4, 3x3) on 16-channel blocks, AVX-512), run like
    /// `oneDNN`: 3x3 kernels with stride 1 only, where oneDNN has them. Never a rule; the timed
    /// trial takes it where it is clearly faster.
    case winograd

    /// True when this algorithm can run `s`: the dual needs stride 1 and padding below the
    /// kernel size; oneDNN falls back to im2col internally when it cannot build a primitive,
    /// so it accepts every valid shape.
    public func supports(_ s: Conv2dShape) -> Bool {
        switch self {
        case .oneDNN, .im2col: return true
        case .dualIm2col: return DualIm2colConvolution.supports(s)
        case .winograd:
            return s.kernelHeight == 3 && s.kernelWidth == 3 && s.stride == 1
                && DNNLConvolution.plan(s, .forward, winograd: true) != nil
        }
    }

    /// The fixed rule (see the measurements in Convolution.swift, made on an AMD EPYC Zen 4):
    /// what `ConvolutionSelection` uses with `ACGAN_CONVOLUTION=rules`, and the choice a
    /// timed trial keeps unless another algorithm is clearly faster:
    /// - the dual when the output has fewer than 16 channels and fewer than the input
    ///   (stride 1): G's last layer, 64 -> 3;
    /// - im2col for the input gradient when the input has fewer than 16 channels (D's first
    ///   layer, 3 -> 32), where oneDNN pads the 3 channels to a block of 16;
    /// - oneDNN otherwise.
    public static func rule(for s: Conv2dShape, pass: ConvolutionPass) -> ConvolutionAlgorithm {
        if s.outputChannels < 16 && s.outputChannels < s.inputChannels
            && DualIm2colConvolution.supports(s) {
            return .dualIm2col
        }
        if pass == .backwardInput && s.inputChannels < 16 { return .im2col }
        return .oneDNN
    }

    /// True when oneDNN builds primitives for all three passes of `s` itself (no im2col
    /// fallback). For tests and diagnostics; `Convolution` never needs to ask.
    public static func oneDNNBuilds(_ s: Conv2dShape) -> Bool {
        ConvolutionPass.allCases.allSatisfy { DNNLConvolution.plan(s, $0) != nil }
    }
}
