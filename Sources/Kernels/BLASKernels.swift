// OpenBLAS's kernels, chosen by what the CPU can do rather than by its model number.
import CBLAS
import CFMAPeak
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS kernels run, and the fix for CPUs its table does not know.
///
/// Debian's OpenBLAS (0.3.21) picks its kernels at load from the CPU's family and model. A
/// model newer than its table falls back to the generic SSE3 kernels ("Prescott"): measured
/// on an Intel Xeon of family 6, model 207 (AVX-512, 2 December 2026), where every product
/// then ran at a fraction of the speed the CPU's AVX-512 kernels give. `prepare()` asks for
/// the kernels the CPU's features support instead (SkylakeX for AVX-512 F/BW/DQ/VL/CD,
/// Haswell for AVX2 with FMA) when OpenBLAS chose a weaker, older core. An
/// `OPENBLAS_CORETYPE` set by the user is always kept.
public enum BLASKernels {
    /// The core whose kernels OpenBLAS uses (its own name, as `OPENBLAS_VERBOSE=2` prints it).
    public static var coreName: String {
        _ = prepared
        return openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// What `prepare()` did: nil when OpenBLAS's own choice was kept, else the core it chose
    /// before and the one asked for.
    public private(set) nonisolated(unsafe) static var replacement: (from: String, to: String)?

    /// Cores whose kernels are weaker than AVX2 with FMA: OpenBLAS's fallbacks and CPUs before
    /// Haswell. On a CPU with AVX2 or AVX-512, any of these means the table did not know it.
    static let weakCores: Set<String> = [
        "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
        "northwood", "banias", "athlon", "opteron", "opteron_sse3", "barcelona", "bobcat",
        "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator", "unknown",
    ]

    /// The OpenBLAS core for a CPU: SkylakeX with the AVX-512 subsets its kernels use,
    /// Haswell with AVX2 and FMA, else nil.
    static func bestCore(fmaLevel: Int, avx512Subsets: Bool) -> String? {
        if fmaLevel >= 2 && avx512Subsets { return "SkylakeX" }
        return fmaLevel >= 1 ? "Haswell" : nil
    }

    /// Runs once, before the first BLAS call (`Gemm` and the `acgan` command call it).
    public static func prepare() { _ = prepared }

    private static let prepared: Bool = {
        guard getenv("OPENBLAS_CORETYPE") == nil,
              let current = openblas_get_corename().map({ String(cString: $0) }),
              weakCores.contains(current.lowercased()),
              let wanted = bestCore(fmaLevel: Int(acgan_fma_level()), avx512Subsets: avx512Subsets())
        else { return true }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        gotoblas_dynamic_quit()
        gotoblas_dynamic_init()
        replacement = (current, openblas_get_corename().map { String(cString: $0) } ?? wanted)
        return true
    }()

    /// AVX-512 BW, DQ, VL and CD besides F (CPUID leaf 7), which OpenBLAS's SkylakeX kernels use.
    private static func avx512Subsets() -> Bool {
        var eax: UInt32 = 0, ebx: UInt32 = 0, ecx: UInt32 = 0, edx: UInt32 = 0
        guard acgan_cpuid(7, 0, &eax, &ebx, &ecx, &edx) != 0 else { return false }
        let bits: [UInt32] = [16, 17, 28, 30, 31]   // F, DQ, CD, BW, VL
        return bits.allSatisfy { ebx & (1 << $0) != 0 }
    }
}
