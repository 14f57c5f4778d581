import Foundation
import Kernels
import NeuralNetwork
import Optimizers
import Tensors
import Randomness

/// Speed measurements of a model on random data, with the keys of
/// shared/bench/torch_reference.py, so the two can be compared line by line.
public struct Benchmark {
    /// What to measure.
    public enum Mode: String, CaseIterable, Sendable { case train, generate, all }

    public var configuration = ModelConfiguration()
    public var mode: Mode = .all
    public var threads = 2
    public var batch = 64
    public var generateBatch = 64
    public var iterations = 10
    public var warmup = 3
    public var repeats = 1
    public var latencyCalls = 40
    public var seed: UInt64 = 0

    public init() {}

    /// Runs the measurements and returns the result as one JSON object (keys sorted as the
    /// reference prints them where they overlap). `progress` receives a line per phase.
    public func run(progress: (String) -> Void = { _ in }) -> [String: Any] {
        Threads.set(count: threads)
        var rng = RandomGenerator(seed: seed)
        let g = Generator(configuration, using: &rng)
        let d = Discriminator(configuration, using: &rng)
        let layout = ConditionLayout(groupSizes: [12, 10], binaryCount: configuration.conditionLength - 22)
        var result: [String: Any] = [
            "model": configuration == ModelConfiguration() ? "acgan64" : "custom",
            "engine": "acgan-studio \(acganStudioVersion)",
            "threads": threads,
            "G_params": g.parameterCount,
            "D_params": d.parameterCount,
        ]
        if mode != .generate {
            result.merge(train(g, d, layout, &rng, progress)) { $1 }
        }
        if mode != .train {
            result.merge(generate(g, layout, &rng, progress)) { $1 }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        result["peak_rss_mb"] = (Double(usage.ru_maxrss) / 1024 * 10).rounded() / 10
        return result
    }

    private func train(_ g: Generator, _ d: Discriminator, _ layout: ConditionLayout,
                       _ rng: inout RandomGenerator, _ progress: (String) -> Void) -> [String: Any] {
        g.train(); d.train()
        let adam = Adam.Options(learningRate: 2e-4, beta1: 0.5, beta2: 0.999)
        let step = TrainingStep(generator: g, discriminator: d, generatorOptimizer: Adam(g, options: adam),
                                discriminatorOptimizer: Adam(d, options: adam), layout: layout, options: StepOptions())
        let size = configuration.imageSize
        let real = Tensor.randomUniform([batch, 3, size, size], low: -1, high: 1, using: &rng)
        let realLabels = ConditionBatch.uniform(layout: layout, count: batch, using: &rng)
        progress("train: \(warmup) warm-up iterations, then \(repeats) x \(iterations) timed (batch \(batch), \(threads) threads)")
        var metrics = StepMetrics(discriminatorLoss: 0, generatorLoss: 0, realAccuracy: 0, fakeAccuracy: 0, penalty: 0)
        for _ in 0..<warmup { metrics = step.run(real: real, realLabels: realLabels, using: &rng) }
        var rates: [Double] = [], cpuMilliseconds: [Double] = []
        for r in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds, cpuStart = processCPUSeconds()
            for _ in 0..<iterations { metrics = step.run(real: real, realLabels: realLabels, using: &rng) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(Double(batch * iterations) / seconds)
            cpuMilliseconds.append(1000 * (processCPUSeconds() - cpuStart) / Double(iterations))
            progress("train repeat \(r + 1): \(String(format: "%.2f", rates.last!)) images/s")
        }
        let median = rates.sorted()[rates.count / 2]
        return [
            "train_batch": batch, "train_iters": iterations,
            "train_images_per_s": round2(median),
            "train_images_per_s_all": rates.map(round2),
            "train_ms_per_iter": round2(1000 * Double(batch) / median),
            // Process CPU time (all threads): on a busy machine, closer to the uncontended cost.
            "train_cpu_ms_per_iter": round2(cpuMilliseconds.sorted()[cpuMilliseconds.count / 2]),
            "final_d_loss": round4(Double(metrics.discriminatorLoss)),
            "final_g_loss": round4(Double(metrics.generatorLoss)),
        ]
    }

    private func generate(_ g: Generator, _ layout: ConditionLayout, _ rng: inout RandomGenerator,
                          _ progress: (String) -> Void) -> [String: Any] {
        g.eval()
        return withoutGradients {
            let z1 = Tensor.randomNormal([1, configuration.latentSize], using: &rng)
            let c1 = ConditionBatch.uniform(layout: layout, count: 1, using: &rng).condition
            for _ in 0..<warmup { _ = g(z1, c1) }
            progress("generate: \(latencyCalls) batch-1 calls, then \(repeats) x \(iterations) batches of \(generateBatch)")
            var latencies: [Double] = []
            for _ in 0..<latencyCalls {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = g(z1, c1)
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            let zb = Tensor.randomNormal([generateBatch, configuration.latentSize], using: &rng)
            let cb = ConditionBatch.uniform(layout: layout, count: generateBatch, using: &rng).condition
            for _ in 0..<warmup { _ = g(zb, cb) }
            var rates: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<iterations { _ = g(zb, cb) }
                rates.append(Double(generateBatch * iterations) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }
            latencies.sort()
            return [
                "gen_b1_latency_ms": (latencies[latencies.count / 2] * 1000).rounded() / 1000,
                "gen_batch": generateBatch,
                "gen_images_per_s": round2(rates.sorted()[rates.count / 2]),
                "gen_images_per_s_all": rates.map(round2),
            ]
        }
    }

    /// User plus system CPU time of this process so far, all threads.
    private func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
    private func round4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
}
