// Timing the convolution passes on the shapes of acgan64 (for `acgan bench` and by hand).
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Measures GFLOP/s (2 flops per multiply-add) of a convolution implementation's three passes.
/// Best-of-N timing: on a shared machine the fastest run is the one least disturbed by others.
/// Besides wall-clock GFLOP/s it reports GFLOP per CPU-second (process CPU time, all threads),
/// which stays comparable when other work competes for the cores: it measures how much work a
/// core does while it runs our code (spinning threads count against it).
public enum ConvolutionBenchmark {
    /// The result for one shape: GFLOP/s of each pass (best of the timed runs).
    public struct Result: Sendable, CustomStringConvertible {
        /// The measured shape.
        public var shape: Conv2dShape
        /// A label for the shape (which layer of acgan64).
        public var label: String
        /// Forward GFLOP/s.
        public var forward: Double
        /// Input-gradient GFLOP/s.
        public var backwardInput: Double
        /// Weight-gradient (with bias) GFLOP/s.
        public var backwardWeight: Double
        /// GFLOP per CPU-second of forward, backwardInput, backwardWeight.
        public var perCore: (forward: Double, backwardInput: Double, backwardWeight: Double)

        /// One line: label, GFLOP/s of the three passes.
        public var description: String {
            func format(_ value: Double) -> String { String(Int(value.rounded())) }
            return "\(label): forward \(format(forward)), backwardInput \(format(backwardInput)), "
                + "backwardWeight \(format(backwardWeight)) GFLOP/s; per CPU-second "
                + "\(format(perCore.forward)), \(format(perCore.backwardInput)), "
                + "\(format(perCore.backwardWeight))"
        }
    }

    /// The convolutions of acgan64 at batch `batch`: G's 3x3 convs, D's 4x4 stride-2 and 3x3.
    public static func acgan64Shapes(batch: Int) -> [(label: String, shape: Conv2dShape)] {
        func conv(_ c: Int, _ o: Int, _ size: Int, _ k: Int, _ stride: Int) -> Conv2dShape {
            Conv2dShape(batch: batch, inputChannels: c, outputChannels: o, inputHeight: size,
                        inputWidth: size, kernelHeight: k, kernelWidth: k, stride: stride,
                        padding: 1)
        }
        return [
            ("G res 3x3 64->64 @16", conv(64, 64, 16, 3, 1)),
            ("G up 3x3 64->256 @16", conv(64, 256, 16, 3, 1)),
            ("G up 3x3 64->256 @32", conv(64, 256, 32, 3, 1)),
            ("G out 3x3 64->3 @64", conv(64, 3, 64, 3, 1)),
            ("D down 4x4/2 3->32 @64", conv(3, 32, 64, 4, 2)),
            ("D res 3x3 32->32 @32", conv(32, 32, 32, 3, 1)),
            ("D down 4x4/2 32->64 @32", conv(32, 64, 32, 4, 2)),
            ("D res 3x3 64->64 @16", conv(64, 64, 16, 3, 1)),
            ("D down 4x4/2 64->128 @16", conv(64, 128, 16, 4, 2)),
            ("D res 3x3 128->128 @8", conv(128, 128, 8, 3, 1)),
            ("D down 4x4/2 128->256 @8", conv(128, 256, 8, 4, 2)),
            ("D res 3x3 256->256 @4", conv(256, 256, 4, 3, 1)),
        ]
    }

    /// Times each pass of `Convolution` on `shape` (with `algorithm` forced, or the automatic
    /// choice when nil): one warm-up call, then the best of
    /// `repetitions` calls.
    public static func measure(_ shape: Conv2dShape, label: String = "",
                               algorithm: ConvolutionAlgorithm? = nil,
                               repetitions: Int = 5) -> Result {
        let x = filledBuffer(shape.inputCount, seed: 1)
        let w = filledBuffer(shape.weightCount, seed: 2)
        let b = filledBuffer(shape.outputChannels, seed: 3)
        let dy = filledBuffer(shape.outputCount, seed: 4)
        let y = UnsafeMutablePointer<Float>.allocate(capacity: shape.outputCount)
        let dx = UnsafeMutablePointer<Float>.allocate(capacity: shape.inputCount)
        let dw = UnsafeMutablePointer<Float>.allocate(capacity: shape.weightCount)
        let db = UnsafeMutablePointer<Float>.allocate(capacity: shape.outputChannels)
        defer { for p in [x, w, b, dy, y, dx, dw, db] { p.deallocate() } }
        let flops = 2 * Double(shape.multiplyAdds)
        func gflops(_ body: () -> Void) -> (wall: Double, cpu: Double) {
            body()
            var bestWall = Double.infinity, bestCPU = Double.infinity
            for _ in 0..<max(1, repetitions) {
                let start = DispatchTime.now().uptimeNanoseconds, startCPU = processCPUNanoseconds()
                body()
                bestWall = min(bestWall, Double(DispatchTime.now().uptimeNanoseconds - start))
                bestCPU = min(bestCPU, processCPUNanoseconds() - startCPU)
            }
            return (flops / bestWall, flops / max(bestCPU, 1))
        }
        let forward = gflops {
            Convolution.forward(shape, input: x, weight: w, bias: b, output: y, algorithm: algorithm)
        }
        let backwardInput = gflops {
            Convolution.backwardInput(shape, gradOutput: dy, weight: w, gradInput: dx,
                                      algorithm: algorithm)
        }
        let backwardWeight = gflops {
            Convolution.backwardWeight(shape, input: x, gradOutput: dy, gradWeight: dw,
                                       gradBias: db, algorithm: algorithm)
        }
        return Result(shape: shape, label: label, forward: forward.wall,
                      backwardInput: backwardInput.wall, backwardWeight: backwardWeight.wall,
                      perCore: (forward.cpu, backwardInput.cpu, backwardWeight.cpu))
    }

    /// CPU time of the whole process (all threads), in nanoseconds.
    private static func processCPUNanoseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
    }

    /// A buffer of deterministic values in [-1, 1); the caller deallocates it.
    private static func filledBuffer(_ count: Int, seed: UInt32) -> UnsafeMutablePointer<Float> {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        var state = seed &* 2_654_435_761 | 1
        for i in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            buffer[i] = Float(state >> 8) / Float(1 << 23) - 1
        }
        return buffer
    }
}
