import CBLAS
import CLAPACK

/// Eigendecomposition of a real symmetric matrix with LAPACK's divide-and-conquer `dsyevd`.
enum SymmetricEigensolver {
    /// Eigenvalues (ascending) and, if asked, the eigenvectors as the columns of a row-major
    /// n x n matrix. Only the upper triangle of `matrix` (row-major) is read.
    static func decompose(_ matrix: [Double], order: Int, wantVectors: Bool) throws
        -> (values: [Double], vectors: [Double]) {
        // lapack_int is a C macro (int32_t in Debian's LP64 build), so Swift sees Int32.
        var work = matrix
        var values = [Double](repeating: 0, count: order)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, wantVectors ? 86 /* V */ : 78 /* N */,
                                  85 /* U */, Int32(order), &work, Int32(order), &values)
        guard info == 0 else { throw EvaluationError.lapackFailure(routine: "dsyevd", info: Int(info)) }
        return (values, wantVectors ? work : [])
    }

    /// The symmetric positive semi-definite square root V diag(sqrt(max(lambda, 0))) V^T.
    /// Eigenvalues a hair below zero (round-off on a singular covariance) are clamped to zero.
    static func squareRoot(_ matrix: [Double], order: Int) throws -> [Double] {
        let (values, vectors) = try decompose(matrix, order: order, wantVectors: true)
        // result = (V diag(root)) V^T with one dgemm.
        var scaledVectors = vectors
        for row in 0..<order {
            for k in 0..<order { scaledVectors[row * order + k] *= values[k] > 0 ? values[k].squareRoot() : 0 }
        }
        var result = [Double](repeating: 0, count: order * order)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(order), Int32(order), Int32(order),
                    1, scaledVectors, Int32(order), vectors, Int32(order), 0, &result, Int32(order))
        symmetrize(&result, order: order)
        return result
    }

    /// Replaces a nearly symmetric matrix by (A + A^T) / 2, removing round-off asymmetry.
    static func symmetrize(_ matrix: inout [Double], order: Int) {
        for row in 0..<order {
            for column in (row + 1)..<max(order, row + 1) {
                let average = 0.5 * (matrix[row * order + column] + matrix[column * order + row])
                matrix[row * order + column] = average
                matrix[column * order + row] = average
            }
        }
    }
}
