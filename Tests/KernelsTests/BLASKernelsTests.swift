import Foundation
import Kernels
import Testing

/// OpenBLAS's kernels after `BLASKernels.prepare()`: never its generic fallback on a CPU with
/// AVX2 or AVX-512 (on the Intel Xeon of family 6, model 207 that Debian's OpenBLAS 0.3.21
/// does not know, it had chosen "Prescott"; see `BLASKernels`).
@Suite struct BLASKernelsTests {
    @Test func openBLASRunsKernelsForThisCPUsVectors() {
        BLASKernels.prepare()
        let core = BLASKernels.coreName
        if let asked = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], BLASKernels.replacement == nil {
            // The user's choice is kept, whatever it is.
            #expect(core.lowercased() == asked.lowercased())
        } else if FMAPeak.level != .none {
            #expect(!["prescott", "core2", "nehalem", "sandybridge", "unknown"].contains(core.lowercased()),
                    "OpenBLAS runs \(core) kernels on a CPU with \(FMAPeak.level.name)")
        }
        if let replaced = BLASKernels.replacement {
            #expect(replaced.from.lowercased() != core.lowercased())
        }
        // A product still gives the right numbers with the kernels chosen.
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        Gemm.sgemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 3, alpha: 1, a: a, lda: 3, b: b, ldb: 2,
                   beta: 0, c: &c, ldc: 2)
        #expect(c == [58, 64, 139, 154])
        var y: [Float] = [1, 1]
        Gemm.sgemv(m: 2, n: 3, a: a, lda: 3, x: [1, 0, -1], beta: 1, y: &y)
        #expect(y == [-1, -1])
    }
}
