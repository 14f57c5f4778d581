import Kernels

/// 2-D convolution (cross-correlation, as PyTorch's `conv2d`): x is (N,C,H,W), weight is
/// (O,C,KH,KW), bias is (O); the result is (N,O,OH,OW) with OH = (H + 2p - KH)/s + 1.
///
/// The input and weight gradients are operations of their own (`conv2dBackwardInput`,
/// `conv2dBackwardWeight`), each differentiable, so convolutions differentiate twice.
public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) -> Tensor {
    convolution(x, weight: weight, bias: bias, stride: stride, padding: padding, activation: .identity)
}

/// `conv2d(x, weight:, bias:).relu()` in one pass: the ReLU runs inside the convolution (a
/// oneDNN post-op), so the pre-activation is never written. For inference (the folded
/// generator); it differentiates like the two operations it replaces.
public func conv2dReLU(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) -> Tensor {
    convolution(x, weight: weight, bias: bias, stride: stride, padding: padding, activation: .relu)
}

/// The forward convolution with a fused activation, and its gradients.
private func convolution(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int,
                         activation: ConvolutionActivation) -> Tensor {
    precondition(x.rank == 4 && weight.rank == 4 && x.shape[1] == weight.shape[1],
                 "conv2d: input \(x.shape) and weight \(weight.shape) do not fit")
    let shape = Conv2dShape(
        batch: x.shape[0], inputChannels: x.shape[1], outputChannels: weight.shape[0],
        inputHeight: x.shape[2], inputWidth: x.shape[3], kernelHeight: weight.shape[2],
        kernelWidth: weight.shape[3], stride: stride, padding: padding)
    let result = Tensor(uninitializedShape: [shape.batch, shape.outputChannels, shape.outputHeight, shape.outputWidth])
    // A fused activation is free next to the convolution: counted as the convolution alone.
    OperationCounts.record("conv2d", multiplyAdds: shape.multiplyAdds)
    Convolution.forward(shape, input: x.storage.pointer, weight: weight.storage.pointer,
                        bias: bias.map { UnsafePointer($0.storage.pointer) }, output: result.storage.pointer,
                        activation: activation)
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    // Through the ReLU first: its output is positive exactly where its input was, so the output
    // is the mask (the pre-activation was never stored). Kept only then: a plain convolution's
    // backward needs no output, and training's memory stays as it was.
    let reluMask: Tensor? = activation == .relu ? result : nil
    let name = activation == .identity ? "conv2d" : "conv2dReLU"
    return Tensor.recorded(result, name: name, inputs: inputs) { upstream in
        let g = reluMask.map { Tensor.leakyReluBackward(upstream, input: $0, slope: 0) } ?? upstream
        var grads: [Tensor?] = [
            x.needsGradient ? conv2dBackwardInput(g, weight: weight, shape: shape) : nil,
            weight.needsGradient ? conv2dBackwardWeight(x, gradOutput: g, shape: shape) : nil,
        ]
        if let bias { grads.append(bias.needsGradient ? g.sum(alongAxes: [0, 2, 3]) : nil) }
        return grads
    }
}

/// The gradient of `conv2d` with respect to its input (a transposed convolution of `gradOutput`
/// with `weight`), as an operation that is itself differentiable:
/// d/dgradOutput is `conv2d(., weight)`, d/dweight is `conv2dBackwardWeight(., gradOutput)`.
public func conv2dBackwardInput(_ gradOutput: Tensor, weight: Tensor, shape: Conv2dShape) -> Tensor {
    let result = Tensor(uninitializedShape: [shape.batch, shape.inputChannels, shape.inputHeight, shape.inputWidth])
    OperationCounts.record("conv2dBackwardInput", multiplyAdds: shape.multiplyAdds)
    Convolution.backwardInput(shape, gradOutput: gradOutput.storage.pointer, weight: weight.storage.pointer,
                              gradInput: result.storage.pointer)
    return Tensor.recorded(result, name: "conv2dBackwardInput", inputs: [gradOutput, weight]) { gg in
        [gradOutput.needsGradient ? conv2d(gg, weight: weight, bias: nil, stride: shape.stride, padding: shape.padding) : nil,
         weight.needsGradient ? conv2dBackwardWeight(gg, gradOutput: gradOutput, shape: shape) : nil]
    }
}

/// The gradient of `conv2d` with respect to its weight, as an operation that is itself
/// differentiable: it is bilinear in `input` and `gradOutput`, and
/// <gg, dW(x, g)> = <g, conv2d(x, gg)> = <x, conv2dBackwardInput(g, gg)>.
public func conv2dBackwardWeight(_ input: Tensor, gradOutput: Tensor, shape: Conv2dShape) -> Tensor {
    let result = Tensor(uninitializedShape: [shape.outputChannels, shape.inputChannels, shape.kernelHeight, shape.kernelWidth])
    OperationCounts.record("conv2dBackwardWeight", multiplyAdds: shape.multiplyAdds)
    Convolution.backwardWeight(shape, input: input.storage.pointer, gradOutput: gradOutput.storage.pointer,
                               gradWeight: result.storage.pointer, gradBias: nil)
    return Tensor.recorded(result, name: "conv2dBackwardWeight", inputs: [input, gradOutput]) { gg in
        [input.needsGradient ? conv2dBackwardInput(gradOutput, weight: gg, shape: shape) : nil,
         gradOutput.needsGradient ? conv2d(input, weight: gg, bias: nil, stride: shape.stride, padding: shape.padding) : nil]
    }
}
