// An activation a forward convolution applies to its own output (a fused post-op).

/// What a forward convolution applies to its output before returning it. oneDNN runs it as an
/// eltwise post-op inside the primitive, on the blocked output while it is in registers, so it
/// costs no pass of its own; im2col and the dual apply it in a loop over their output (a
/// separate pass, but only on the shapes and fallbacks those algorithms take).
public enum ConvolutionActivation: String, Sendable, Hashable, CaseIterable {
    /// The convolution's output as it is.
    case identity
    /// `max(y, 0)`.
    case relu

    /// Applies the activation in place to `count` contiguous values, on the calling thread
    /// (callers are already inside their own `parallelFor` chunk, or split the work).
    func applySerial(to values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: return
        case .relu: Elementwise.unarySerial(.relu, input: values, output: values, count: count)
        }
    }

    /// Applies the activation in place to `count` contiguous values, split over threads.
    func apply(to values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: return
        case .relu: Elementwise.unary(.relu, input: values, output: values, count: count)
        }
    }
}
