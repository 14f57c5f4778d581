import Foundation

/// The real `acgan` program run as a child process, with a time limit: what a user sees
/// (exit status, standard error), not what the parser sees in-process.
struct CLIProcess {
    /// How one run ended.
    struct Outcome: CustomStringConvertible {
        /// The exit status, or the signal number when `killedBySignal`.
        var status: Int32
        /// Whether the program died of a signal (a crash: SIGILL/SIGTRAP from a Swift trap,
        /// SIGSEGV, SIGABRT), including the SIGKILL sent when it ran out of time.
        var killedBySignal: Bool
        /// Whether it was still running when the time was up (and was killed).
        var timedOut: Bool
        var seconds: Double
        var standardOutput: String
        var standardError: String

        /// The lines of standard error that carry a reason: ArgumentParser prints an error as
        /// "Error: <reason>", followed by the usage for argument errors.
        var errorLines: [Substring] {
            standardError.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        }

        var description: String {
            "status \(status)\(killedBySignal ? " (signal)" : "")\(timedOut ? " (timed out)" : ""), "
                + String(format: "%.2f s", seconds) + ", stderr: \(standardError.debugDescription)"
        }
    }

    /// Where `acgan` was built: `$ACGAN_BINARY` if set, else next to the test bundle (the
    /// same build folder, so `swift test` and `swift test -c release` each run their own),
    /// else in the package's `.build/debug` or `.build/release`.
    static let binary: URL? = {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["ACGAN_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        // On Linux the test bundle is an executable (…/debug/ACGANStudioPackageTests.xctest); on
        // macOS it is a bundle inside the build folder, run by xctest or swiftpm-testing-helper.
        for path in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("acgan"))
                folder = folder.deletingLastPathComponent()
            }
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("acgan"))
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates += ["debug", "release"].map { package.appendingPathComponent(".build/\($0)/acgan") }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fm.isExecutableFile(atPath: url.path)
        }
    }()

    /// The environment of every `acgan` a test starts (here, in `AcganProcess` and under
    /// `MPIRun`): the test process's, with the convolution algorithms pinned to the rules unless
    /// the caller chose otherwise, so that runs compared with each other compute the same numbers.
    static var childEnvironment: [String: String] {
        var variables = ProcessInfo.processInfo.environment
        variables["ACGAN_CONVOLUTION"] = variables["ACGAN_CONVOLUTION"] ?? "rules"
        return variables
    }

    /// Runs `acgan arguments` (or another program of the build, `executable`) in `directory`
    /// and waits at most `timeout` seconds; a program still running then is killed with
    /// SIGKILL (and reported as timed out).
    static func run(_ arguments: [String], executable: URL? = nil, in directory: URL? = nil, timeout: Double = 10,
                    environment: [String: String] = [:]) throws -> Outcome {
        guard let program = executable ?? binary else {
            throw CLIProcessError("the acgan binary was not found next to the tests or in .build; build it, or set ACGAN_BINARY")
        }
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var variables = childEnvironment
        variables["ACGAN_THREADS"] = "1"   // many rows run at once on a few cores
        variables.merge(environment) { $1 }
        process.environment = variables
        // Files, not pipes: a chatty child can never block on a full pipe.
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        let stdoutURL = outputs.appendingPathComponent("stdout"), stderrURL = outputs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL), stderr = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let started = Date()
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        try stdout.close()
        try stderr.close()
        return Outcome(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, seconds: seconds,
                       standardOutput: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
                       standardError: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }
}

/// Why a child process could not be started.
struct CLIProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
