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
    ]

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
        for useBias in [true, false] {
            // Fill outputs with garbage: the kernels must overwrite, not accumulate.
            var fast = [Float](repeating: 123, count: s.outputCount)
            var slow = [Float](repeating: -7, count: s.outputCount)
            b.withUnsafeBufferPointer { bp in
                let bias = useBias ? bp.baseAddress : nil
                Convolution.forward(s, input: x, weight: w, bias: bias, output: &fast)
                NaiveConvolution.forward(s, input: x, weight: w, bias: bias, output: &slow)
            }
            #expect(relativeError(fast, slow) < 1e-4, "\(s) bias \(useBias)")
        }
    }

    @Test(arguments: shapes)
    func backwardInputMatchesNaive(_ s: Conv2dShape) {
        var numbers = SeededNumbers(seed: UInt64(s.hashValue & 0xffff) + 1)
        let dy = numbers.array(s.outputCount), w = numbers.array(s.weightCount)
        var fast = [Float](repeating: 55, count: s.inputCount)
        var slow = [Float](repeating: -3, count: s.inputCount)
        Convolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &fast)
        NaiveConvolution.backwardInput(s, gradOutput: dy, weight: w, gradInput: &slow)
        #expect(relativeError(fast, slow) < 1e-4, "\(s)")
    }

    @Test(arguments: shapes)
    func backwardWeightMatchesNaive(_ s: Conv2dShape) {
        var numbers = SeededNumbers(seed: UInt64(s.hashValue & 0xffff) + 2)
        let x = numbers.array(s.inputCount), dy = numbers.array(s.outputCount)
        var fastW = [Float](repeating: 9, count: s.weightCount)
        var slowW = [Float](repeating: -9, count: s.weightCount)
        var fastB = [Float](repeating: 4, count: s.outputChannels)
        var slowB = [Float](repeating: -4, count: s.outputChannels)
        Convolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &fastW,
                                   gradBias: &fastB)
        NaiveConvolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &slowW,
                                        gradBias: &slowB)
        #expect(relativeError(fastW, slowW) < 1e-4, "\(s)")
        #expect(relativeError(fastB, slowB) < 1e-4, "\(s)")
        // Without a bias gradient the weight gradient is the same.
        var noBias = [Float](repeating: 1, count: s.weightCount)
        Convolution.backwardWeight(s, input: x, gradOutput: dy, gradWeight: &noBias,
                                   gradBias: nil)
        #expect(relativeError(noBias, slowW) < 1e-4, "\(s) without bias")
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
