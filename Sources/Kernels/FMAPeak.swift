import CFMAPeak
import Dispatch

/// This machine's single-precision multiply-add peak, measured: every thread runs independent
/// fused multiply-add chains on the widest vectors the CPU and the OS support (AVX-512, else
/// AVX2), which no real kernel beats. The yardstick for "fraction of peak" in `acgan bench`.
public enum FMAPeak {
    /// The vector extension measured.
    public enum Level: Int, Sendable {
        case none = 0, avx2 = 1, avx512 = 2

        /// Its name, as the CPU flags spell it.
        public var name: String {
            switch self {
            case .none: return "no FMA"
            case .avx2: return "avx2+fma"
            case .avx512: return "avx512f"
            }
        }
    }

    /// What this CPU supports (and the OS enables).
    public static var level: Level { Level(rawValue: Int(acgan_fma_level())) ?? .none }

    /// GFLOP/s of `threads` threads, each running FMA chains for about `seconds` (the best of
    /// three runs); 0 without FMA.
    public static func measure(threads: Int = Threads.count, seconds: Double = 0.1) -> Double {
        let level = level
        guard level != .none else { return 0 }
        let flopsPerRound = level == .avx512 ? 384.0 : 192.0
        @Sendable func loop(_ rounds: Int) -> Float {
            level == .avx512 ? acgan_fma_loop_avx512(rounds) : acgan_fma_loop_avx2(rounds)
        }
        // Size the loop on one thread: about `seconds` per run.
        var rounds = 1 << 16
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = loop(rounds)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed >= seconds / 4 || rounds >= 1 << 34 { rounds = Int(Double(rounds) * seconds / max(elapsed, 1e-9)); break }
            rounds *= 4
        }
        let workers = max(1, threads), timedRounds = rounds
        var best = 0.0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                // The sum keeps the loop from being optimised away.
                if loop(timedRounds).isNaN { print("", terminator: "") }
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = max(best, Double(workers) * Double(timedRounds) * flopsPerRound / elapsed / 1e9)
        }
        return best
    }
}
