// allocation-probe: counts the heap allocations of batch-1 generation after warm-up, with
// ordo-one/malloc-interposer preloaded (LD_PRELOAD=libMallocInterposerSwift.so), and prints
// them as one JSON line. Run by Tests/CLITests/AllocationProbeTests.swift.
//
// oneDNN's primitives allocate inside every execution (their argument maps: 7 to 12 calls a
// primitive, through its C API, which has no way around them). So the probe also runs each
// convolution primitive of the same program alone, and the test asserts that a generation
// allocates exactly what its primitives do: nothing of ours (buffers, programs, threads,
// hand-offs, the linear layer, the loops between layers) allocates on the hot path.
//
// Usage: allocation-probe [--kernels winograd|nhwc|blocked16|blocked8] [--threads N] [--runs N]
//        [--trace]   (a backtrace of every allocation of one generation, on standard error)
// Exit status 3: oneDNN cannot build these kernels on this CPU (Winograd needs AVX-512).
import ACGAN
import Foundation
import Kernels
import MallocInterposerSwift
import NeuralNetwork
import Randomness
import Tensors

@main
struct AllocationProbe {
    nonisolated(unsafe) static var sink: UnsafeMutableRawPointer?
    /// Frames of the allocation being traced (static: the hook must not allocate).
    nonisolated(unsafe) static var frames = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 32)
    nonisolated(unsafe) static var tracing = false
    /// glibc's backtrace and backtrace_symbols_fd (execinfo.h is not in Swift's Glibc module).
    typealias Backtrace = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>?, Int32) -> Int32
    typealias BacktraceSymbols = @convention(c) (UnsafePointer<UnsafeMutableRawPointer?>?, Int32, Int32) -> Void
    static let backtrace = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "backtrace"), to: Backtrace.self)
    static let backtrace_symbols_fd = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "backtrace_symbols_fd"),
                                                    to: BacktraceSymbols.self)

    /// `--trace`'s allocation hook: the allocating thread's stack, symbolised straight to
    /// standard error (backtrace_symbols_fd does not allocate). Allocations the hook itself
    /// might cause are not traced again.
    static let traceHook: MallocInterposerSwift.AllocationHook = { bytes in
        guard !AllocationProbe.tracing else { return }
        AllocationProbe.tracing = true
        let count = backtrace(AllocationProbe.frames, 32)
        let line = "allocation of \(bytes) bytes:\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        backtrace_symbols_fd(AllocationProbe.frames, count, 2)
        AllocationProbe.tracing = false
    }

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String, default value: String) -> String {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
            return arguments[index + 1]
        }
        guard let kernels = GeneratorKernels(rawValue: option("--kernels", default: "winograd")),
              let threads = Int(option("--threads", default: "2")), threads >= 1,
              let runs = Int(option("--runs", default: "10")), runs >= 1 else {
            FileHandle.standardError.write(Data("usage: allocation-probe [--kernels K] [--threads N] [--runs N]\n".utf8))
            exit(2)
        }
        Threads.set(count: threads)
        MallocInterposerSwift.initialize()

        var rng = RandomGenerator(seed: 7)
        let configuration = ModelConfiguration()
        let generator = Generator(configuration, using: &rng)
        let folded = FoldedGenerator(folding: generator)
        let z = Tensor.randomNormal([1, configuration.latentSize], using: &rng).scalars
        let condition = Tensor.randomUniform([1, configuration.conditionLength], low: 0, high: 1, using: &rng).scalars
        var output = [Float](repeating: 0, count: 3 * configuration.imageSize * configuration.imageSize)

        func generate() -> Bool {
            z.withUnsafeBufferPointer { zp in
                condition.withUnsafeBufferPointer { cp in
                    output.withUnsafeMutableBufferPointer {
                        folded.run(count: 1, z: zp.baseAddress!, condition: cp.baseAddress!, output: $0.baseAddress!,
                                   kernels: kernels)
                    }
                }
            }
        }

        /// Allocation calls made by `body`, on every thread, and whether it succeeded.
        func allocations(_ body: () -> Bool) -> (count: Int, succeeded: Bool) {
            MallocInterposerSwift.reset()
            MallocInterposerSwift.hook()
            let succeeded = body()
            MallocInterposerSwift.unhook()
            return (Int(MallocInterposerSwift.getStatistics().mallocCount), succeeded)
        }

        // The control: one malloc must count as one, else the interposer is not loaded and every
        // count below would be a vacuous zero.
        let control = allocations {
            sink = malloc(64)   // stored where the optimiser cannot drop the call
            return sink != nil
        }
        free(sink)
        guard control.count == 1 else {
            FileHandle.standardError.write(Data(("allocation-probe: one malloc counted as \(control.count): run it with "
                + "LD_PRELOAD=<build folder>/libMallocInterposerSwift.so\n").utf8))
            exit(1)
        }

        // Warm-up: the program, its buffers, the second lane's thread, oneDNN's per-thread state.
        for _ in 0..<3 {
            guard generate(), folded.runOneImageConvolutionsAlone(kernels: kernels) != nil else {
                FileHandle.standardError.write(Data("allocation-probe: oneDNN has no \(kernels) kernels for this CPU\n".utf8))
                exit(3)
            }
        }
        if arguments.contains("--trace") {
            _ = backtrace(frames, 32)   // loads the unwinder before counting
            MallocInterposerSwift.setAllocationHook(traceHook)
            _ = allocations(generate)
            MallocInterposerSwift.setAllocationHook(nil)
        }
        var generations: [Int] = [], primitives: [Int] = []
        var primitiveCount = 0
        for _ in 0..<runs {
            let generation = allocations(generate)
            var count = 0
            let alone = allocations {
                count = folded.runOneImageConvolutionsAlone(kernels: kernels) ?? 0
                return count > 0
            }
            guard generation.succeeded, alone.succeeded else { exit(1) }
            generations.append(generation.count)
            primitives.append(alone.count)
            primitiveCount = count
        }
        let lanes = folded.oneImageLanes(kernels: kernels)
        print(#"{"kernels":"\#(kernels.rawValue)","threads":\#(threads),"lanes":\#(lanes),"#
            + #""convolutions":\#(primitiveCount),"generation":\#(generations),"convolutions_alone":\#(primitives)}"#)
    }
}
