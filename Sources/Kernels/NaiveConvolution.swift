// The reference convolution: plain loops, Double accumulators, no tricks. The test oracle.

/// Direct-loop convolution with the same contract as `Convolution`; slow and obviously right.
/// x is (N,C,H,W), w is (O,C,KH,KW), y is (N,O,OH,OW); every call overwrites its outputs.
public enum NaiveConvolution {
    /// y[n,o,oh,ow] = b[o] + sum_{c,kh,kw} x[n,c,oh*s-p+kh,ow*s-p+kw] * w[o,c,kh,kw].
    public static func forward(_ s: Conv2dShape, input: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>) {
        let (oh, ow) = (s.outputHeight, s.outputWidth)
        for n in 0..<s.batch {
            for o in 0..<s.outputChannels {
                for y in 0..<oh {
                    for x in 0..<ow {
                        var sum = Double(bias?[o] ?? 0)
                        for c in 0..<s.inputChannels {
                            for kh in 0..<s.kernelHeight {
                                let ih = y * s.stride - s.padding + kh
                                if ih < 0 || ih >= s.inputHeight { continue }
                                for kw in 0..<s.kernelWidth {
                                    let iw = x * s.stride - s.padding + kw
                                    if iw < 0 || iw >= s.inputWidth { continue }
                                    sum += Double(input[inputIndex(s, n, c, ih, iw)])
                                        * Double(weight[weightIndex(s, o, c, kh, kw)])
                                }
                            }
                        }
                        output[((n * s.outputChannels + o) * oh + y) * ow + x] = Float(sum)
                    }
                }
            }
        }
    }

    /// dL/dx[n,c,ih,iw] = sum over every (o, oh, ow, kh, kw) that read x[n,c,ih,iw] of
    /// dy[n,o,oh,ow] * w[o,c,kh,kw].
    public static func backwardInput(_ s: Conv2dShape, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>,
                                     gradInput: UnsafeMutablePointer<Float>) {
        let (oh, ow) = (s.outputHeight, s.outputWidth)
        var sums = [Double](repeating: 0, count: s.inputCount)
        for n in 0..<s.batch {
            for o in 0..<s.outputChannels {
                for y in 0..<oh {
                    for x in 0..<ow {
                        let g = Double(gradOutput[((n * s.outputChannels + o) * oh + y) * ow + x])
                        for c in 0..<s.inputChannels {
                            for kh in 0..<s.kernelHeight {
                                let ih = y * s.stride - s.padding + kh
                                if ih < 0 || ih >= s.inputHeight { continue }
                                for kw in 0..<s.kernelWidth {
                                    let iw = x * s.stride - s.padding + kw
                                    if iw < 0 || iw >= s.inputWidth { continue }
                                    sums[inputIndex(s, n, c, ih, iw)] +=
                                        g * Double(weight[weightIndex(s, o, c, kh, kw)])
                                }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<s.inputCount { gradInput[i] = Float(sums[i]) }
    }

    /// dL/dw[o,c,kh,kw] = sum_{n,oh,ow} dy[n,o,oh,ow] * x[n,c,oh*s-p+kh,ow*s-p+kw];
    /// dL/db[o] = sum_{n,oh,ow} dy[n,o,oh,ow].
    public static func backwardWeight(_ s: Conv2dShape, input: UnsafePointer<Float>,
                                      gradOutput: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>,
                                      gradBias: UnsafeMutablePointer<Float>?) {
        let (oh, ow) = (s.outputHeight, s.outputWidth)
        for o in 0..<s.outputChannels {
            var biasSum = 0.0
            for n in 0..<s.batch {
                for i in 0..<(oh * ow) {
                    biasSum += Double(gradOutput[(n * s.outputChannels + o) * oh * ow + i])
                }
            }
            gradBias?[o] = Float(biasSum)
            for c in 0..<s.inputChannels {
                for kh in 0..<s.kernelHeight {
                    for kw in 0..<s.kernelWidth {
                        var sum = 0.0
                        for n in 0..<s.batch {
                            for y in 0..<oh {
                                let ih = y * s.stride - s.padding + kh
                                if ih < 0 || ih >= s.inputHeight { continue }
                                for x in 0..<ow {
                                    let iw = x * s.stride - s.padding + kw
                                    if iw < 0 || iw >= s.inputWidth { continue }
                                    sum += Double(gradOutput[((n * s.outputChannels + o) * oh + y) * ow + x])
                                        * Double(input[inputIndex(s, n, c, ih, iw)])
                                }
                            }
                        }
                        gradWeight[weightIndex(s, o, c, kh, kw)] = Float(sum)
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func inputIndex(_ s: Conv2dShape, _ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Int {
        ((n * s.inputChannels + c) * s.inputHeight + h) * s.inputWidth + w
    }

    @inline(__always)
    private static func weightIndex(_ s: Conv2dShape, _ o: Int, _ c: Int, _ kh: Int, _ kw: Int) -> Int {
        ((o * s.inputChannels + c) * s.kernelHeight + kh) * s.kernelWidth + kw
    }
}
