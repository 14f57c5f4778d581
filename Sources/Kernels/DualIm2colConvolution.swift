// Convolution for few output channels: im2col on the transposed (dual) convolution.

/// Stride-1 convolution computed through its dual, for layers with few output channels
/// (acgan64's last G layer, 64 -> 3). x is (N,C,H,W), w is (O,C,KH,KW), y is (N,O,OH,OW).
///
/// Plain im2col builds a (C*KH*KW, OH*OW) column matrix and multiplies it by only O rows:
/// with O = 3 that is memory-bound and runs at a tenth of GEMM speed, and oneDNN pads O to a
/// block of 16. The dual works on the O side instead. With the kernel flipped,
/// `wf[(o, KH-1-kh, KW-1-kw), c] = w[o, c, kh, kw]`, and the dual geometry S' (an image of O
/// channels of size OH x OW, padding KH-1-p, whose "output" grid is the input grid H x W):
/// - forward: `Z = wf * x_n` ((O*KH*KW, C) times (C, H*W), no im2col at all), then
///   y = b + fold_S'(Z);
/// - input gradient: `D = unfold_S'(dy_n)` (O*KH*KW rows: small), `dx_n = wf^T * D`;
/// - weight gradient: `P = sum_n D * x_n^T`, then `dw[o,c,kh,kw] = P[(o, KH-1-kh, KW-1-kw), c]`.
/// Work is split over the batch like `Im2colConvolution`; every output is overwritten.
enum DualIm2colConvolution {
    /// True when the dual exists: stride 1 and padding at most kernel - 1 on both axes.
    static func supports(_ s: Conv2dShape) -> Bool {
        s.stride == 1 && s.padding <= s.kernelHeight - 1 && s.padding <= s.kernelWidth - 1
    }

    /// The dual geometry S' (see the type's comment); its batch is 1 (one image at a time).
    static func dualShape(_ s: Conv2dShape) -> Conv2dShape {
        Conv2dShape(batch: 1, inputChannels: s.outputChannels, outputChannels: s.inputChannels,
                    inputHeight: s.outputHeight, inputWidth: s.outputWidth,
                    kernelHeight: s.kernelHeight, kernelWidth: s.kernelWidth, stride: 1,
                    padding: s.kernelHeight - 1 - s.padding)
    }

    /// Writes wf (O*KH*KW, C), the flipped, transposed weights.
    private static func flipWeights(_ s: Conv2dShape, _ weight: UnsafePointer<Float>,
                                    into flipped: UnsafeMutablePointer<Float>) {
        let (kh, kw, c) = (s.kernelHeight, s.kernelWidth, s.inputChannels)
        for o in 0..<s.outputChannels {
            for channel in 0..<c {
                for y in 0..<kh {
                    for x in 0..<kw {
                        let row = (o * kh + (kh - 1 - y)) * kw + (kw - 1 - x)
                        flipped[row * c + channel] = weight[((o * c + channel) * kh + y) * kw + x]
                    }
                }
            }
        }
    }

    /// y = conv(x, w) + b. Requires `supports(s)`.
    static func forward(_ s: Conv2dShape, input: UnsafePointer<Float>,
                        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        output: UnsafeMutablePointer<Float>) {
        let dual = dualShape(s)
        let rows = s.outputChannels * s.kernelHeight * s.kernelWidth
        let inputPixels = s.inputHeight * s.inputWidth
        let outputPixels = s.outputHeight * s.outputWidth
        let chunks = parallelChunkCount(s.batch)
        ScratchPool.withScratch(slots: chunks + 1) { scratch in
            let flipped = scratch.reserve(slot: chunks, count: rows * s.inputChannels)
            flipWeights(s, weight, into: flipped)
            for chunk in 0..<chunks { scratch.reserve(slot: chunk, count: rows * inputPixels) }
            parallelChunks(0..<s.batch) { chunk, images in
                let columns = scratch.pointer(slot: chunk)
                for n in images {
                    Gemm.sgemm(transposeA: false, transposeB: false, m: rows, n: inputPixels,
                               k: s.inputChannels, alpha: 1, a: flipped, lda: s.inputChannels,
                               b: input + n * s.inputChannels * inputPixels, ldb: inputPixels,
                               beta: 0, c: columns, ldc: inputPixels)
                    let y = output + n * s.outputChannels * outputPixels
                    for o in 0..<s.outputChannels {
                        (y + o * outputPixels).update(repeating: bias?[o] ?? 0, count: outputPixels)
                    }
                    Im2col.foldAdding(dual, columns: columns, image: y)
                }
            }
        }
    }

    /// dL/dx from dL/dy. Requires `supports(s)`.
    static func backwardInput(_ s: Conv2dShape, gradOutput: UnsafePointer<Float>,
                              weight: UnsafePointer<Float>,
                              gradInput: UnsafeMutablePointer<Float>) {
        let dual = dualShape(s)
        let rows = s.outputChannels * s.kernelHeight * s.kernelWidth
        let inputPixels = s.inputHeight * s.inputWidth
        let outputPixels = s.outputHeight * s.outputWidth
        let chunks = parallelChunkCount(s.batch)
        ScratchPool.withScratch(slots: chunks + 1) { scratch in
            let flipped = scratch.reserve(slot: chunks, count: rows * s.inputChannels)
            flipWeights(s, weight, into: flipped)
            for chunk in 0..<chunks { scratch.reserve(slot: chunk, count: rows * inputPixels) }
            parallelChunks(0..<s.batch) { chunk, images in
                let columns = scratch.pointer(slot: chunk)
                for n in images {
                    Im2col.unfold(dual, image: gradOutput + n * s.outputChannels * outputPixels,
                                  columns: columns)
                    Gemm.sgemm(transposeA: true, transposeB: false, m: s.inputChannels,
                               n: inputPixels, k: rows, alpha: 1, a: flipped,
                               lda: s.inputChannels, b: columns, ldb: inputPixels, beta: 0,
                               c: gradInput + n * s.inputChannels * inputPixels, ldc: inputPixels)
                }
            }
        }
    }

    /// dL/dw and dL/db (nil skips the bias). Requires `supports(s)`.
    static func backwardWeight(_ s: Conv2dShape, input: UnsafePointer<Float>,
                               gradOutput: UnsafePointer<Float>,
                               gradWeight: UnsafeMutablePointer<Float>,
                               gradBias: UnsafeMutablePointer<Float>?) {
        let dual = dualShape(s)
        let (kh, kw, c) = (s.kernelHeight, s.kernelWidth, s.inputChannels)
        let rows = s.outputChannels * kh * kw
        let inputPixels = s.inputHeight * s.inputWidth
        let outputPixels = s.outputHeight * s.outputWidth
        let chunks = parallelChunkCount(s.batch)
        ScratchPool.withScratch(slots: 2 * chunks) { scratch in
            for chunk in 0..<chunks {
                scratch.reserve(slot: chunk, count: rows * inputPixels)
                scratch.reserve(slot: chunks + chunk, count: rows * c)
            }
            let used = parallelChunks(0..<s.batch) { chunk, images in
                let columns = scratch.pointer(slot: chunk)
                let partial = scratch.pointer(slot: chunks + chunk)
                for n in images {
                    Im2col.unfold(dual, image: gradOutput + n * s.outputChannels * outputPixels,
                                  columns: columns)
                    Gemm.sgemm(transposeA: false, transposeB: true, m: rows, n: c,
                               k: inputPixels, alpha: 1, a: columns, lda: inputPixels,
                               b: input + n * c * inputPixels, ldb: inputPixels,
                               beta: n == images.lowerBound ? 0 : 1, c: partial, ldc: c)
                }
            }
            let total = scratch.pointer(slot: chunks)
            for chunk in 1..<max(used, 1) {
                let partial = scratch.pointer(slot: chunks + chunk)
                for i in 0..<(rows * c) { total[i] += partial[i] }
            }
            for o in 0..<s.outputChannels {
                for channel in 0..<c {
                    for y in 0..<kh {
                        for x in 0..<kw {
                            let row = (o * kh + (kh - 1 - y)) * kw + (kw - 1 - x)
                            gradWeight[((o * c + channel) * kh + y) * kw + x] =
                                total[row * c + channel]
                        }
                    }
                }
            }
        }
        if let gradBias {
            for o in 0..<s.outputChannels {
                var sum: Float = 0
                for n in 0..<s.batch {
                    let plane = gradOutput + (n * s.outputChannels + o) * outputPixels
                    sum += VectorSums.sum(plane, outputPixels)
                }
                gradBias[o] = sum
            }
        }
    }
}
