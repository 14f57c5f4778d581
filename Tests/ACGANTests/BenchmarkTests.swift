import ACGAN
import Foundation
import Kernels
import Randomness
import Testing

/// `acgan bench`'s numbers that must equal the PyTorch reference's.
@Suite struct BenchmarkTests {
    /// acgan64's multiply-adds per image, counted as our operations run, against what
    /// shared/bench/torch_reference.py prints (its forward hooks on Conv2d and Linear):
    /// "G_fwd_mmacs_per_image": 349.3, "D_fwd_mmacs_per_image": 102.3
    /// (see the torch runs in docs/benchmarks/speed-vs-pytorch.json).
    @Test func acgan64MultiplyAddsAreThoseOfTheReference() {
        let configuration = ModelConfiguration()
        var rng = RandomGenerator(seed: 1)
        let g = Generator(configuration, using: &rng), d = Discriminator(configuration, using: &rng)
        let layout = ConditionLayout(groupSizes: [12, 10], binaryCount: configuration.conditionLength - 22)
        let macs = Benchmark().forwardMultiplyAdds(g, d, layout, &rng)
        #expect((Double(macs.generator) / 1e5).rounded() / 10 == 349.3)
        #expect((Double(macs.discriminator) / 1e5).rounded() / 10 == 102.3)
        #expect(g.isTraining && d.isTraining, "counting must leave the modules' modes as they were")
    }

    /// The latency deciles as Python's statistics.quantiles(sorted(xs), n=10) gives them
    /// (values printed by Python 3.11 for these inputs).
    @Test func decilesAreThoseOfPythonsQuantiles() {
        let cases: [([Double], Double, Double)] = [
            ([1, 2], 0.3, 2.7),
            ([1, 2, 3], 0.4, 3.6),
            ((0..<40).map(Double.init), 3.1, 35.9),
            ((0..<40).map { 0.5 * Double($0 * $0) }, 4.85, 644.45),
        ]
        for (values, p10, p90) in cases {
            let (low, high) = Benchmark.deciles(values)
            #expect(abs(low - p10) < 1e-9 && abs(high - p90) < 1e-9, "\(values.count) values: \(low), \(high)")
        }
    }
}

/// `acgan bench` prints every key the PyTorch reference prints (its output is committed in
/// docs/benchmarks/speed-vs-pytorch.json), so the two compare line by line; "torch" (the
/// version) is "engine" here.
@Suite struct BenchmarkKeysTests {
    @Test func everyKeyOfTheReferenceIsPrinted() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/benchmarks/speed-vs-pytorch.json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let torchRun = try #require((report["torch_runs"] as? [[String: Any]])?.first)
        var bench = Benchmark()
        bench.configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 34,
                                                 generatorWidth: 8, generatorBlocks: 1, discriminatorWidth: 8)
        bench.batch = 2
        bench.generateBatch = 2
        bench.iterations = 1
        bench.warmup = 0
        bench.latencyCalls = 3
        // Keep the process's thread count: other tests running meanwhile rely on it staying put
        // (their sums are reproducible for a fixed count).
        bench.threads = Threads.count
        bench.comparesOneThread = false
        let ours = bench.run()
        let missing = Set(torchRun.keys).subtracting(ours.keys).subtracting(["torch"])
        #expect(missing.isEmpty, "missing keys: \(missing.sorted())")
        #expect(ours["engine"] != nil && ours["cpu"] != nil)
        // Executed FLOPs of an iteration: more than its forward passes (G once, D three times),
        // at most the reference's nominal count, where every pass also computes both gradients
        // (the input gradient of real and detached fake images is not needed and not computed).
        let g = try #require(ours["G_fwd_mmacs_per_image"] as? Double), d = try #require(ours["D_fwd_mmacs_per_image"] as? Double)
        let executed = try #require(ours["train_flops_executed_per_image"] as? Double)
        #expect(executed > 2 * (g + 3 * d) * 1e6 * 1.01)
        #expect(executed <= 2 * (3 * g + 9 * d) * 1e6 * 1.01)
    }
}
