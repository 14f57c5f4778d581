import Foundation
import Testing

/// `mpirun -np 2 acgan train` on this machine (shared memory and loopback only) against one
/// process with the same seed and global batch: the same training, up to the order of float
/// sums. Then a rank killed mid-run: mpirun must fail fast and name it, the last checkpoint
/// must be whole and resume, also with another number of processes.
///
/// Why not bit-exact: a sum over the batch (a weight gradient, a batch-norm statistic, a loss
/// mean) is added up in another order when it is split over two processes and the two halves
/// are added by MPI_Allreduce, and float addition is not associative. The differences are
/// rounding (about 1e-7 of the terms), carried through three Adam steps.
///
/// A few tensors are not compared relative to their own size, because their true value is
/// zero and what is computed is rounding noise (`cancelling` below): their gradients are sums
/// that cancel. Their size is compared with the network's largest value of the same kind
/// instead, and the parameters Adam moves with that noise must stay within Adam's step bound.
@Suite(.serialized) struct DataParallelTrainingTests {
    static let batch = 16
    static let learningRate: Float = 2e-4

    /// A tiny model: a whole run takes about a second.
    static func train(into run: URL, iterations: Int, extra: [String] = []) -> [String] {
        ["train", "--data", FaultInjectionTests.data.path, "--out", run.path, "--image-size", "32", "--g-blocks", "1",
         "--g-width", "8", "--d-width", "8", "--z-size", "16", "--batch", "\(batch)", "--iterations", "\(iterations)",
         "--checkpoint-every", "\(max(iterations, 1))", "--sample-every", "1000", "--log-every", "1", "--threads", "1",
         "--seed", "5", "--penalty", "dragan"] + extra
    }

    /// Tensors whose true value is (nearly) zero, so that each run computes rounding noise:
    /// - a convolution bias right before a batch norm, which subtracts the channel mean and so
    ///   cancels any constant the bias adds (its gradient is a sum of terms that cancel);
    /// - a residual block's last batch-norm shift, which the generator's next convolution and
    ///   batch norm cancel too, except at the zero-padded borders.
    static func cancelling(_ key: String) -> Bool {
        let name = key.split(separator: ".").dropFirst().joined(separator: ".")   // without G., optimizer_G., ...
        let plain = name.replacingOccurrences(of: ".exp_avg_sq", with: "").replacingOccurrences(of: ".exp_avg", with: "")
        let parts = plain.split(separator: ".")
        guard parts.count >= 2 else { return false }
        if parts[0] == "res_blocks", ["conv1.bias", "conv2.bias", "bn2.bias"].contains(parts.dropFirst(2).joined(separator: ".")) {
            return true
        }
        return parts[0] == "up" && parts.dropFirst(2).joined(separator: ".") == "conv.bias"
    }

    /// The relative tolerance of a first-step gradient: 1e-5, except for D's real/fake bias,
    /// whose gradient mean(sigmoid(real) - 1) + mean(sigmoid(fake)) is the difference of two
    /// halves that cancel to about 1/100 of their size here, so that their rounding weighs
    /// about 100 times more against the result (measured: 2.6e-5 of it).
    static func gradientTolerance(_ key: String) -> Float {
        key.hasSuffix("adv_head.bias.exp_avg") ? 1e-4 : 1e-5
    }

    @Test func twoProcessesTrainAsOne() throws {
        let folder = FaultInjectionTests.scratchFolder("data-parallel")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (one1, two1) = (folder.appendingPathComponent("one-1"), folder.appendingPathComponent("two-1"))
        let (one3, two3) = (folder.appendingPathComponent("one-3"), folder.appendingPathComponent("two-3"))
        for (run, iterations, processes) in [(one1, 1, 1), (two1, 1, 2), (one3, 3, 1), (two3, 3, 2)] {
            let result = processes == 1 ? try AcganProcess.run(Self.train(into: run, iterations: iterations))
                                        : try MPIRun.run(processes: processes, Self.train(into: run, iterations: iterations))
            try #require(result.exitedNormally && result.status == 0, "\(run.lastPathComponent): \(result)")
            if processes == 2 {
                #expect(result.output.contains("in each of 2 processes (8 images each)"), "\(result.output)")
                #expect(result.output.contains("allreduce over 2 processes, per iteration"), "\(result.output)")
            }
        }

        // The first step's averaged gradients: Adam's first moment after one step is exactly
        // (1 - beta1) * gradient (0.5 * g, exact in float), the second (1 - beta2) * g^2.
        let reference1 = try Float32Tensors(one1.appendingPathComponent("checkpoint.safetensors"))
        let parallel1 = try Float32Tensors(two1.appendingPathComponent("checkpoint.safetensors"))
        let firstMoments = reference1.tensors.keys.filter { $0.hasSuffix(".exp_avg") }
        #expect(firstMoments.count > 20)
        for key in firstMoments.sorted() {
            let gradient = reference1.tensors[key]!.map { $0 * 2 }, averaged = try #require(parallel1.tensors[key]).map { $0 * 2 }
            let network = String(key.prefix { $0 != "." })
            let scale = Self.cancelling(key)
                ? firstMoments.filter { $0.hasPrefix(network + ".") && !Self.cancelling($0) }.map { reference1.largest($0) * 2 }.max()!
                : gradient.map(abs).max()!
            #expect(maxDifference(averaged, gradient) <= Self.gradientTolerance(key) * scale,
                    "gradient \(key): max|a-b| \(maxDifference(averaged, gradient)), scale \(scale)")
            if Self.cancelling(key) {
                // The claim that it is noise: far below the network's gradients in both runs.
                #expect(gradient.map(abs).max()! <= 1e-4 * scale && averaged.map(abs).max()! <= 1e-4 * scale,
                        "\(key) is not a cancelling sum here: \(gradient.map(abs).max()!) against \(scale)")
            }
        }

        // Three iterations: every parameter, buffer, EMA weight and Adam moment.
        let reference = try Float32Tensors(one3.appendingPathComponent("checkpoint.safetensors"))
        let parallel = try Float32Tensors(two3.appendingPathComponent("checkpoint.safetensors"))
        #expect(Set(reference.tensors.keys) == Set(parallel.tensors.keys))
        #expect(reference.tensors.keys.contains { $0.hasPrefix("G_ema.") } && reference.tensors.keys.contains { $0.contains("running_var") })
        #expect(reference.otherBytes == parallel.otherBytes, "num_batches_tracked and other integer tensors")
        var compared = 0
        for (key, b) in reference.tensors.sorted(by: { $0.key < $1.key }) {
            let a = try #require(parallel.tensors[key])
            try #require(a.count == b.count, "\(key)")
            let difference = maxDifference(a, b)
            if !Self.cancelling(key) {
                #expect(difference <= 1e-4 * b.map(abs).max()!, "\(key): max|a-b| \(difference), max|b| \(b.map(abs).max()!)")
                compared += 1
            } else if key.hasSuffix(".exp_avg") || key.hasSuffix(".exp_avg_sq") {
                let suffix = key.hasSuffix(".exp_avg") ? ".exp_avg" : ".exp_avg_sq"
                let network = String(key.prefix { $0 != "." })
                let scale = reference.tensors.keys.filter { $0.hasPrefix(network + ".") && $0.hasSuffix(suffix) && !Self.cancelling($0) }
                    .map { reference.largest($0) }.max()!
                #expect(difference <= 1e-5 * scale, "\(key): max|a-b| \(difference), the network's \(scale)")
            } else {
                // Adam moves a parameter by at most lr * (1 - beta1) / sqrt(1 - beta2) per step
                // (lr on the first), whatever its gradient: the noise cannot push it further.
                let bound = 2 * 3 * Self.learningRate * 0.5 / (1 - 0.999 as Float).squareRoot()
                #expect(difference <= bound, "\(key): max|a-b| \(difference), Adam's bound \(bound)")
            }
        }
        #expect(compared > 100, "only \(compared) tensors compared relative to their size")
        #expect(reference.metadata["training_state"].map(Self.withoutElapsedTime) == parallel.metadata["training_state"].map(Self.withoutElapsedTime))
        #expect(reference.metadata["training_options"] == parallel.metadata["training_options"])
        // Rank 0 alone wrote the run: one metrics line per iteration, no stray files.
        #expect(try FaultInjectionTests.loggedIterations(in: two3) == [1, 2, 3])
    }

    /// The training state without its wall time (`elapsedSeconds`), which no two runs share.
    static func withoutElapsedTime(_ json: String) -> String {
        json.replacingOccurrences(of: #""elapsedSeconds":[0-9.e+-]+,?"#, with: "", options: .regularExpression)
    }

    /// A batch that does not split over the processes is refused before anything is written.
    @Test func aBatchThatDoesNotSplitIsAClearError() throws {
        let run = FaultInjectionTests.scratchFolder("data-parallel-odd")
        defer { try? FileManager.default.removeItem(at: run) }
        var arguments = Self.train(into: run, iterations: 1)
        arguments[arguments.firstIndex(of: "--batch")! + 1] = "15"
        let result = try MPIRun.run(processes: 2, arguments)
        #expect(result.status != 0)
        #expect(result.output.contains("--batch 15") && result.output.contains("--batch 14 or 16"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("metrics.jsonl").path))
    }

    /// A resumed run may use another number of processes: 1 -> 2 -> 1 gives the run of one
    /// process (to the same tolerance as above, on the tensors compared relative to size).
    @Test func resumingWithAnotherNumberOfProcessesContinuesTheRun() throws {
        let folder = FaultInjectionTests.scratchFolder("data-parallel-resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (reference, mixed) = (folder.appendingPathComponent("reference"), folder.appendingPathComponent("mixed"))
        let whole = try AcganProcess.run(Self.train(into: reference, iterations: 3))
        try #require(whole.exitedNormally && whole.status == 0, "\(whole)")
        let first = try AcganProcess.run(Self.train(into: mixed, iterations: 1))
        try #require(first.exitedNormally && first.status == 0, "\(first)")
        let resume = ["train", "--data", FaultInjectionTests.data.path, "--out", mixed.path, "--resume", "--threads", "1"]
        let second = try MPIRun.run(processes: 2, resume + ["--iterations", "2", "--checkpoint-every", "2"])
        try #require(second.exitedNormally && second.status == 0, "\(second)")
        let third = try AcganProcess.run(resume + ["--iterations", "3", "--checkpoint-every", "3"])
        try #require(third.exitedNormally && third.status == 0, "\(third)")
        #expect(try FaultInjectionTests.loggedIterations(in: mixed) == [1, 2, 3])
        let b = try Float32Tensors(reference.appendingPathComponent("checkpoint.safetensors"))
        let a = try Float32Tensors(mixed.appendingPathComponent("checkpoint.safetensors"))
        for (key, expected) in b.tensors where !Self.cancelling(key) {
            let difference = maxDifference(try #require(a.tensors[key]), expected)
            #expect(difference <= 1e-4 * expected.map(abs).max()!, "\(key): max|a-b| \(difference)")
        }
    }

    /// SIGKILL to rank 1 mid-run: mpirun exits non-zero within 30 s naming rank 1, the last
    /// checkpoint is whole, and it resumes (here with one process).
    @Test func aKilledRankStopsTheJobAndTheRunResumes() throws {
        let run = FaultInjectionTests.scratchFolder("data-parallel-kill")
        defer { try? FileManager.default.removeItem(at: run) }
        var arguments = Self.train(into: run, iterations: 1_000_000)
        arguments[arguments.firstIndex(of: "--checkpoint-every")! + 1] = "3"
        let job = try MPIRun.start(processes: 2, arguments)
        let checkpoint = run.appendingPathComponent("checkpoint.safetensors")
        var waited = 0.0
        while !FileManager.default.fileExists(atPath: checkpoint.path) && job.process.isRunning && waited < 60 {
            usleep(50_000)
            waited += 0.05
        }
        try #require(job.process.isRunning, "the job ended before its first checkpoint: \(job.output())")
        let rank1 = try #require(MPIRun.rankProcess(1, of: job.process.processIdentifier), "rank 1's process not found")
        kill(rank1, SIGKILL)
        let killed = Date()
        while job.process.isRunning && Date().timeIntervalSince(killed) < 30 { usleep(50_000) }
        if job.process.isRunning {
            kill(job.process.processIdentifier, SIGKILL)
            Issue.record("mpirun still ran 30 s after rank 1 was killed")
        }
        job.process.waitUntilExit()
        let output = job.output()
        #expect(job.process.terminationStatus != 0, "\(output)")
        #expect(output.contains("rank 1"), "mpirun must name the lost rank: \(output)")

        let saved = try CheckpointHeader(checkpoint)
        #expect(saved.iteration >= 3 && saved.iteration % 3 == 0)
        let resumed = try AcganProcess.run(["train", "--data", FaultInjectionTests.data.path, "--out", run.path, "--resume",
                                            "--iterations", "\(saved.iteration + 2)", "--threads", "1"])
        #expect(resumed.exitedNormally && resumed.status == 0, "\(resumed)")
        #expect(try CheckpointHeader(checkpoint).iteration == saved.iteration + 2)
    }
}

/// max |a[i] - b[i]|.
func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// The F32 tensors of a safetensors file, read straight from its bytes (no code shared with
/// the program), the bytes of the others (integer counters) and the metadata.
struct Float32Tensors {
    var tensors: [String: [Float]] = [:]
    var otherBytes: [String: Data] = [:]
    var metadata: [String: String] = [:]

    init(_ url: URL) throws {
        let bytes = try Data(contentsOf: url)
        let length = Int(bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any])
        let data = bytes.subdata(in: (8 + length)..<bytes.count)
        for (key, value) in header {
            if key == "__metadata__" { metadata = value as? [String: String] ?? [:]; continue }
            let entry = try #require(value as? [String: Any])
            let offsets = try #require(entry["data_offsets"] as? [Int])
            let slice = data.subdata(in: offsets[0]..<offsets[1])
            if entry["dtype"] as? String == "F32" {
                tensors[key] = slice.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            } else {
                otherBytes[key] = slice
            }
        }
    }

    /// The largest |value| of a tensor.
    func largest(_ key: String) -> Float { tensors[key]!.map(abs).max() ?? 0 }
}

/// OpenMPI's `mpirun`, as a user would run it on one machine, kept on shared memory and
/// loopback: `--mca btl self,vader` (no network transport), `--oversubscribe` (more ranks than
/// free cores on CI), `--bind-to none`; as root it needs OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM), and
/// in containers vader's single-copy mechanism (CMA) is often forbidden.
enum MPIRun {
    static let environment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
                              "OMPI_MCA_btl_vader_single_copy_mechanism": "none", "ACGAN_FAULT": ""]

    static func arguments(processes: Int, _ acgan: [String]) -> [String] {
        ["mpirun", "-np", "\(processes)", "--oversubscribe", "--bind-to", "none", "--mca", "btl", "self,vader",
         AcganProcess.executable.path] + acgan
    }

    /// A started job: the mpirun process and the file that collects its output.
    struct Job {
        let process: Process
        let log: URL
        func output() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    static func start(processes: Int, _ acgan: [String]) throws -> Job {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments(processes: processes, acgan)
        process.environment = CLIProcess.childEnvironment.merging(environment) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-mpirun-\(UUID().uuidString).log")
        try Data().write(to: log)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Job(process: process, log: log)
    }

    /// Runs a job to its end (at most `timeout` seconds).
    static func run(processes: Int, _ acgan: [String], timeout: TimeInterval = 120) throws -> AcganProcess.Result {
        let job = try start(processes: processes, acgan)
        defer { try? FileManager.default.removeItem(at: job.log) }
        let deadline = Date().addingTimeInterval(timeout)
        while job.process.isRunning && Date() < deadline { usleep(20_000) }
        if job.process.isRunning {
            kill(job.process.processIdentifier, SIGKILL)
            Issue.record("mpirun \(acgan.joined(separator: " ")) did not finish within \(timeout) s")
        }
        job.process.waitUntilExit()
        let output = job.output()
        #expect(!output.contains("mpirun was unable to launch") && !output.contains("No such file or directory"),
                "is OpenMPI installed (Scripts/install-deps.sh)? \(output)")
        return AcganProcess.Result(exitedNormally: job.process.terminationReason == .exit, status: job.process.terminationStatus,
                                   output: output)
    }

    /// The pid of rank `rank` among the descendants of `root` (mpirun starts the ranks of one
    /// machine itself), found by the OMPI_COMM_WORLD_RANK in their environment.
    static func rankProcess(_ rank: Int, of root: Int32) -> Int32? {
        var frontier = [root]
        while let parent = frontier.popLast() {
            let children = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init).filter { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      let close = stat.range(of: ")", options: .backwards) else { return false }
                let fields = stat[close.upperBound...].split(separator: " ")
                return fields.count > 2 && Int32(fields[1]) == parent
            }
            for child in children {
                if let environment = FileManager.default.contents(atPath: "/proc/\(child)/environ"),
                   environment.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=\(rank)" }) {
                    return child
                }
                frontier.append(child)
            }
        }
        return nil
    }
}
