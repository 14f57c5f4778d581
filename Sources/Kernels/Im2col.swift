// Unfolding one image into GEMM columns, and folding columns back (the adjoint).

/// im2col and col2im for one image. x is (C,H,W); the column matrix is (C*KH*KW, OH*OW),
/// row `(c*KH + kh)*KW + kw`, column `oh*OW + ow`, holding x[c, oh*s-p+kh, ow*s-p+kw] or 0.
enum Im2col {
    /// True when the column matrix of `s` is the image itself (1x1 kernel, stride 1, no
    /// padding), so the copy can be skipped.
    static func isIdentity(_ s: Conv2dShape) -> Bool {
        s.kernelHeight == 1 && s.kernelWidth == 1 && s.stride == 1 && s.padding == 0
    }

    /// Rows of the column matrix: C * KH * KW.
    static func rows(_ s: Conv2dShape) -> Int { s.inputChannels * s.kernelHeight * s.kernelWidth }

    /// The output columns `ox` whose input column `ox*s - p + kw` lies inside `0..<W`.
    @inline(__always)
    static func validColumns(_ s: Conv2dShape, kernelColumn kw: Int) -> Range<Int> {
        let first = s.padding - kw
        let lower = first <= 0 ? 0 : (first + s.stride - 1) / s.stride
        let last = s.inputWidth - 1 + s.padding - kw
        let upper = last < 0 ? 0 : min(s.outputWidth, last / s.stride + 1)
        return lower < upper ? lower..<upper : lower..<lower
    }

    /// Writes the column matrix of one image `image` (C,H,W) into `columns`.
    static func unfold(_ s: Conv2dShape, image: UnsafePointer<Float>,
                       columns: UnsafeMutablePointer<Float>) {
        let (outH, outW) = (s.outputHeight, s.outputWidth)
        let (inH, inW, stride, pad) = (s.inputHeight, s.inputWidth, s.stride, s.padding)
        var row = columns
        for c in 0..<s.inputChannels {
            let plane = image + c * inH * inW
            for kh in 0..<s.kernelHeight {
                for kw in 0..<s.kernelWidth {
                    let valid = validColumns(s, kernelColumn: kw)
                    for oy in 0..<outH {
                        let target = row + oy * outW
                        let iy = oy * stride - pad + kh
                        if iy < 0 || iy >= inH {
                            target.update(repeating: 0, count: outW)
                            continue
                        }
                        target.update(repeating: 0, count: valid.lowerBound)
                        let source = plane + iy * inW - pad + kw
                        if stride == 1 {
                            (target + valid.lowerBound).update(
                                from: source + valid.lowerBound, count: valid.count)
                        } else {
                            for ox in valid { target[ox] = source[ox * stride] }
                        }
                        (target + valid.upperBound).update(
                            repeating: 0, count: outW - valid.upperBound)
                    }
                    row += outH * outW
                }
            }
        }
    }

    /// Adds the column matrix back into one image (C,H,W): the adjoint of `unfold`.
    /// `image` must be zeroed (or hold what the sum should start from).
    static func foldAdding(_ s: Conv2dShape, columns: UnsafePointer<Float>,
                           image: UnsafeMutablePointer<Float>) {
        let (outH, outW) = (s.outputHeight, s.outputWidth)
        let (inH, inW, stride, pad) = (s.inputHeight, s.inputWidth, s.stride, s.padding)
        var row = columns
        for c in 0..<s.inputChannels {
            let plane = image + c * inH * inW
            for kh in 0..<s.kernelHeight {
                for kw in 0..<s.kernelWidth {
                    let valid = validColumns(s, kernelColumn: kw)
                    for oy in 0..<outH {
                        let iy = oy * stride - pad + kh
                        if iy < 0 || iy >= inH { continue }
                        let source = row + oy * outW
                        let target = plane + iy * inW - pad + kw
                        if stride == 1 {
                            for ox in valid { target[ox] += source[ox] }
                        } else {
                            for ox in valid { target[ox * stride] += source[ox] }
                        }
                    }
                    row += outH * outW
                }
            }
        }
    }

    /// The column matrix of one image: the image itself when the convolution is the identity
    /// layout (`isIdentity`: 1x1, stride 1, no padding; pass `buffer` nil), otherwise its
    /// unfolding into `buffer`.
    static func columns(_ s: Conv2dShape, image: UnsafePointer<Float>,
                        buffer: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        guard let buffer else { return image }
        unfold(s, image: image, columns: buffer)
        return UnsafePointer(buffer)
    }
}
