import Foundation
import Testing

/// Batch-1 generation allocates nothing of its own after warm-up (issue 17): `allocation-probe`
/// runs it with ordo-one/malloc-interposer preloaded and counts every malloc on every thread,
/// per generation, and per execution of the same program's oneDNN primitives alone (oneDNN's
/// C API allocates its argument maps inside every execute). The two must be equal: the
/// buffers, the program pool, the second lane's hand-offs, the linear layer, the last
/// convolution and the loops between layers allocate nothing. The probe checks first that one
/// malloc counts as one, so a probe run without the interposer fails instead of reading zeros.
@Suite struct AllocationProbeTests {
    struct Report: Decodable {
        var kernels: String
        var threads: Int
        var lanes: Int
        var convolutions: Int
        var generation: [Int]
        var convolutions_alone: [Int]
    }

    /// Two threads (two lanes, the second on SecondLane's thread) and one; Winograd (the
    /// default) and direct NHWC (one lane: it has no lanes).
    @Test(arguments: [("winograd", 2), ("winograd", 1), ("nhwc", 2)])
    func batchOneGenerationAllocatesOnlyInsideOneDNN(kernels: String, threads: Int) throws {
        guard let acgan = CLIProcess.binary else {
            Issue.record("the acgan binary was not found; build with swift build --build-tests")
            return
        }
        let folder = acgan.deletingLastPathComponent()
        let probe = folder.appendingPathComponent("allocation-probe")
        let interposer = folder.appendingPathComponent("libMallocInterposerSwift.so")
        let outcome = try CLIProcess.run(["--kernels", kernels, "--threads", "\(threads)", "--runs", "5"],
                                         executable: probe, timeout: 120,
                                         environment: ["LD_PRELOAD": interposer.path])
        // Winograd needs AVX-512; direct NHWC runs everywhere.
        if outcome.status == 3 && kernels != "nhwc" { return }
        #expect(outcome.status == 0 && !outcome.timedOut, "\(outcome)")
        guard let line = outcome.standardOutput.split(separator: "\n").last,
              let report = try? JSONDecoder().decode(Report.self, from: Data(line.utf8)) else {
            Issue.record("no report: \(outcome)")
            return
        }
        #expect(report.lanes == (threads == 2 && kernels == "winograd" ? 2 : 1), "\(report)")
        // acgan64: 8 residual blocks of 2 convolutions and 2 upsampling stages, per lane.
        #expect(report.convolutions == 18 * report.lanes, "\(report)")
        #expect(report.convolutions_alone.allSatisfy { $0 > 0 }, "oneDNN allocates nothing? \(report)")
        #expect(report.generation == report.convolutions_alone, "\(report)")
    }
}
