// Matrix products through OpenBLAS, split over our own threads.
import CBLAS

/// Single-precision GEMM on row-major matrices.
///
/// Threading: OpenBLAS is set to one thread the first time `sgemm` runs (see `Threads` for the
/// policy); large products are split over `parallelFor` along the longer of `m` and `n`.
/// Inside another `parallelFor` (for example a convolution split over the batch) the whole
/// product runs single-threaded on the calling thread.
public enum Gemm {
    /// Runs once: OpenBLAS's own thread pool stays idle so it never competes with ours.
    static let openBLASSingleThreaded: Bool = {
        BLASKernels.prepare()
        openblas_set_num_threads(1)
        return true
    }()

    /// Below this many multiply-adds a product runs on one thread: the split costs more.
    static let parallelThreshold = 1 << 17

    /// Row-major `C = alpha * op(A) * op(B) + beta * C`, where `op(A)` is (m, k), `op(B)` is
    /// (k, n) and C is (m, n). A is stored (m, k) with leading dimension `lda`, or (k, m) when
    /// `transposeA`; likewise B is (k, n) or (n, k). When `beta` is 0, C is not read (NaNs in
    /// C do not propagate), as in BLAS.
    public static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int, beta: Float,
                             c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = openBLASSingleThreaded
        if m <= 0 || n <= 0 { return }
        let work = m * n * max(k, 1)
        let splitRows = m >= n
        let length = splitRows ? m : n
        // Column chunks of at least 16 keep the OpenBLAS micro-kernel's panels full.
        let minimumChunk = splitRows ? 4 : 16
        // Inside another fan-out the split would only run piece after piece: one call is
        // faster, and the result is the same (the split never changes a dot product's order).
        if work < parallelThreshold || Threads.fanOutInProgress.load(ordering: .relaxed)
            || parallelChunkCount(length, minimumChunkSize: minimumChunk) < 2 {
            singleThreaded(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                           alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        parallelFor(0..<length, minimumChunkSize: minimumChunk) { part in
            if splitRows {
                // Rows i of op(A): row i of A, or column i of A when transposed.
                let aPart = transposeA ? a + part.lowerBound : a + part.lowerBound * lda
                singleThreaded(transposeA: transposeA, transposeB: transposeB, m: part.count,
                               n: n, k: k, alpha: alpha, a: aPart, lda: lda, b: b, ldb: ldb,
                               beta: beta, c: c + part.lowerBound * ldc, ldc: ldc)
            } else {
                // Columns j of op(B): column j of B, or row j of B when transposed.
                let bPart = transposeB ? b + part.lowerBound * ldb : b + part.lowerBound
                singleThreaded(transposeA: transposeA, transposeB: transposeB, m: m,
                               n: part.count, k: k, alpha: alpha, a: a, lda: lda, b: bPart,
                               ldb: ldb, beta: beta, c: c + part.lowerBound, ldc: ldc)
            }
        }
    }

    /// Row-major `y = A x + beta y` on the calling thread, A (m, n) with leading dimension
    /// `lda`: for one row of inputs, where a GEMM would first copy all of A into its packed
    /// panels (a linear layer's whole weight for one image).
    public static func sgemv(m: Int, n: Int, a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
                             beta: Float, y: UnsafeMutablePointer<Float>) {
        _ = openBLASSingleThreaded
        if m <= 0 || n <= 0 { return }
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(lda), x, 1, beta, y, 1)
    }

    /// One `cblas_sgemm` call on the calling thread. `k == 0` is handled here (C = beta * C)
    /// because some BLAS builds reject it.
    static func singleThreaded(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                               alpha: Float, a: UnsafePointer<Float>, lda: Int,
                               b: UnsafePointer<Float>, ldb: Int, beta: Float,
                               c: UnsafeMutablePointer<Float>, ldc: Int) {
        if k <= 0 {
            for row in 0..<m {
                let cRow = c + row * ldc
                for column in 0..<n { cRow[column] = beta == 0 ? 0 : beta * cRow[column] }
            }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
