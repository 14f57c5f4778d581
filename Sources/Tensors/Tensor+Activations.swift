import Kernels

extension Tensor {
    /// `max(x, 0)`.
    public func relu() -> Tensor { leakyRelu(slope: 0) }

    /// `x > 0 ? x : slope * x`. PyTorch's `leaky_relu` (ReLU for slope 0).
    public func leakyRelu(slope: Float) -> Tensor {
        let x = self
        let result = computeUnary(slope == 0 ? .relu : .leakyRelu(slope: slope))
        return Tensor.recorded(result, name: "leakyRelu", inputs: [x]) { g in
            [Tensor.leakyReluBackward(g, input: x, slope: slope)]
        }
    }

    /// `gradOutput * (input > 0 ? 1 : slope)`: linear in the gradient; `input` only selects
    /// the slope, and its own derivative is zero almost everywhere, so it is not an input of
    /// the recorded operation. Differentiating this again gives the same mask.
    static func leakyReluBackward(_ gradOutput: Tensor, input: Tensor, slope: Float) -> Tensor {
        let result = Tensor(uninitializedShape: gradOutput.shape)
        Elementwise.leakyReluBackward(
            gradOutput: gradOutput.storage.pointer, input: input.storage.pointer, slope: slope,
            output: result.storage.pointer, count: result.count)
        return recorded(result, name: "leakyReluBackward", inputs: [gradOutput]) { gg in
            [leakyReluBackward(gg, input: input, slope: slope)]
        }
    }

    /// The hyperbolic tangent.
    public func tanh() -> Tensor {
        let x = self
        let y = computeUnary(.tanh)
        return Tensor.recorded(y, name: "tanh", inputs: [x]) { g in
            // When the backward pass is recorded, tanh(x) is recomputed as a recorded op so
            // the second derivative flows through it; otherwise the saved output is used.
            let output = GradientMode.isEnabled ? x.tanh() : y
            return [g * (1 - output.squared())]
        }
    }

    /// The logistic function `1 / (1 + exp(-x))`.
    public func sigmoid() -> Tensor {
        let x = self
        let y = computeUnary(.sigmoid)
        return Tensor.recorded(y, name: "sigmoid", inputs: [x]) { g in
            let output = GradientMode.isEnabled ? x.sigmoid() : y
            return [g * output * (1 - output)]
        }
    }

    /// `e^x`.
    public func exp() -> Tensor {
        let x = self
        let y = computeUnary(.exp)
        return Tensor.recorded(y, name: "exp", inputs: [x]) { g in
            [g * (GradientMode.isEnabled ? x.exp() : y)]
        }
    }

    /// The natural logarithm.
    public func log() -> Tensor {
        let x = self
        return Tensor.recorded(computeUnary(.log), name: "log", inputs: [x]) { g in [g / x] }
    }

    /// The square root.
    public func squareRoot() -> Tensor {
        let x = self
        let y = computeUnary(.sqrt)
        return Tensor.recorded(y, name: "sqrt", inputs: [x]) { g in
            [g / ((GradientMode.isEnabled ? x.squareRoot() : y) * 2)]
        }
    }

    /// `|x|` (gradient `sign(x)`, 0 at 0).
    public func absolute() -> Tensor {
        let x = self
        return Tensor.recorded(computeUnary(.abs), name: "abs", inputs: [x]) { g in
            // sign(x) = d|x|/dx: a mask with slope -1 below zero, applied to g.
            let positive = Tensor.leakyReluBackward(g, input: x, slope: -1)
            return [positive]
        }
    }
}
