// The fast convolution: oneDNN for most layers, im2col variants where oneDNN is weak.
//
// MEASUREMENTS_PLACEHOLDER

/// 2-D convolution, forward and both backward passes. x is (N,C,H,W), w is (O,C,KH,KW),
/// y is (N,O,OH,OW), all contiguous NCHW `Float`; the shape must be valid
/// (`Conv2dShape.isValid`). Every call overwrites its outputs.
///
/// Each pass goes to `ConvolutionAlgorithm.chosen(for:pass:)` unless `algorithm` forces one
/// (tests and benchmarks). All algorithms split the batch over `parallelFor`; called from
/// inside another `parallelFor` they run on the calling thread.
public enum Convolution {
    /// y = conv(x, w) + b (b broadcast over N, OH, OW; nil means no bias).
    public static func forward(_ s: Conv2dShape, input: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>,
                               algorithm: ConvolutionAlgorithm? = nil) {
        switch resolve(algorithm, s, .forward) {
        case .oneDNN:
            DNNLConvolution.forward(s, input: input, weight: weight, bias: bias, output: output)
        case .im2col:
            Im2colConvolution.forward(s, input: input, weight: weight, bias: bias, output: output)
        case .dualIm2col:
            DualIm2colConvolution.forward(s, input: input, weight: weight, bias: bias,
                                          output: output)
        }
    }

    /// dL/dx from dL/dy.
    public static func backwardInput(_ s: Conv2dShape, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>,
                                     gradInput: UnsafeMutablePointer<Float>,
                                     algorithm: ConvolutionAlgorithm? = nil) {
        switch resolve(algorithm, s, .backwardInput) {
        case .oneDNN:
            DNNLConvolution.backwardInput(s, gradOutput: gradOutput, weight: weight,
                                          gradInput: gradInput)
        case .im2col:
            Im2colConvolution.backwardInput(s, gradOutput: gradOutput, weight: weight,
                                            gradInput: gradInput)
        case .dualIm2col:
            DualIm2colConvolution.backwardInput(s, gradOutput: gradOutput, weight: weight,
                                                gradInput: gradInput)
        }
    }

    /// dL/dw, and dL/db unless `gradBias` is nil.
    public static func backwardWeight(_ s: Conv2dShape, input: UnsafePointer<Float>,
                                      gradOutput: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>,
                                      gradBias: UnsafeMutablePointer<Float>?,
                                      algorithm: ConvolutionAlgorithm? = nil) {
        switch resolve(algorithm, s, .backwardWeight) {
        case .oneDNN:
            DNNLConvolution.backwardWeight(s, input: input, gradOutput: gradOutput,
                                           gradWeight: gradWeight, gradBias: gradBias)
        case .im2col:
            Im2colConvolution.backwardWeight(s, input: input, gradOutput: gradOutput,
                                             gradWeight: gradWeight, gradBias: gradBias)
        case .dualIm2col:
            DualIm2colConvolution.backwardWeight(s, input: input, gradOutput: gradOutput,
                                                 gradWeight: gradWeight, gradBias: gradBias)
        }
    }

    /// The forced algorithm if it supports the shape (else plain im2col, which runs every
    /// shape), or the automatic choice.
    private static func resolve(_ forced: ConvolutionAlgorithm?, _ s: Conv2dShape,
                                _ pass: ConvolutionPass) -> ConvolutionAlgorithm {
        guard let forced else { return ConvolutionAlgorithm.chosen(for: s, pass: pass) }
        return forced.supports(s) ? forced : .im2col
    }
}
