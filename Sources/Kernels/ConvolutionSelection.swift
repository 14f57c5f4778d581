// Which algorithm runs a convolution pass on this CPU: measured at run time, or pinned.
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How a convolution pass is run: the algorithm, and whether its batch split runs on the
/// worker threads or one after another on the calling thread. Only the algorithm changes the
/// numbers (the split into chunks, and so the order of sums, depends on `Threads.count` alone;
/// see `parallelChunks`); `inline` only changes the speed.
public struct ConvolutionChoice: Sendable, Hashable, CustomStringConvertible {
    /// The implementation.
    public var algorithm: ConvolutionAlgorithm
    /// True to run the chunks on the calling thread (no hand-off to workers): faster for
    /// passes so small that waking a thread costs more than it saves.
    public var inline: Bool

    public init(_ algorithm: ConvolutionAlgorithm, inline: Bool = false) {
        self.algorithm = algorithm
        self.inline = inline
    }

    /// `oneDNN`, or `oneDNN/inline`.
    public var description: String { inline ? "\(algorithm.rawValue)/inline" : algorithm.rawValue }

    /// Parses `description`'s form.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/")
        guard let first = parts.first, let algorithm = ConvolutionAlgorithm(rawValue: String(first)),
              parts.count == 1 || (parts.count == 2 && parts[1] == "inline") else { return nil }
        self.init(algorithm, inline: parts.count == 2)
    }
}

/// The run-time choice of convolution algorithm per layer shape and pass.
///
/// The fixed rules in `ConvolutionAlgorithm.rule(for:pass:)` were measured on one CPU; on
/// another the best algorithm differs (oneDNN's JIT kernels, OpenBLAS's and the cache sizes all
/// change with the CPU). So by default the first call of each (shape, pass, thread count) runs
/// a short timed trial of every algorithm that supports the shape, each with the batch split
/// over the threads and, for small passes, inline: one warm-up call each, then up to `rounds` rounds in which each
/// runs once (so a passing disturbance hits all alike), each candidate's best time counting.
/// The fastest is kept for the rest of the process; the rule's own choice stays unless another
/// is at least `margin` faster, so near-ties do not flip. A trial measures the machine as it is
/// at that moment: on a machine busy with other work it can keep choices that are worse once
/// the work is gone, so measure a choices file on a quiet machine and pin it where that matters.
/// The trial costs a few calls of each candidate on the first use of a shape (a few seconds
/// on acgan64's first training step; nothing afterwards), and it runs on the caller's own
/// buffers: every pass overwrites its outputs, and the chosen candidate runs last.
///
/// Different algorithms round differently, so measured choices can change results in the
/// last bits from one process or machine to another. Pin them where results must reproduce
/// exactly (tests, parity checks, the bundled-model recipe):
/// - `ACGAN_CONVOLUTION=rules`: the fixed rules, no trial (what this project used before);
/// - `ACGAN_CONVOLUTION=oneDNN` (or `im2col`, `dualIm2col`): that algorithm wherever it
///   supports the shape, the rules elsewhere;
/// - `ACGAN_CONVOLUTION=measure` (the default): the timed trial;
/// - `ACGAN_CONVOLUTION_FILE=PATH`: the choices in the file win; shapes it lacks are chosen by
///   the mode above and added to the file (written atomically), so a first run measures and
///   later runs repeat its choices exactly. One line per choice:
///   `forward n64 c64 o64 h16 w16 k3x3 s1 p1 t2 oneDNN` (`t` is `Threads.count`; `/inline`
///   after the algorithm runs the chunks on the calling thread).
public final class ConvolutionSelection: Sendable {
    /// How choices not found in a file are made.
    public enum Mode: Sendable, Equatable, CustomStringConvertible {
        /// A timed trial on first use.
        case measure
        /// `ConvolutionAlgorithm.rule(for:pass:)`.
        case rules
        /// This algorithm where it supports the shape, the rules elsewhere.
        case only(ConvolutionAlgorithm)

        /// The `ACGAN_CONVOLUTION` value that selects it.
        public var description: String {
            switch self {
            case .measure: return "measure"
            case .rules: return "rules"
            case .only(let algorithm): return algorithm.rawValue
            }
        }

        /// Parses an `ACGAN_CONVOLUTION` value.
        public init?(_ text: String) {
            switch text {
            case "measure": self = .measure
            case "rules": self = .rules
            default:
                guard let algorithm = ConvolutionAlgorithm(rawValue: text) else { return nil }
                self = .only(algorithm)
            }
        }
    }

    /// A measured candidate must beat the rule's choice by this fraction to replace it: a trial
    /// is short, and a core taken by another process for a moment can fake a smaller gain.
    public static let margin = 0.1

    /// What identifies a choice: the shape, the pass and the thread count.
    struct Key: Hashable, Sendable {
        var shape: Conv2dShape
        var pass: ConvolutionPass
        var threads: Int
    }

    private struct State: Sendable {
        var choices: [Key: ConvolutionChoice] = [:]
        /// Keys in the order they were chosen (for writing the file).
        var order: [Key] = []
    }

    /// How choices missing from the file are made.
    public let mode: Mode
    /// The choices file, if any.
    public let file: String?
    private let state = Mutex(State())
    private let warnedAboutFile = Atomic<Bool>(false)
    /// Nanoseconds from a monotonic clock (a test gives a virtual one).
    private let clock: @Sendable () -> UInt64

    /// A selection with `mode`, and the choices of `file` when it exists (nil: no file).
    /// `clock` times the trial's candidates (nanoseconds, monotonic).
    public init(mode: Mode, file: String? = nil,
                clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds })
        throws(ConvolutionSelectionError) {
        self.mode = mode
        self.file = file
        self.clock = clock
        var loaded: [(Key, ConvolutionChoice)] = []
        if let file, let text = Self.readText(file) {
            loaded = try Self.parse(text, path: file)
        }
        state.withLock { state in
            for (key, choice) in loaded where state.choices[key] == nil {
                state.choices[key] = choice
                state.order.append(key)
            }
        }
    }

    /// The selection from `ACGAN_CONVOLUTION` and `ACGAN_CONVOLUTION_FILE`.
    public static func fromEnvironment() throws(ConvolutionSelectionError) -> ConvolutionSelection {
        let modeText = getenv("ACGAN_CONVOLUTION").map { String(cString: $0) } ?? ""
        let fileText = getenv("ACGAN_CONVOLUTION_FILE").map { String(cString: $0) } ?? ""
        var mode = Mode.measure
        if !modeText.isEmpty {
            guard let parsed = Mode(modeText) else {
                throw ConvolutionSelectionError(
                    "ACGAN_CONVOLUTION=\(modeText) is not a mode: use measure, rules, "
                        + ConvolutionAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))
            }
            mode = parsed
        }
        return try ConvolutionSelection(mode: mode, file: fileText.isEmpty ? nil : fileText)
    }

    /// The selection `Convolution` uses, made from the environment on first use. Programs call
    /// `checkEnvironment()` at start-up so that a bad value is a clean error, not a stop here.
    public static let shared: ConvolutionSelection = {
        do throws(ConvolutionSelectionError) {
            return try fromEnvironment()
        } catch {
            fatalError(error.message)
        }
    }()

    /// Throws what `shared` would stop with.
    public static func checkEnvironment() throws(ConvolutionSelectionError) {
        _ = try fromEnvironment()
    }

    /// The choices made so far, as the lines of a choices file.
    public var choiceLines: [String] {
        state.withLock { state in state.order.map { Self.line(for: $0, state.choices[$0]!) } }
    }

    /// The lines of `choiceLines` whose choice is not the rule's (run the passes with the
    /// batch split over the threads by `ConvolutionAlgorithm.rule`).
    public var departuresFromRules: [String] {
        state.withLock { state in
            state.order.filter { key in
                state.choices[key] != ConvolutionChoice(ConvolutionAlgorithm.rule(for: key.shape, pass: key.pass))
            }.map { Self.line(for: $0, state.choices[$0]!) }
        }
    }

    /// The choice for `shape` and `pass` at the current thread count, if one was made.
    public func choice(for shape: Conv2dShape, pass: ConvolutionPass) -> ConvolutionChoice? {
        let key = Key(shape: shape, pass: pass, threads: Threads.count)
        return state.withLock { $0.choices[key] }
    }

    /// Runs `pass` of `shape` with the chosen algorithm (`run` performs one call of the pass
    /// with the algorithm it is given). `forced` (tests, benchmarks) overrides everything:
    /// that algorithm if it supports the shape, else im2col.
    public func run(_ shape: Conv2dShape, _ pass: ConvolutionPass, forced: ConvolutionAlgorithm? = nil,
                    _ run: (ConvolutionAlgorithm) -> Void) {
        if let forced {
            run(forced.supports(shape) ? forced : .im2col)
            return
        }
        let key = Key(shape: shape, pass: pass, threads: Threads.count)
        let known = state.withLock { $0.choices[key] }
        if let known {
            Self.perform(known, run)
            return
        }
        let rule = ConvolutionChoice(ConvolutionAlgorithm.rule(for: shape, pass: pass))
        var lastRun: ConvolutionChoice?
        let choice: ConvolutionChoice
        switch mode {
        case .rules:
            choice = rule
        case .only(let algorithm):
            choice = algorithm.supports(shape) ? ConvolutionChoice(algorithm) : rule
        case .measure:
            (choice, lastRun) = trial(shape, rule: rule, run)
        }
        // Another thread may have chosen meanwhile: the first choice stored is the one used.
        let (stored, isNew) = state.withLock { state -> (ConvolutionChoice, Bool) in
            if let earlier = state.choices[key] { return (earlier, false) }
            state.choices[key] = choice
            state.order.append(key)
            return (choice, true)
        }
        if isNew, let file { save(to: file) }
        if stored != lastRun { Self.perform(stored, run) }
    }

    /// Runs every candidate a few times and returns the fastest (the rule's unless another
    /// beats it by `margin`), and the candidate whose outputs are in the buffers now.
    private func trial(_ shape: Conv2dShape, rule: ConvolutionChoice,
                              _ run: (ConvolutionAlgorithm) -> Void)
        -> (choice: ConvolutionChoice, lastRun: ConvolutionChoice) {
        // Inline runs are tried only for small passes, where handing work to another thread
        // can cost more than it saves; on a large one inline can only win when another process
        // holds a core during the trial, and would then stay slow for the rest of the run.
        let split = shape.multiplyAdds <= Self.inlineCandidateMultiplyAdds
            && (parallelChunkCount(shape.batch) > 1
                || (shape.batch == 1 && parallelChunkCount((shape.outputChannels + 15) / 16) > 1))
        var candidates = [rule]
        for algorithm in ConvolutionAlgorithm.allCases where algorithm.supports(shape) {
            for inline in split ? [false, true] : [false] {
                let candidate = ConvolutionChoice(algorithm, inline: inline)
                if candidate != rule { candidates.append(candidate) }
            }
        }
        // Rounds in which every candidate runs once, so that a passing disturbance (another
        // process taking a core) hits them alike; the best time of each over the rounds.
        var times = [Double](repeating: .infinity, count: candidates.count)
        for candidate in candidates { Self.perform(candidate, run) }   // warm-up: plans, caches
        var spent = 0.0
        for _ in 0..<Self.rounds {
            for (index, candidate) in candidates.enumerated() {
                let start = clock()
                Self.perform(candidate, run)
                let elapsed = Double(clock() &- start)
                times[index] = min(times[index], elapsed)
                spent += elapsed
            }
            if spent > Self.budgetNanoseconds { break }
        }
        var best = 0
        for index in candidates.indices.dropFirst() where times[index] < times[best] { best = index }
        if best != 0 && times[best] > times[0] * (1 - Self.margin) { best = 0 }
        // The candidate that ran last left its outputs; the chosen one runs again unless it was it.
        return (candidates[best], candidates[candidates.count - 1])
    }

    /// Passes of at most this many multiply-adds (about a millisecond on one core) are also
    /// tried inline.
    static let inlineCandidateMultiplyAdds = 64 << 20

    /// At most this many timed rounds; fewer once `budgetNanoseconds` are spent (at least one).
    static let rounds = 3
    static let budgetNanoseconds = 60e6

    private static func perform(_ choice: ConvolutionChoice, _ run: (ConvolutionAlgorithm) -> Void) {
        if choice.inline {
            Threads.inline { run(choice.algorithm) }
        } else {
            run(choice.algorithm)
        }
    }

    // MARK: The choices file

    private static func line(for key: Key, _ choice: ConvolutionChoice) -> String {
        let s = key.shape
        return "\(key.pass.rawValue) n\(s.batch) c\(s.inputChannels) o\(s.outputChannels) "
            + "h\(s.inputHeight) w\(s.inputWidth) k\(s.kernelHeight)x\(s.kernelWidth) "
            + "s\(s.stride) p\(s.padding) t\(key.threads) \(choice)"
    }

    /// The choices in a file's text; blank lines and lines starting with # are skipped.
    static func parse(_ text: String, path: String) throws(ConvolutionSelectionError) -> [(Key, ConvolutionChoice)] {
        var result: [(Key, ConvolutionChoice)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = raw.split(separator: " ")
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            func fail(_ why: String) -> ConvolutionSelectionError {
                ConvolutionSelectionError("\(path) line \(index + 1): \(why) (expected for example "
                    + "'forward n64 c64 o64 h16 w16 k3x3 s1 p1 t2 oneDNN')")
            }
            guard fields.count == 11 else { throw fail("\(fields.count) fields, not 11") }
            guard let pass = ConvolutionPass(rawValue: String(fields[0])) else {
                throw fail("'\(fields[0])' is not a pass (forward, backwardInput, backwardWeight)")
            }
            func number(_ field: Int, _ prefix: Character) throws(ConvolutionSelectionError) -> Int {
                let text = fields[field]
                guard text.first == prefix, let value = Int(text.dropFirst()), value >= 0 else {
                    throw fail("'\(text)' is not \(prefix) followed by a number")
                }
                return value
            }
            let kernel = fields[6].dropFirst().split(separator: "x")
            guard fields[6].first == "k", kernel.count == 2, let kh = Int(kernel[0]), let kw = Int(kernel[1]) else {
                throw fail("'\(fields[6])' is not k<height>x<width>")
            }
            let shape = Conv2dShape(batch: try number(1, "n"), inputChannels: try number(2, "c"),
                                    outputChannels: try number(3, "o"), inputHeight: try number(4, "h"),
                                    inputWidth: try number(5, "w"), kernelHeight: kh, kernelWidth: kw,
                                    stride: try number(7, "s"), padding: try number(8, "p"))
            guard shape.isValid else { throw fail("the shape is not a valid convolution") }
            let threads = try number(9, "t")
            guard let choice = ConvolutionChoice(fields[10]) else {
                throw fail("'\(fields[10])' is not an algorithm ("
                    + ConvolutionAlgorithm.allCases.map(\.rawValue).joined(separator: ", ") + ", optionally /inline)")
            }
            guard choice.algorithm.supports(shape) else {
                throw fail("\(choice.algorithm.rawValue) cannot run this shape")
            }
            result.append((Key(shape: shape, pass: pass, threads: threads), choice))
        }
        return result
    }

    /// Writes every choice to `path` (a temporary file renamed over it). A file that cannot be
    /// written is reported once on stderr; the choices still hold for this process.
    private func save(to path: String) {
        let text = "# ACGAN Studio convolution choices (ACGAN_CONVOLUTION_FILE); see ConvolutionSelection\n"
            + choiceLines.joined(separator: "\n") + "\n"
        let temporary = path + ".tmp.\(getpid())"
        var written = false
        if let file = fopen(temporary, "w") {
            let bytes = Array(text.utf8)
            written = fwrite(bytes, 1, bytes.count, file) == bytes.count
            written = fclose(file) == 0 && written
            written = written && rename(temporary, path) == 0
            if !written { unlink(temporary) }
        }
        if !written && !warnedAboutFile.exchange(true, ordering: .relaxed) {
            let message = "acgan: could not write the convolution choices to \(path); they hold for this run only\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
        }
    }

    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let read = fread(&buffer, 1, buffer.count, file)
            if read <= 0 { break }
            bytes.append(contentsOf: buffer[0..<read])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A bad `ACGAN_CONVOLUTION` value or choices file.
public struct ConvolutionSelectionError: Error, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
