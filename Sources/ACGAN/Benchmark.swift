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
    public enum Mode: String, CaseIterable, Sendable {
        case train, generate, all
        /// Each convolution of acgan64 (at `batch`) with every algorithm, GFLOP/s per pass, and
        /// the algorithm the run-time selection keeps: how this CPU ranks them.
        case convolutions
    }

    public var configuration = ModelConfiguration()
    public var mode: Mode = .all
    public var threads = 2
    public var batch = 64
    public var generateBatch = 64
    public var iterations = 10
    public var warmup = 3
    public var repeats = 1
    public var latencyCalls = 40
    /// Also time batch-1 generation on one thread (when `threads` is more than one). It sets the
    /// process's thread count to 1 for those calls: off where other work shares the process.
    public var comparesOneThread = true
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
        let macs = forwardMultiplyAdds(g, d, layout, &rng)
        var result: [String: Any] = [
            "model": configuration == ModelConfiguration() ? "acgan64" : "custom",
            "engine": "acgan-studio \(acganStudioVersion)",
            "cpu": Self.cpuModel,
            "threads": threads,
            "G_params": g.parameterCount,
            "D_params": d.parameterCount,
            "G_fwd_mmacs_per_image": round1(Double(macs.generator) / 1e6),
            "D_fwd_mmacs_per_image": round1(Double(macs.discriminator) / 1e6),
        ]
        progress("peak: FMA chains (\(FMAPeak.level.name)) on \(threads) threads")
        let peak = FMAPeak.measure(threads: threads)
        result["fma_peak_gflops"] = round1(peak)
        result["fma_peak_vectors"] = FMAPeak.level.name
        // OpenBLAS's kernels, and the core it named itself when BLASKernels replaced its choice.
        result["blas_core"] = BLASKernels.coreName
        if let replaced = BLASKernels.replacement { result["blas_core_replaced"] = replaced.from }
        if mode == .convolutions {
            result["convolutions"] = convolutions(progress)
        }
        if mode == .train || mode == .all {
            var train = train(g, d, layout, &rng, progress)
            let imagesPerSecond = train["train_images_per_s"] as! Double
            // The reference's nominal count: G forward and backward (3 G), D forward and
            // backward on real, fake, and fake again in the G step (9 D); 2 FLOPs a multiply-add.
            train["train_gflops_effective"] = round1(imagesPerSecond * 2 * Double(3 * macs.generator + 9 * macs.discriminator) / 1e9)
            let executed = train["train_flops_executed_per_image"] as! Double
            train["train_gflops_executed"] = round1(imagesPerSecond * executed / 1e9)
            if peak > 0 { train["train_fraction_of_peak"] = round3(imagesPerSecond * executed / 1e9 / peak) }
            result.merge(train) { $1 }
        }
        if mode == .generate || mode == .all {
            var generated = generate(g, layout, &rng, progress)
            let imagesPerSecond = generated["gen_images_per_s"] as! Double
            generated["gen_gflops_effective"] = round1(imagesPerSecond * 2 * Double(macs.generator) / 1e9)
            if peak > 0 { generated["gen_fraction_of_peak"] = round3(imagesPerSecond * 2 * Double(macs.generator) / 1e9 / peak) }
            result.merge(generated) { $1 }
        }
        // How the convolution algorithms were chosen, and where a timed trial left the rules.
        let selection = ConvolutionSelection.shared
        result["convolution_selection"] = selection.mode.description
        result["convolution_choices"] = selection.choiceLines.count
        result["convolution_departures_from_rules"] = selection.departuresFromRules
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
                                discriminatorOptimizer: Adam(d, options: adam), layout: layout, options: .reference)
        let size = configuration.imageSize
        let real = Tensor.randomUniform([batch, 3, size, size], low: -1, high: 1, using: &rng)
        let realLabels = ConditionBatch.uniform(layout: layout, count: batch, using: &rng)
        progress("train: \(warmup) warm-up iterations, then \(repeats) x \(iterations) timed (batch \(batch), \(threads) threads)")
        var metrics = StepMetrics(discriminatorLoss: 0, generatorLoss: 0, realAccuracy: 0, fakeAccuracy: 0, penalty: 0)
        for _ in 0..<warmup { metrics = step.run(real: real, realLabels: realLabels, using: &rng) }
        // What one iteration really computes (convolutions and matrix products, all passes).
        let (_, executed) = withOperationCounts { step.run(real: real, realLabels: realLabels, using: &rng) }
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
            "train_flops_executed_per_image": Double(2 * executed.multiplyAdds / batch),
            "final_d_loss": round4(Double(metrics.discriminatorLoss)),
            "final_g_loss": round4(Double(metrics.generatorLoss)),
        ]
    }

    private func generate(_ g: Generator, _ layout: ConditionLayout, _ rng: inout RandomGenerator,
                          _ progress: (String) -> Void) -> [String: Any] {
        // What generation runs: the generator with its batch norms folded (as `Sampler` makes it).
        let g = FoldedGenerator(folding: g)
        return withoutGradients {
            let z1 = Tensor.randomNormal([1, configuration.latentSize], using: &rng)
            let c1 = ConditionBatch.uniform(layout: layout, count: 1, using: &rng).condition
            // Batch 1 on `threads` threads, and (when that is more than one) on one thread, the
            // calls alternating so that both see the same machine.
            let compareOneThread = threads > 1 && comparesOneThread
            func onOneThread<T>(_ body: () -> T) -> T {
                Threads.set(count: 1)
                defer { Threads.set(count: threads) }
                return body()
            }
            for _ in 0..<warmup {
                _ = g(z1, c1)
                if compareOneThread { _ = onOneThread { g(z1, c1) } }
            }
            progress("generate: \(latencyCalls) batch-1 calls\(compareOneThread ? " (and as many on one thread)" : ""), "
                + "then \(repeats) x \(iterations) batches of \(generateBatch)")
            var latencies: [Double] = [], oneThread: [Double] = []
            for _ in 0..<latencyCalls {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = g(z1, c1)
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                if compareOneThread {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = onOneThread { g(z1, c1) }
                    oneThread.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
            }
            let zb = Tensor.randomNormal([generateBatch, configuration.latentSize], using: &rng)
            let cb = ConditionBatch.uniform(layout: layout, count: generateBatch, using: &rng).condition
            for _ in 0..<warmup { _ = g(zb, cb) }
            var rates: [Double] = [], cpuMilliseconds: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds, cpuStart = processCPUSeconds()
                for _ in 0..<iterations { _ = g(zb, cb) }
                rates.append(Double(generateBatch * iterations) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
                cpuMilliseconds.append(1000 * (processCPUSeconds() - cpuStart) / Double(iterations))
            }
            latencies.sort()
            oneThread.sort()
            let (p10, p90) = Self.deciles(latencies)
            var result: [String: Any] = [
                "gen_b1_latency_ms": (latencies[latencies.count / 2] * 1000).rounded() / 1000,
                "gen_b1_latency_ms_p10_p90": [round3(p10), round3(p90)],
                "gen_cpu_ms_per_batch": round2(cpuMilliseconds.sorted()[cpuMilliseconds.count / 2]),
                "gen_batch": generateBatch,
                "gen_images_per_s": round2(rates.sorted()[rates.count / 2]),
                "gen_images_per_s_all": rates.map(round2),
            ]
            if !oneThread.isEmpty {
                result["gen_b1_latency_ms_one_thread"] = (oneThread[oneThread.count / 2] * 1000).rounded() / 1000
            }
            return result
        }
    }

    /// Multiply-adds of one forward pass of one image through G and through D (convolutions and
    /// linear layers), counted as the operations run, as the reference's forward hooks count them.
    public func forwardMultiplyAdds(_ g: Generator, _ d: Discriminator, _ layout: ConditionLayout,
                                    _ rng: inout RandomGenerator) -> (generator: Int, discriminator: Int) {
        let wasTraining = (g.isTraining, d.isTraining)
        g.eval(); d.eval()
        defer {
            if wasTraining.0 { g.train() }
            if wasTraining.1 { d.train() }
        }
        let z = Tensor.randomNormal([1, configuration.latentSize], using: &rng)
        let c = ConditionBatch.uniform(layout: layout, count: 1, using: &rng).condition
        let size = configuration.imageSize
        let image = Tensor.randomUniform([1, 3, size, size], low: -1, high: 1, using: &rng)
        let (_, generator) = withOperationCounts { withoutGradients { g(z, c) } }
        let (_, discriminator) = withOperationCounts { withoutGradients { d(image) } }
        return (generator.multiplyAdds, discriminator.multiplyAdds)
    }

    /// The CPU's model name (from /proc/cpuinfo) and how many CPUs are online.
    public static var cpuModel: String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let name = text.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(name), \(ProcessInfo.processInfo.activeProcessorCount) CPUs"
    }

    /// The first and last deciles as Python's `statistics.quantiles(xs, n=10)` (its default,
    /// exclusive method) gives them, so the reference's `gen_b1_latency_ms_p10_p90` compares.
    public static func deciles(_ sorted: [Double]) -> (Double, Double) {
        guard sorted.count >= 2 else { return (sorted.first ?? .nan, sorted.first ?? .nan) }
        func quantile(_ i: Int) -> Double {
            let m = sorted.count + 1
            let j = min(max(i * m / 10, 1), sorted.count - 1)
            let delta = Double(i * m - j * 10)
            return (sorted[j - 1] * (10 - delta) + sorted[j] * delta) / 10
        }
        return (quantile(1), quantile(9))
    }

    /// `ConvolutionBenchmark` on acgan64's convolutions at `batch`: per layer, each algorithm
    /// that runs it (GFLOP/s of forward, input gradient, weight gradient), then the selection.
    private func convolutions(_ progress: (String) -> Void) -> [[String: Any]] {
        ConvolutionBenchmark.acgan64Shapes(batch: batch).map { layer in
            progress("convolutions: \(layer.label)")
            var row: [String: Any] = ["layer": layer.label]
            for algorithm in ConvolutionAlgorithm.allCases where algorithm.supports(layer.shape) {
                let measured = ConvolutionBenchmark.measure(layer.shape, algorithm: algorithm, repetitions: 3)
                row[algorithm.rawValue] = [round1(measured.forward), round1(measured.backwardInput),
                                           round1(measured.backwardWeight)]
            }
            let selected = ConvolutionBenchmark.measure(layer.shape, repetitions: 3)
            row["selected"] = ConvolutionPass.allCases.map {
                ConvolutionSelection.shared.choice(for: layer.shape, pass: $0)?.description ?? "?"
            }
            row["selected_gflops"] = [round1(selected.forward), round1(selected.backwardInput),
                                      round1(selected.backwardWeight)]
            return row
        }
    }

    /// User plus system CPU time of this process so far, all threads.
    private func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
    private func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
    private func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    private func round4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
}
