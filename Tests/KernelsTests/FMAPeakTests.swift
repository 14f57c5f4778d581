import Foundation
import Kernels
import Testing

/// The peak measurement picks the vectors the CPU really has (as /proc/cpuinfo lists them) and
/// returns a positive rate; its value is a measurement, reported by `acgan bench`, not asserted.
@Suite struct FMAPeakTests {
    @Test func levelMatchesTheCPUFlags() throws {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(line.split(separator: ":", maxSplits: 1).last!.split(separator: " ").map(String.init))
        let expected: FMAPeak.Level = flags.contains("avx512f") ? .avx512
            : (flags.contains("avx2") && flags.contains("fma") ? .avx2 : .none)
        #expect(FMAPeak.level == expected)
    }

    @Test func measurementIsPositiveWhereFMAExists() {
        let rate = FMAPeak.measure(threads: 1, seconds: 0.01)
        if FMAPeak.level == .none {
            #expect(rate == 0)
        } else {
            #expect(rate > 1 && rate.isFinite)
        }
    }
}
