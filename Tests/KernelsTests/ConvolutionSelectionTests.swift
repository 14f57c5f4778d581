import Foundation
import Kernels
import Synchronization
import Testing

/// The run-time choice of convolution algorithm: a timed trial keeps the fastest candidate (and
/// leaves that candidate's outputs), pinned modes and choices files repeat a choice exactly, and
/// a bad mode or file is a clear error. Each test makes its own `ConvolutionSelection`, so
/// nothing here changes the one the rest of the process uses.
@Suite struct ConvolutionSelectionTests {
    /// 16 -> 3 channels, stride 1: every algorithm supports it (the rule picks the dual).
    static let fewOutputs = Conv2dShape(batch: 4, inputChannels: 16, outputChannels: 3, inputHeight: 6,
                                        inputWidth: 6, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
    static let strided = Conv2dShape(batch: 3, inputChannels: 8, outputChannels: 16, inputHeight: 8,
                                     inputWidth: 8, kernelHeight: 4, kernelWidth: 4, stride: 2, padding: 1)

    /// Records the algorithms a selection asks `run` to call; each call advances a virtual
    /// clock (the selection's) by `cost(algorithm)` nanoseconds, so trials are deterministic.
    final class Recorder: @unchecked Sendable {
        var calls: [ConvolutionAlgorithm] = []
        private let time = Mutex<UInt64>(0)
        let cost: (ConvolutionAlgorithm) -> UInt64
        init(cost: @escaping (ConvolutionAlgorithm) -> UInt64) { self.cost = cost }
        func run(_ algorithm: ConvolutionAlgorithm) {
            calls.append(algorithm)
            time.withLock { $0 += cost(algorithm) }
        }
        var clock: @Sendable () -> UInt64 { { [self] in time.withLock { $0 } } }
    }

    @Test func theTrialKeepsTheFastestCandidateAndItsOutputs() throws {
        let recorder = Recorder { $0 == .oneDNN ? 1_000_000 : 3_000_000 }
        let selection = try ConvolutionSelection(mode: .measure, clock: recorder.clock)
        selection.run(Self.fewOutputs, .forward, recorder.run)
        let choice = try #require(selection.choice(for: Self.fewOutputs, pass: .forward))
        #expect(choice.algorithm == .oneDNN)
        // Every algorithm was tried, and the chosen one ran last, so its outputs are the ones left.
        #expect(Set(recorder.calls) == Set(ConvolutionAlgorithm.allCases))
        #expect(recorder.calls.last == .oneDNN)
        // Later calls run the choice only.
        recorder.calls = []
        selection.run(Self.fewOutputs, .forward, recorder.run)
        #expect(recorder.calls == [.oneDNN])
    }

    @Test func nearTiesKeepTheRule() throws {
        let rule = ConvolutionAlgorithm.rule(for: Self.fewOutputs, pass: .backwardWeight)
        // Every other candidate is 8% faster than the rule: not enough to replace it.
        let recorder = Recorder { $0 == rule ? 2_000_000 : 1_840_000 }
        let selection = try ConvolutionSelection(mode: .measure, clock: recorder.clock)
        selection.run(Self.fewOutputs, .backwardWeight, recorder.run)
        #expect(selection.choice(for: Self.fewOutputs, pass: .backwardWeight)?.algorithm == rule)
        #expect(recorder.calls.last == rule)
    }

    @Test func pinnedModesRunNoTrial() throws {
        let rules = try ConvolutionSelection(mode: .rules)
        let only = try ConvolutionSelection(mode: .only(.dualIm2col))
        for pass in ConvolutionPass.allCases {
            for shape in [Self.fewOutputs, Self.strided] {
                let recorder = Recorder { _ in 1 }
                rules.run(shape, pass, recorder.run)
                #expect(recorder.calls == [ConvolutionAlgorithm.rule(for: shape, pass: pass)])
                recorder.calls = []
                only.run(shape, pass, recorder.run)
                // The dual cannot run a strided convolution: the rule does.
                let expected: ConvolutionAlgorithm = shape.stride == 1 ? .dualIm2col : ConvolutionAlgorithm.rule(for: shape, pass: pass)
                #expect(recorder.calls == [expected], "\(pass) \(shape)")
            }
        }
    }

    @Test func aForcedAlgorithmOverridesTheSelection() throws {
        let selection = try ConvolutionSelection(mode: .rules)
        let recorder = Recorder { _ in 1 }
        selection.run(Self.fewOutputs, .forward, forced: .im2col, recorder.run)
        selection.run(Self.strided, .forward, forced: .dualIm2col, recorder.run)
        #expect(recorder.calls == [.im2col, .im2col])
        #expect(selection.choice(for: Self.fewOutputs, pass: .forward) == nil)
    }

    /// With the real kernels: what a measured selection computes is, bit for bit, what its
    /// chosen algorithm computes when forced, on the first call (the trial's) and later ones.
    @Test(arguments: ConvolutionPass.allCases)
    func measuredResultsAreTheChosenAlgorithms(_ pass: ConvolutionPass) throws {
        let s = Self.fewOutputs
        let selection = try ConvolutionSelection(mode: .measure)
        let x = Self.values(s.inputCount, 1), w = Self.values(s.weightCount, 2)
        let b = Self.values(s.outputChannels, 3), dy = Self.values(s.outputCount, 4)
        func compute(_ algorithm: ConvolutionAlgorithm) -> [Float] {
            switch pass {
            case .forward:
                var y = [Float](repeating: .nan, count: s.outputCount)
                Convolution.forward(s, input: x, weight: w, bias: b, output: &y, activation: .relu, algorithm: algorithm)
                return y
            case .backwardInput:
                var dx = [Float](repeating: .nan, count: s.inputCount)
                Convolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &dx, algorithm: algorithm)
                return dx
            case .backwardWeight:
                var dw = [Float](repeating: .nan, count: s.weightCount + s.outputChannels)
                dw.withUnsafeMutableBufferPointer { buffer in
                    Convolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: buffer.baseAddress!,
                                               gradBias: buffer.baseAddress! + s.weightCount, algorithm: algorithm)
                }
                return dw
            }
        }
        var result: [Float] = []
        selection.run(s, pass) { result = compute($0) }
        let choice = try #require(selection.choice(for: s, pass: pass))
        let forced = compute(choice.algorithm)
        #expect(result == forced, "\(pass): \(choice)")
        var again: [Float] = []
        selection.run(s, pass) { again = compute($0) }
        #expect(again == forced)
    }

    @Test func aChoicesFileIsWrittenAndRepeated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conv-choices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("choices.txt").path
        let fast: [ConvolutionPass: ConvolutionAlgorithm] = [.forward: .im2col, .backwardInput: .oneDNN]
        let winner = Mutex(ConvolutionAlgorithm.oneDNN)
        let recorder = Recorder { algorithm in winner.withLock { $0 } == algorithm ? 1_000 : 3_000 }
        let first = try ConvolutionSelection(mode: .measure, file: path, clock: recorder.clock)
        for (pass, fastest) in fast {
            winner.withLock { $0 = fastest }
            first.run(Self.fewOutputs, pass, recorder.run)
            #expect(first.choice(for: Self.fewOutputs, pass: pass)?.algorithm == fastest)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 2)
        #expect(Set(lines.map(String.init)) == Set(first.choiceLines))
        // A later process with the file repeats its choices, whatever its own mode says.
        let second = try ConvolutionSelection(mode: .rules, file: path)
        for (pass, winner) in fast {
            #expect(second.choice(for: Self.fewOutputs, pass: pass)?.algorithm == winner)
            let recorder = Recorder { _ in 1 }
            second.run(Self.fewOutputs, pass, recorder.run)
            #expect(recorder.calls == [winner])
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp.\(getpid())"))
    }

    static let badLines: [(line: String, complaint: String)] = [
        ("forward n4 c16 o3 h6 w6 k3x3 s1 p1 t2", "10 fields, not 11"),
        ("sideways n4 c16 o3 h6 w6 k3x3 s1 p1 t2 oneDNN", "'sideways' is not a pass"),
        ("forward n4 c16 o3 h6 w6 k3 s1 p1 t2 oneDNN", "'k3' is not k<height>x<width>"),
        ("forward n4 x16 o3 h6 w6 k3x3 s1 p1 t2 oneDNN", "'x16' is not c followed by a number"),
        ("forward n4 c16 o3 h6 w6 k3x3 s1 p1 t2 fft", "'fft' is not an algorithm"),
        ("forward n4 c16 o16 h6 w6 k3x3 s2 p1 t2 winograd", "winograd cannot run this shape"),
        ("forward n4 c16 o3 h6 w6 k3x3 s2 p1 t2 dualIm2col", "dualIm2col cannot run this shape"),
        ("forward n4 c16 o3 h2 w2 k5x5 s1 p0 t2 oneDNN", "not a valid convolution"),
    ]

    @Test(arguments: badLines)
    func aBadChoicesFileIsAClearError(_ bad: (line: String, complaint: String)) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("conv-bad-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# choices\nforward n4 c16 o3 h6 w6 k3x3 s1 p1 t2 oneDNN/inline\n\(bad.line)\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ConvolutionSelection(mode: .measure, file: path)
            Issue.record("no error for \(bad.line)")
        } catch {
            #expect(error.message.contains("\(path) line 3: "), "\(error.message)")
            #expect(error.message.contains(bad.complaint), "\(error.message)")
        }
    }

    @Test func modesAndChoicesParse() {
        #expect(ConvolutionSelection.Mode("measure") == .measure)
        #expect(ConvolutionSelection.Mode("rules") == .rules)
        #expect(ConvolutionSelection.Mode("im2col") == .only(.im2col))
        #expect(ConvolutionSelection.Mode("fastest") == nil)
        #expect(ConvolutionChoice("oneDNN/inline") == ConvolutionChoice(.oneDNN, inline: true))
        #expect(ConvolutionChoice("im2col") == ConvolutionChoice(.im2col))
        #expect(ConvolutionChoice("im2col/outline") == nil)
        #expect(ConvolutionChoice(.dualIm2col, inline: true).description == "dualIm2col/inline")
    }

    static func values(_ count: Int, _ seed: Int) -> [Float] {
        (0..<count).map { Float(($0 * 7919 + seed * 104_729) % 2003) / 1001.5 - 1 }
    }
}
