import Kernels

/// The shape two operands broadcast to (NumPy rules: align on the right; sizes equal or 1).
func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let pa = [Int](repeating: 1, count: rank - a.count) + a
    let pb = [Int](repeating: 1, count: rank - b.count) + b
    return (0..<rank).map { d in
        precondition(pa[d] == pb[d] || pa[d] == 1 || pb[d] == 1,
                     "shapes \(a) and \(b) do not broadcast")
        return max(pa[d], pb[d])
    }
}

/// Element strides of `shape` read as `target` (same rank after left-padding), 0 where broadcast.
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
    var strides = [Int](repeating: 0, count: target.count)
    var running = 1
    for d in stride(from: target.count - 1, through: 0, by: -1) {
        strides[d] = padded[d] == 1 ? 0 : running
        running *= padded[d]
    }
    return strides
}

extension Tensor {
    /// A binary operation with broadcasting; no recording.
    static func computeBinary(_ operation: Elementwise.BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape)
        let result = Tensor(uninitializedShape: shape)
        Elementwise.binary(
            operation, shape: shape,
            a: a.storage.pointer, aStrides: broadcastStrides(a.shape, to: shape),
            b: b.storage.pointer, bStrides: broadcastStrides(b.shape, to: shape),
            output: result.storage.pointer)
        return result
    }

    /// `a + b`, broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        recorded(computeBinary(.add, a, b), name: "add", inputs: [a, b]) { g in
            [a.needsGradient ? g.summed(toShape: a.shape) : nil,
             b.needsGradient ? g.summed(toShape: b.shape) : nil]
        }
    }

    /// `a - b`, broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        recorded(computeBinary(.subtract, a, b), name: "subtract", inputs: [a, b]) { g in
            [a.needsGradient ? g.summed(toShape: a.shape) : nil,
             b.needsGradient ? (-g).summed(toShape: b.shape) : nil]
        }
    }

    /// `a * b` element-wise, broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        recorded(computeBinary(.multiply, a, b), name: "multiply", inputs: [a, b]) { g in
            [a.needsGradient ? (g * b).summed(toShape: a.shape) : nil,
             b.needsGradient ? (g * a).summed(toShape: b.shape) : nil]
        }
    }

    /// `a / b` element-wise, broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        recorded(computeBinary(.divide, a, b), name: "divide", inputs: [a, b]) { g in
            let gradA = a.needsGradient ? (g / b).summed(toShape: a.shape) : nil
            let gradB = b.needsGradient ? (-(g * a) / (b * b)).summed(toShape: b.shape) : nil
            return [gradA, gradB]
        }
    }

    /// A unary map; no recording.
    func computeUnary(_ operation: Elementwise.UnaryOperation) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        Elementwise.unary(operation, input: storage.pointer, output: result.storage.pointer, count: count)
        return result
    }

    /// `-x`.
    public static prefix func - (x: Tensor) -> Tensor {
        recorded(x.computeUnary(.negate), name: "negate", inputs: [x]) { g in [-g] }
    }

    /// `x * s`.
    public static func * (x: Tensor, s: Float) -> Tensor {
        recorded(x.computeUnary(.scale(s)), name: "scale", inputs: [x]) { g in [g * s] }
    }

    /// `s * x`.
    public static func * (s: Float, x: Tensor) -> Tensor { x * s }

    /// `x / s`.
    public static func / (x: Tensor, s: Float) -> Tensor { x * (1 / s) }

    /// `x + s`.
    public static func + (x: Tensor, s: Float) -> Tensor {
        recorded(x.computeUnary(.shift(s)), name: "shift", inputs: [x]) { g in [g] }
    }

    /// `x - s`.
    public static func - (x: Tensor, s: Float) -> Tensor { x + (-s) }

    /// `s - x`.
    public static func - (s: Float, x: Tensor) -> Tensor { (-x) + s }

    /// `x * x`.
    public func squared() -> Tensor { self * self }
}
