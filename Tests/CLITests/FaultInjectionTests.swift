import Foundation
import Testing

/// Kills the real `acgan train` with SIGKILL (`ACGAN_FAULT`) during a step, while writing a
/// checkpoint and while drawing a sample sheet, then resumes it: the checkpoint must load,
/// metrics.jsonl must hold every iteration once with no torn line, and at most one
/// checkpoint interval may be lost.
@Suite(.serialized) struct FaultInjectionTests {
    static let iterations = 8
    static let checkpointEvery = 2
    /// A tiny model, so that a whole run takes a few seconds.
    static func train(into run: URL, iterations: Int = iterations) -> [String] {
        ["train", "--data", data.path, "--out", run.path, "--image-size", "32", "--g-blocks", "1", "--g-width", "8",
         "--d-width", "8", "--z-size", "16", "--batch", "8", "--iterations", "\(iterations)",
         "--checkpoint-every", "\(checkpointEvery)", "--sample-every", "3", "--log-every", "1", "--threads", "1"]
    }

    /// 64 synthetic 32x32 avatars, drawn once for the suite.
    static let data: URL = {
        let folder = scratchFolder("data")
        let result = try! AcganProcess.run(["synth", "--out", folder.path, "--count", "64", "--size", "32", "--balanced", "--threads", "1"])
        precondition(result.exitedNormally && result.status == 0, "acgan synth failed: \(result.output)")
        return folder
    }()

    @Test(arguments: [("during-step", 5), ("during-checkpoint", 4), ("during-sample-sheet", 6)])
    func killedRunResumes(point: String, iteration: Int) throws {
        let run = Self.scratchFolder("run-\(point)")
        defer { try? FileManager.default.removeItem(at: run) }
        let killed = try AcganProcess.run(Self.train(into: run), environment: ["ACGAN_FAULT": "\(point)@\(iteration)"])
        #expect(!killed.exitedNormally && killed.status == SIGKILL, "expected death by SIGKILL, got \(killed)")

        // What the crash left: a whole checkpoint at most one interval behind.
        let saved = try CheckpointHeader(run.appendingPathComponent("checkpoint.safetensors"))
        #expect(saved.iteration >= iteration - Self.checkpointEvery && saved.iteration < iteration)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: run.path).filter { $0.hasPrefix(".checkpoint.safetensors.tmp-") }
        switch point {
        case "during-checkpoint":
            #expect(saved.iteration == iteration - Self.checkpointEvery)
            #expect(leftovers.count == 1, "the half-written temporary file: \(leftovers)")
        case "during-sample-sheet":
            #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent(String(format: "samples/iter_%06d.png", iteration)).path))
        default:
            break
        }
        // Metrics are logged before the sample sheet and the checkpoint of an iteration.
        #expect(try Self.loggedIterations(in: run).last == (point == "during-step" ? iteration - 1 : iteration))

        let resumed = try AcganProcess.run(["train", "--data", Self.data.path, "--out", run.path, "--resume",
                                            "--image-size", "32", "--threads", "1"])
        #expect(resumed.exitedNormally && resumed.status == 0, "resume failed: \(resumed.output)")
        #expect(try CheckpointHeader(run.appendingPathComponent("checkpoint.safetensors")).iteration == Self.iterations)
        #expect(try Self.loggedIterations(in: run) == Array(1...Self.iterations))
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.path).filter { $0.contains(".tmp") }.isEmpty)
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("samples/iter_000006.png").path))

        // The checkpoint loads in the program itself.
        let exported = try AcganProcess.run(["export", "--checkpoint", run.appendingPathComponent("checkpoint.safetensors").path,
                                             "--out", run.appendingPathComponent("exported.safetensors").path])
        #expect(exported.exitedNormally && exported.status == 0, "export failed: \(exported.output)")
    }

    /// --resume keeps the run's image size; asking for another one is a clear error.
    @Test func resumingKeepsTheImageSizeAndAnotherOneIsAClearError() throws {
        let run = Self.scratchFolder("run-size")
        defer { try? FileManager.default.removeItem(at: run) }
        let first = try AcganProcess.run(Self.train(into: run, iterations: 2))
        #expect(first.exitedNormally && first.status == 0, "\(first.output)")
        let other = try AcganProcess.run(["train", "--data", Self.data.path, "--out", run.path, "--resume",
                                          "--image-size", "64", "--iterations", "4", "--threads", "1"])
        #expect(other.exitedNormally && other.status != 0)
        #expect(other.output.contains("--image-size 32"), "\(other.output)")
        let resumed = try AcganProcess.run(["train", "--data", Self.data.path, "--out", run.path, "--resume",
                                            "--iterations", "4", "--threads", "1"])
        #expect(resumed.exitedNormally && resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("at 32x32"), "\(resumed.output)")
        #expect(try CheckpointHeader(run.appendingPathComponent("checkpoint.safetensors")).iteration == 4)
    }

    @Test func aFreshRunIntoARunFolderNeedsOverwrite() throws {
        let run = Self.scratchFolder("run-overwrite")
        defer { try? FileManager.default.removeItem(at: run) }
        let train = Self.train(into: run, iterations: 2)
        let first = try AcganProcess.run(train)
        #expect(first.exitedNormally && first.status == 0, "\(first.output)")
        let metrics = try Data(contentsOf: run.appendingPathComponent("metrics.jsonl"))

        let refused = try AcganProcess.run(train)
        #expect(refused.exitedNormally && refused.status != 0)
        #expect(refused.output.contains("already holds a run") && refused.output.contains("--overwrite"), "\(refused.output)")
        #expect(try Data(contentsOf: run.appendingPathComponent("metrics.jsonl")) == metrics)

        let replaced = try AcganProcess.run(train + ["--overwrite"])
        #expect(replaced.exitedNormally && replaced.status == 0, "\(replaced.output)")
        #expect(try Self.loggedIterations(in: run) == [1, 2])

        let bad = try AcganProcess.run(train + ["--overwrite"], environment: ["ACGAN_FAULT": "during-lunch"])
        #expect(bad.exitedNormally && bad.status != 0 && bad.output.contains("ACGAN_FAULT=during-lunch"), "\(bad.output)")
    }

    /// The iterations of metrics.jsonl; every line must be whole JSON, the last one ended.
    static func loggedIterations(in run: URL) throws -> [Int] {
        let data = try Data(contentsOf: run.appendingPathComponent("metrics.jsonl"))
        #expect(data.isEmpty || data.last == 0x0A, "torn last line")
        let iterations = try data.split(separator: 0x0A).map { line -> Int in
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            return try #require(object?["iteration"] as? Int)
        }
        #expect(zip(iterations, iterations.dropFirst()).allSatisfy { $0 < $1 }, "not strictly increasing: \(iterations)")
        return iterations
    }

    static func scratchFolder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-fault-\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The training state of a checkpoint, read straight from the safetensors bytes (an oracle
/// that shares no code with the program): the header must be whole and the data section as
/// long as the header says.
struct CheckpointHeader {
    let iteration: Int

    init(_ url: URL) throws {
        let bytes = try Data(contentsOf: url)
        try #require(bytes.count >= 8)
        let length = Int(bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        try #require(bytes.count >= 8 + length)
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any])
        let end = header.values.compactMap { (($0 as? [String: Any])?["data_offsets"] as? [Int])?.last }.max() ?? 0
        #expect(bytes.count == 8 + length + end, "\(url.lastPathComponent) is not whole")
        let metadata = try #require(header["__metadata__"] as? [String: String])
        let text = try #require(metadata["training_state"])
        let state = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        iteration = try #require(state["iteration"] as? Int)
    }
}

/// The built `acgan` program as a child process, with a timeout.
enum AcganProcess {
    struct Result: CustomStringConvertible {
        var exitedNormally: Bool
        var status: Int32
        var output: String
        var description: String { "\(exitedNormally ? "exit" : "signal") \(status): \(output.suffix(600))" }
    }

    /// The program next to the test bundle (the same build folder, debug or release).
    static let executable: URL = {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["ACGAN_EXECUTABLE"] { candidates.append(URL(fileURLWithPath: path)) }
        for start in [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(), Bundle.main.bundleURL,
                      URL(fileURLWithPath: CommandLine.arguments[0])] {
            var folder = start.deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("acgan"))
                folder = folder.deletingLastPathComponent()
            }
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) && !isFolder($0) }) else {
            fatalError("the acgan program was not found next to the tests (looked at \(candidates.map(\.path))); set ACGAN_EXECUTABLE")
        }
        return found
    }()

    static func isFolder(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }

    /// Runs `acgan arguments`, killing it after `timeout` seconds (a hang fails the test).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = CLIProcess.childEnvironment
        variables["ACGAN_FAULT"] = nil
        variables.merge(environment) { $1 }
        process.environment = variables
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-child-\(UUID().uuidString).log")
        try Data().write(to: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("acgan \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        try handle.close()
        let output = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        return Result(exitedNormally: process.terminationReason == .exit, status: process.terminationStatus, output: output)
    }
}
