import ACGAN
import ArgumentParser
import Foundation

/// `acgan bench`: the speed of training and generation on random data, as one JSON line with
/// the keys of shared/bench/torch_reference.py.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training and generation speed of the acgan64 model on random data.",
        discussion: """
            Times the same iteration as shared/bench/torch_reference.py (one fake batch, a D step on \
            real and fake, then a G step) and prints one JSON line with its keys, so the two can be \
            compared side by side: run both right after each other on the same machine.
            """)

    @Option(help: "What to measure.")
    var mode: Benchmark.Mode = .all
    @OptionGroup var threadOptions: ThreadOptions
    @Option(help: "Training batch size (2 to \(BenchCommand.largestBatch)).")
    var batch: Int = 64
    @Option(name: .customLong("gen-batch"), help: "Batch size for generator throughput (1 to \(BenchCommand.largestBatch)).")
    var generateBatch: Int = 64
    @Option(help: "Timed iterations per repeat.")
    var iters: Int = 10
    @Option(help: "Untimed iterations first.")
    var warmup: Int = 3
    @Option(help: "Timed repeats (the median is reported).")
    var repeats: Int = 1
    @Option(help: "Random seed of weights and data.")
    var seed: UInt64 = 0

    /// Larger batches of the acgan64 model need more memory than a benchmark should take.
    static let largestBatch = 1_024
    /// More timed iterations, warm-up iterations or repeats than this is a typo.
    static let largestCount = 100_000

    func validate() throws {
        guard (2...Self.largestBatch).contains(batch) else {
            throw ValidationError("--batch must be from 2 to \(Self.largestBatch), got \(batch)")
        }
        guard (1...Self.largestBatch).contains(generateBatch) else {
            throw ValidationError("--gen-batch must be from 1 to \(Self.largestBatch), got \(generateBatch)")
        }
        guard (1...Self.largestCount).contains(iters) else {
            throw ValidationError("--iters must be from 1 to \(Self.largestCount), got \(iters)")
        }
        guard (0...Self.largestCount).contains(warmup) else {
            throw ValidationError("--warmup must be from 0 to \(Self.largestCount), got \(warmup)")
        }
        guard (1...Self.largestCount).contains(repeats) else {
            throw ValidationError("--repeats must be from 1 to \(Self.largestCount), got \(repeats)")
        }
    }

    func run() throws {
        var bench = Benchmark()
        bench.mode = mode
        bench.threads = threadOptions.threads
        bench.batch = batch
        bench.generateBatch = generateBatch
        bench.iterations = iters
        bench.warmup = warmup
        bench.repeats = repeats
        bench.seed = seed
        let result = bench.run { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
