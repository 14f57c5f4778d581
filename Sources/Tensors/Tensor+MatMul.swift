import Kernels

/// The matrix product `op(a) * op(b)`, where `op` transposes when asked: a is (M,K), or (K,M)
/// with `transposeA`; b is (K,N), or (N,K) with `transposeB`; the result is (M,N). BLAS sgemm.
/// Its gradients are matrix products again, so it differentiates any number of times.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    precondition(a.rank == 2 && b.rank == 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
    let m = transposeA ? a.shape[1] : a.shape[0]
    let k = transposeA ? a.shape[0] : a.shape[1]
    let kb = transposeB ? b.shape[1] : b.shape[0]
    let n = transposeB ? b.shape[0] : b.shape[1]
    precondition(k == kb, "matmul: inner sizes differ in \(a.shape)\(transposeA ? "ᵀ" : "") x \(b.shape)\(transposeB ? "ᵀ" : "")")
    let result = Tensor(uninitializedShape: [m, n])
    OperationCounts.record("matmul", multiplyAdds: m * n * k)
    Gemm.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
               a: a.storage.pointer, lda: a.shape[1], b: b.storage.pointer, ldb: b.shape[1],
               beta: 0, c: result.storage.pointer, ldc: n)
    return Tensor.recorded(result, name: "matmul", inputs: [a, b]) { g in
        let gradA: Tensor?, gradB: Tensor?
        switch (transposeA, transposeB) {
        case (false, false):
            gradA = a.needsGradient ? matmul(g, b, transposeB: true) : nil
            gradB = b.needsGradient ? matmul(a, g, transposeA: true) : nil
        case (true, false):
            gradA = a.needsGradient ? matmul(b, g, transposeB: true) : nil
            gradB = b.needsGradient ? matmul(a, g) : nil
        case (false, true):
            gradA = a.needsGradient ? matmul(g, b) : nil
            gradB = b.needsGradient ? matmul(g, a, transposeA: true) : nil
        case (true, true):
            gradA = a.needsGradient ? matmul(b, g, transposeA: true, transposeB: true) : nil
            gradB = b.needsGradient ? matmul(g, a, transposeA: true, transposeB: true) : nil
        }
        return [gradA, gradB]
    }
}

/// `x * wᵀ + b`, PyTorch's `F.linear`: x is (N, in), w is (out, in), b is (out).
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
    let y = matmul(x, weight, transposeB: true)
    guard let bias else { return y }
    return y + bias
}
