import Kernels
import Testing

@Suite struct ConvolutionTests {
    /// Odd shapes covering batch 1-3, channels 1-5, odd sizes, strides 1 and 2, padding 0-2,
    /// kernels 1, 3, 4 (and the 1x1 stride-1 shortcut that skips im2col).
    static let shapes: [Conv2dShape] = [
        shape(1, 1, 1, 5, 5, 3, 1, 1),
        shape(2, 3, 4, 7, 5, 3, 1, 1),
        shape(3, 5, 2, 9, 7, 3, 2, 1),
        shape(2, 2, 5, 6, 6, 4, 2, 1),
        shape(1, 4, 3, 9, 11, 4, 2, 2),
        shape(3, 3, 3, 5, 7, 1, 1, 0),
        shape(2, 5, 4, 7, 7, 1, 2, 0),
        shape(1, 2, 3, 3, 3, 3, 1, 2),
        shape(2, 1, 5, 8, 9, 4, 1, 0),
        shape(3, 4, 1, 11, 5, 3, 2, 0),
        shape(2, 3, 2, 5, 5, 1, 1, 1),
        shape(1, 5, 5, 4, 4, 4, 1, 2),
        shape(2, 16, 8, 6, 6, 3, 1, 1),
        shape(2, 6, 3, 8, 7, 3, 1, 1),
        shape(3, 5, 2, 6, 9, 4, 1, 0),
        shape(2, 20, 17, 5, 6, 3, 1, 1),
        shape(3, 17, 18, 9, 8, 4, 2, 1),
        // One image and more than 16 output channels: oneDNN splits the output channels.
        shape(1, 5, 40, 6, 5, 3, 1, 1),
        shape(1, 17, 33, 7, 7, 4, 2, 1),
    ]

    /// Every algorithm that runs the shape, and nil (the automatic choice).
    static func algorithms(for s: Conv2dShape) -> [ConvolutionAlgorithm?] {
        [nil] + ConvolutionAlgorithm.allCases.filter { $0.supports(s) }
    }

    static func shape(_ n: Int, _ c: Int, _ o: Int, _ h: Int, _ w: Int, _ k: Int,
                      _ stride: Int, _ padding: Int) -> Conv2dShape {
        Conv2dShape(batch: n, inputChannels: c, outputChannels: o, inputHeight: h,
                    inputWidth: w, kernelHeight: k, kernelWidth: k, stride: stride,
                    padding: padding)
    }

    @Test func outputSizeFollowsPyTorch() {
        let s = Self.shape(1, 1, 1, 64, 63, 4, 2, 1)
        #expect(s.outputHeight == 32 && s.outputWidth == 31)
        #expect(Self.shape(1, 1, 1, 5, 5, 3, 1, 1).outputHeight == 5)
        #expect(Self.shape(1, 1, 1, 2, 2, 3, 1, 0).isValid == false)
    }

    @Test(arguments: shapes)
    func forwardMatchesNaive(_ s: Conv2dShape) {
        var numbers = SeededNumbers(seed: UInt64(s.hashValue & 0xffff))
        let x = numbers.array(s.inputCount), w = numbers.array(s.weightCount)
        let b = numbers.array(s.outputChannels)
        for algorithm in Self.algorithms(for: s) {
        for useBias in [true, false] {
            // Fill outputs with garbage: the kernels must overwrite, not accumulate.
            var fast = [Float](repeating: 123, count: s.outputCount)
            var slow = [Float](repeating: -7, count: s.outputCount)
            b.withUnsafeBufferPointer { bp in
                let bias = useBias ? bp.baseAddress : nil
                Convolution.forward(s, input: x, weight: w, bias: bias, output: &fast,
                                    algorithm: algorithm)
                NaiveConvolution.forward(s, input: x, weight: w, bias: bias, output: &slow)
            }
            #expect(relativeError(fast, slow) < 1e-4, "\(s) bias \(useBias) \(String(describing: algorithm))")
        }
        }
    }

    /// A fused ReLU (oneDNN post-op, or a loop after im2col and the dual) gives max(0, y) of
    /// the naive convolution, on every algorithm, the batch-1 channel split included.
    @Test(arguments: shapes)
    func forwardWithReLUMatchesNaive(_ s: Conv2dShape) {
        var numbers = SeededNumbers(seed: UInt64(s.hashValue & 0xffff) ^ 0x5a5a)
        let x = numbers.array(s.inputCount), w = numbers.array(s.weightCount)
        let b = numbers.array(s.outputChannels)
        var slow = [Float](repeating: -7, count: s.outputCount)
        NaiveConvolution.forward(s, input: x, weight: w, bias: b, output: &slow)
        let expected = slow.map { max($0, 0) }
        for algorithm in Self.algorithms(for: s) {
            var fast = [Float](repeating: -123, count: s.outputCount)
            Convolution.forward(s, input: x, weight: w, bias: b, output: &fast, activation: .relu,
                                algorithm: algorithm)
            #expect(fast.allSatisfy { $0 >= 0 }, "\(s) \(String(describing: algorithm))")
            #expect(relativeError(fast, expected) < 1e-4, "\(s) \(String(describing: algorithm))")
        }
    }

    @Test(arguments: shapes)
    func backwardInputMatchesNaive(_ s: Conv2dShape) {
        var numbers = SeededNumbers(seed: UInt64(s.hashValue & 0xffff) + 1)
        let dy = numbers.array(s.outputCount), w = numbers.array(s.weightCount)
        var slow = [Float](repeating: -3, count: s.inputCount)
        NaiveConvolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &slow)
        for algorithm in Self.algorithms(for: s) {
            var fast = [Float](repeating: 55, count: s.inputCount)
            Convolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &fast,
                                      algorithm: algorithm)
            #expect(relativeError(fast, slow) < 1e-4, "\(s) \(String(describing: algorithm))")
        }
    }

    @Test(arguments: shapes)
    func backwardWeightMatchesNaive(_ s: Conv2dShape) {
        var numbers = SeededNumbers(seed: UInt64(s.hashValue & 0xffff) + 2)
        let x = numbers.array(s.inputCount), dy = numbers.array(s.outputCount)
        var slowW = [Float](repeating: -9, count: s.weightCount)
        var slowB = [Float](repeating: -4, count: s.outputChannels)
        NaiveConvolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &slowW,
                                        gradBias: &slowB)
        for algorithm in Self.algorithms(for: s) {
            let name = "\(s) \(String(describing: algorithm))"
            var fastW = [Float](repeating: 9, count: s.weightCount)
            var fastB = [Float](repeating: 4, count: s.outputChannels)
            Convolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &fastW,
                                       gradBias: &fastB, algorithm: algorithm)
            #expect(relativeError(fastW, slowW) < 1e-4, "\(name)")
            #expect(relativeError(fastB, slowB) < 1e-4, "\(name)")
            // Without a bias gradient the weight gradient is the same.
            var noBias = [Float](repeating: 1, count: s.weightCount)
            Convolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &noBias,
                                       gradBias: nil, algorithm: algorithm)
            #expect(relativeError(noBias, slowW) < 1e-4, "\(name) without bias")
        }
    }

    /// oneDNN must really run these shapes (not fall back to im2col behind our back), or the
    /// oneDNN cases above would test im2col twice.
    @Test(arguments: shapes)
    func oneDNNBuildsPrimitives(_ s: Conv2dShape) {
        #expect(ConvolutionAlgorithm.oneDNNBuilds(s), "\(s)")
    }

    @Test func automaticChoiceFollowsTheMeasuredRule() {
        let gOut = Self.shape(64, 64, 3, 64, 64, 3, 1, 1)
        let dIn = Self.shape(64, 3, 32, 64, 64, 4, 2, 1)
        let gRes = Self.shape(64, 64, 64, 16, 16, 3, 1, 1)
        for pass in ConvolutionPass.allCases {
            #expect(ConvolutionAlgorithm.rule(for: gOut, pass: pass) == .dualIm2col)
            #expect(ConvolutionAlgorithm.rule(for: gRes, pass: pass) == .oneDNN)
        }
        #expect(ConvolutionAlgorithm.rule(for: dIn, pass: .forward) == .oneDNN)
        #expect(ConvolutionAlgorithm.rule(for: dIn, pass: .backwardInput) == .im2col)
        #expect(ConvolutionAlgorithm.rule(for: dIn, pass: .backwardWeight) == .oneDNN)
    }

    /// Images over 4 MB (NCHW input + output) make oneDNN's chunks run in micro-batches,
    /// with weight gradients summed across them.
    @Test func largeImagesRunInMicroBatches() {
        let s = Self.shape(3, 1, 2, 600, 600, 1, 1, 0)
        var numbers = SeededNumbers(seed: 5)
        let x = numbers.array(s.inputCount), w = numbers.array(s.weightCount)
        let b = numbers.array(s.outputChannels), dy = numbers.array(s.outputCount)
        var fast = [Float](repeating: 1, count: s.outputCount)
        var slow = [Float](repeating: 2, count: s.outputCount)
        Convolution.forward(s, input: x, weight: w, bias: b, output: &fast, algorithm: .oneDNN)
        NaiveConvolution.forward(s, input: x, weight: w, bias: b, output: &slow)
        #expect(relativeError(fast, slow) < 1e-4)
        var fastDx = [Float](repeating: 1, count: s.inputCount)
        var slowDx = [Float](repeating: 2, count: s.inputCount)
        Convolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &fastDx,
                                  algorithm: .oneDNN)
        NaiveConvolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &slowDx)
        #expect(relativeError(fastDx, slowDx) < 1e-4)
        var fastW = [Float](repeating: 1, count: s.weightCount)
        var slowW = [Float](repeating: 2, count: s.weightCount)
        var fastB = [Float](repeating: 1, count: s.outputChannels)
        var slowB = [Float](repeating: 2, count: s.outputChannels)
        Convolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &fastW,
                                   gradBias: &fastB, algorithm: .oneDNN)
        NaiveConvolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &slowW,
                                        gradBias: &slowB)
        #expect(relativeError(fastW, slowW) < 1e-4)
        // Each bias gradient sums 1.08 million terms of both signs: the sum is ~1000 times
        // smaller than the sum of magnitudes, so bound the Float rounding by the latter.
        for o in 0..<s.outputChannels {
            var magnitude = 0.0
            for n in 0..<s.batch {
                let plane = (n * s.outputChannels + o) * s.outputHeight * s.outputWidth
                for i in 0..<(s.outputHeight * s.outputWidth) { magnitude += Double(abs(dy[plane + i])) }
            }
            #expect(Double(abs(fastB[o] - slowB[o])) < 1e-6 * magnitude, "channel \(o)")
        }
    }

    /// <conv(x), dy> == <x, conv^T(dy)>: the two passes are adjoint, independent of the oracle.
    @Test func backwardInputIsTheAdjointOfForward() {
        let s = Self.shape(2, 3, 4, 9, 8, 4, 2, 1)
        var numbers = SeededNumbers(seed: 99)
        let x = numbers.array(s.inputCount), w = numbers.array(s.weightCount)
        let dy = numbers.array(s.outputCount)
        var y = [Float](repeating: 0, count: s.outputCount)
        var dx = [Float](repeating: 0, count: s.inputCount)
        Convolution.forward(s, input: x, weight: w, bias: nil, output: &y)
        Convolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &dx)
        let left = zip(y, dy).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(x, dx).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(left - right) < 1e-4 * max(abs(left), 1))
    }

    /// A hand-computed case: 1 image, 1 channel, 3x3 input, 2x2 kernel of ones, no padding.
    @Test func handComputedSums() {
        let s = Self.shape(1, 1, 1, 3, 3, 2, 1, 0)
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let w: [Float] = [1, 1, 1, 1], b: [Float] = [0.5]
        var y = [Float](repeating: 0, count: 4)
        Convolution.forward(s, input: x, weight: w, bias: b, output: &y)
        #expect(y == [12.5, 16.5, 24.5, 28.5])
    }
}
