/// Sums over any set of axes, accumulated in `Double` so that long reductions (a batch-norm
/// channel over 64x16x16 values, a loss over a batch) keep Float's precision in the result.
public enum Reduction {
    /// `output` has the input's shape with every axis in `axes` reduced to 1 (it holds
    /// `product of kept sizes` elements, contiguous). `output[o] = sum of input over the
    /// reduced axes`.
    public static func sum(
        input: UnsafePointer<Float>, shape: [Int], axes: Set<Int>,
        output: UnsafeMutablePointer<Float>
    ) {
        // Output element strides: contiguous over the kept axes, 0 over the reduced ones.
        var outStrides = [Int](repeating: 0, count: shape.count)
        var running = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) where !axes.contains(d) {
            outStrides[d] = running
            running *= shape[d]
        }
        let outCount = running
        // Merge adjacent axes that map to the output the same way (both reduced, or both kept
        // and contiguous).
        var dims: [(size: Int, so: Int)] = []
        for d in 0..<shape.count where shape[d] != 1 {
            let entry = (size: shape[d], so: outStrides[d])
            if let last = dims.last, last.so == entry.so * entry.size {
                dims[dims.count - 1] = (last.size * entry.size, entry.so)
            } else {
                dims.append(entry)
            }
        }
        let accumulator = UnsafeMutablePointer<Double>.allocate(capacity: outCount)
        defer { accumulator.deallocate() }
        accumulator.initialize(repeating: 0, count: outCount)
        if dims.isEmpty {
            accumulator[0] = Double(input[0])
        } else {
            let inner = dims.removeLast()
            let outerCount = dims.reduce(1) { $0 * $1.size }
            var index = [Int](repeating: 0, count: dims.count)
            var offsetOut = 0
            var p = input
            let n = inner.size
            for _ in 0..<outerCount {
                if inner.so == 0 {
                    var s: Double = 0
                    for i in 0..<n { s += Double(p[i]) }
                    accumulator[offsetOut] += s
                } else {
                    let acc = accumulator + offsetOut
                    for i in 0..<n { acc[i] += Double(p[i]) }
                }
                p += n
                var d = dims.count - 1
                while d >= 0 {
                    index[d] += 1
                    offsetOut += dims[d].so
                    if index[d] < dims[d].size { break }
                    offsetOut -= dims[d].so * dims[d].size
                    index[d] = 0
                    d -= 1
                }
            }
        }
        for i in 0..<outCount { output[i] = Float(accumulator[i]) }
    }
}
