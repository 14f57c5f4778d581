import Foundation
import Testing

/// `ACGAN_CONVOLUTION`, `ACGAN_CONVOLUTION_FILE` (and `ACGAN_GENERATOR`) as a user meets them: a bad value stops the
/// program before any work with a message naming it, and a choices file written by a measured
/// run makes a later run repeat its choices, so the same faces come out byte for byte.
@Suite struct ConvolutionSelectionEndToEndTests {
    @Test func aBadModeOrFileIsACleanError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conv-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("faces.png").path
        let badMode = try CLIProcess.run(["generate", "--count", "1", "--out", out], timeout: 60,
                                         environment: ["ACGAN_CONVOLUTION": "fastest"])
        #expect(badMode.status != 0 && !badMode.killedBySignal, "\(badMode)")
        #expect(badMode.standardError.contains("ACGAN_CONVOLUTION=fastest is not a mode: use measure, rules, oneDNN, im2col, dualIm2col, winograd"),
                "\(badMode)")
        let file = folder.appendingPathComponent("choices.txt").path
        try "forward n1 c64 o64 h16 w16 k3x3 s1 p1 t1 fft\n".write(toFile: file, atomically: true, encoding: .utf8)
        let badFile = try CLIProcess.run(["generate", "--count", "1", "--out", out], timeout: 60,
                                         environment: ["ACGAN_CONVOLUTION_FILE": file])
        #expect(badFile.status != 0 && !badFile.killedBySignal, "\(badFile)")
        #expect(badFile.standardError.contains("\(file) line 1: 'fft' is not an algorithm"), "\(badFile)")
        let badKernels = try CLIProcess.run(["generate", "--count", "1", "--out", out], timeout: 60,
                                            environment: ["ACGAN_GENERATOR": "fast"])
        #expect(badKernels.status != 0 && !badKernels.killedBySignal, "\(badKernels)")
        #expect(badKernels.standardError.contains("ACGAN_GENERATOR=fast is not one of winograd, nhwc, blocked16, blocked8, tensor"),
                "\(badKernels)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aChoicesFileRepeatsAMeasuredRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conv-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("choices.txt").path
        let first = folder.appendingPathComponent("first.png").path, second = folder.appendingPathComponent("second.png").path
        // Generation runs compiled programs by default, which choose no algorithm per layer;
        // ACGAN_GENERATOR=tensor runs it layer by layer through the selection, as training does.
        let measured = try CLIProcess.run(["generate", "--tags", "blue hair smile", "--count", "4", "--out", first], timeout: 120,
                                          environment: ["ACGAN_CONVOLUTION": "measure", "ACGAN_CONVOLUTION_FILE": file,
                                                        "ACGAN_GENERATOR": "tensor"])
        #expect(measured.status == 0, "\(measured)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        // The bundled generator's convolutions at batch 4 on one thread (the tests' ACGAN_THREADS).
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("forward n4 ") && $0.contains(" t1 ") }, "\(lines)")
        // Another mode, but the file wins: the same algorithms, so the same bytes.
        let repeated = try CLIProcess.run(["generate", "--tags", "blue hair smile", "--count", "4", "--out", second], timeout: 120,
                                          environment: ["ACGAN_CONVOLUTION": "im2col", "ACGAN_CONVOLUTION_FILE": file,
                                                        "ACGAN_GENERATOR": "tensor"])
        #expect(repeated.status == 0, "\(repeated)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        let after = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(after == lines)
    }
}
