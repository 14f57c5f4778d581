import Foundation
import Testing

/// The default thread count is what the process may really use: under `taskset -c 0` the
/// program's `--threads` default (shown in its help) is 1, whatever the core count.
@Suite struct ThreadDefaultTests {
    @Test func anAffinityMaskOfOneCPUMeansOneThread() throws {
        let taskset = URL(fileURLWithPath: "/usr/bin/taskset")
        guard FileManager.default.isExecutableFile(atPath: taskset.path), let binary = CLIProcess.binary else { return }
        for (cpus, expected) in [("0", 1), ("0-1", min(2, ProcessInfo.processInfo.activeProcessorCount))] {
            if cpus == "0-1" && ProcessInfo.processInfo.activeProcessorCount < 2 { continue }
            let process = Process()
            process.executableURL = taskset
            process.arguments = ["-c", cpus, binary.path, "train", "--help"]
            var environment = ProcessInfo.processInfo.environment
            environment["ACGAN_THREADS"] = nil
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            // The option's help ends with its default: "... quota). (default: N)".
            let flattened = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let threads = try #require(flattened.range(of: "--threads <threads>"), "no --threads in: \(text)")
            let rest = flattened[threads.upperBound...]
            let marker = try #require(rest.range(of: "(default: "))
            let value = rest[marker.upperBound...].prefix { $0.isNumber }
            #expect(Int(value) == expected, "taskset -c \(cpus): \(rest.prefix(200))")
        }
    }
}
