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

    @Option(help: "What to measure: train, generate or all.")
    var mode: String = "all"
    @OptionGroup var threadOptions: ThreadOptions
    @Option(help: "Training batch size.")
    var batch: Int = 64
    @Option(name: .customLong("gen-batch"), help: "Batch size for generator throughput.")
    var generateBatch: Int = 64
    @Option(help: "Timed iterations per repeat.")
    var iters: Int = 10
    @Option(help: "Untimed iterations first.")
    var warmup: Int = 3
    @Option(help: "Timed repeats (the median is reported).")
    var repeats: Int = 1
    @Option(help: "Random seed of weights and data.")
    var seed: UInt64 = 0

    func validate() throws {
        guard Benchmark.Mode(rawValue: mode) != nil else { throw ValidationError("--mode must be train, generate or all") }
        guard batch >= 2, generateBatch >= 1, iters >= 1, warmup >= 0, repeats >= 1 else {
            throw ValidationError("--gen-batch, --iters and --repeats must be at least 1, --batch at least 2")
        }
    }

    func run() throws {
        var bench = Benchmark()
        bench.mode = Benchmark.Mode(rawValue: mode)!
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
