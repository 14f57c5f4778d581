/// Element-wise loops: maps of one tensor, and binary operations with NumPy broadcasting.
///
/// Broadcasting is expressed by strides: a dimension an operand is broadcast along has
/// stride 0. Adjacent dimensions that broadcast the same way are merged first, so the common
/// cases (same shape; per-channel (1,C,1,1) against (N,C,H,W); a scalar) run as long
/// contiguous inner loops.
public enum Elementwise {
    /// The binary operations with broadcasting.
    public enum BinaryOperation: Sendable {
        case add, subtract, multiply, divide
    }

    /// `output[i] = op(a[ia], b[ib])` over `shape`, where `aStrides`/`bStrides` give each
    /// operand's element stride per dimension (0 where it is broadcast). `output` is contiguous.
    public static func binary(
        _ operation: BinaryOperation, shape: [Int],
        a: UnsafePointer<Float>, aStrides: [Int],
        b: UnsafePointer<Float>, bStrides: [Int],
        output: UnsafeMutablePointer<Float>
    ) {
        switch operation {
        case .add: broadcastLoop(shape, a, aStrides, b, bStrides, output) { $0 + $1 }
        case .subtract: broadcastLoop(shape, a, aStrides, b, bStrides, output) { $0 - $1 }
        case .multiply: broadcastLoop(shape, a, aStrides, b, bStrides, output) { $0 * $1 }
        case .divide: broadcastLoop(shape, a, aStrides, b, bStrides, output) { $0 / $1 }
        }
    }

    /// Merges adjacent dimensions that are laid out the same way in both operands, then runs
    /// the innermost merged dimension as a tight loop with constant strides.
    @inline(__always)
    static func broadcastLoop(
        _ shape: [Int], _ a: UnsafePointer<Float>, _ aStrides: [Int],
        _ b: UnsafePointer<Float>, _ bStrides: [Int], _ output: UnsafeMutablePointer<Float>,
        _ f: (Float, Float) -> Float
    ) {
        // Collapse: dims (i, i+1) merge when, for each operand, stride[i] == stride[i+1]*size[i+1].
        var dims: [(size: Int, sa: Int, sb: Int)] = []
        for d in 0..<shape.count where shape[d] != 1 {
            let entry = (size: shape[d], sa: aStrides[d], sb: bStrides[d])
            if let last = dims.last, last.sa == entry.sa * entry.size, last.sb == entry.sb * entry.size {
                dims[dims.count - 1] = (last.size * entry.size, entry.sa, entry.sb)
            } else {
                dims.append(entry)
            }
        }
        if dims.isEmpty { output[0] = f(a[0], b[0]); return }
        let inner = dims.removeLast()
        let outerCount = dims.reduce(1) { $0 * $1.size }
        let n = inner.size, sa = inner.sa, sb = inner.sb
        // Split the outer rows over threads; each chunk starts from its own multi-index.
        parallelFor(0..<outerCount, minimumChunkSize: max(1, parallelGrain / max(n, 1))) { rows in
            var index = [Int](repeating: 0, count: dims.count)
            var offsetA = 0, offsetB = 0
            var rest = rows.lowerBound
            for d in stride(from: dims.count - 1, through: 0, by: -1) {
                index[d] = rest % dims[d].size
                rest /= dims[d].size
                offsetA += index[d] * dims[d].sa
                offsetB += index[d] * dims[d].sb
            }
            var out = output + rows.lowerBound * n
            for _ in rows {
                let pa = a + offsetA, pb = b + offsetB
                if sa == 1 && sb == 1 {
                    for i in 0..<n { out[i] = f(pa[i], pb[i]) }
                } else if sa == 1 && sb == 0 {
                    let vb = pb[0]
                    for i in 0..<n { out[i] = f(pa[i], vb) }
                } else if sa == 0 && sb == 1 {
                    let va = pa[0]
                    for i in 0..<n { out[i] = f(va, pb[i]) }
                } else {
                    for i in 0..<n { out[i] = f(pa[i * sa], pb[i * sb]) }
                }
                out += n
                // Advance the multi-index of the outer dimensions (last fastest).
                var d = dims.count - 1
                while d >= 0 {
                    index[d] += 1
                    offsetA += dims[d].sa
                    offsetB += dims[d].sb
                    if index[d] < dims[d].size { break }
                    offsetA -= dims[d].sa * dims[d].size
                    offsetB -= dims[d].sb * dims[d].size
                    index[d] = 0
                    d -= 1
                }
            }
        }
    }

    /// Element counts below this run on one thread: splitting costs more than it saves.
    public static let parallelGrain = 1 << 15

    /// The unary maps.
    public enum UnaryOperation: Sendable {
        case negate, exp, log, sqrt, tanh, sigmoid, relu, abs
        case leakyRelu(slope: Float)
        case scale(Float)
        case shift(Float)
    }

    /// `output[i] = op(input[i])` for `count` contiguous elements.
    public static func unary(
        _ operation: UnaryOperation, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, count: Int
    ) {
        parallelFor(0..<count, minimumChunkSize: parallelGrain) { range in
            unarySerial(operation, input: input + range.lowerBound, output: output + range.lowerBound, count: range.count)
        }
    }

    static func unarySerial(
        _ operation: UnaryOperation, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, count: Int
    ) {
        switch operation {
        case .negate: for i in 0..<count { output[i] = -input[i] }
        case .exp: for i in 0..<count { output[i] = libmExp(input[i]) }
        case .log: for i in 0..<count { output[i] = libmLog(input[i]) }
        case .sqrt: for i in 0..<count { output[i] = input[i].squareRoot() }
        case .tanh: for i in 0..<count { output[i] = libmTanh(input[i]) }
        case .sigmoid: for i in 0..<count { output[i] = sigmoid(input[i]) }
        case .relu: for i in 0..<count { output[i] = max(input[i], 0) }
        case .abs: for i in 0..<count { output[i] = Swift.abs(input[i]) }
        case .leakyRelu(let slope):
            for i in 0..<count { let x = input[i]; output[i] = x > 0 ? x : x * slope }
        case .scale(let s): for i in 0..<count { output[i] = input[i] * s }
        case .shift(let s): for i in 0..<count { output[i] = input[i] + s }
        }
    }

    /// The gradient of ReLU and LeakyReLU: `output = gradOutput * (x > 0 ? 1 : slope)`.
    /// (slope 0 is ReLU; at x == 0 the gradient is `slope`, as in PyTorch.)
    public static func leakyReluBackward(
        gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, slope: Float,
        output: UnsafeMutablePointer<Float>, count: Int
    ) {
        parallelFor(0..<count, minimumChunkSize: parallelGrain) { range in
            for i in range { output[i] = input[i] > 0 ? gradOutput[i] : gradOutput[i] * slope }
        }
    }

    /// The logistic function, computed without overflow for large |x|.
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + libmExp(-x)) }
        let e = libmExp(x)
        return e / (1 + e)
    }
}
