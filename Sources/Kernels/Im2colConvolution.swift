// Convolution by im2col + OpenBLAS sgemm, split over the batch: the fallback for every shape,
// and the choice for D's first-layer input gradient (see Convolution.swift).

/// 2-D convolution, forward and both backward passes, with the contract of `Convolution`.
/// x is (N,C,H,W), w is (O,C,KH,KW), y is (N,O,OH,OW); every call overwrites its outputs.
///
/// Each image is unfolded into a (C*KH*KW, OH*OW) column matrix in a reused scratch buffer and
/// multiplied with the (O, C*KH*KW) weight matrix (a 1x1, stride-1, unpadded convolution
/// uses the image itself). With 2 or more images the batch is split over `parallelChunks`
/// and each GEMM runs single-threaded; a single image lets `Gemm.sgemm` split its products.
enum Im2colConvolution {
    /// y = conv(x, w) + b (b broadcast over N, OH, OW; nil means no bias).
    static func forward(_ s: Conv2dShape, input: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>) {
        let rows = Im2col.rows(s), pixels = s.outputHeight * s.outputWidth
        let imageSize = s.inputChannels * s.inputHeight * s.inputWidth
        let outputSize = s.outputChannels * pixels
        let identity = Im2col.isIdentity(s)
        let chunks = parallelChunkCount(s.batch)
        ScratchPool.withScratch(slots: chunks) { scratch in
            if !identity {
                for slot in 0..<chunks { scratch.reserve(slot: slot, count: rows * pixels) }
            }
            parallelChunks(0..<s.batch) { chunk, images in
                for n in images {
                    let columns = Im2col.columns(s, image: input + n * imageSize,
                                                 buffer: identity ? nil : scratch.pointer(slot: chunk))
                    let y = output + n * outputSize
                    Gemm.sgemm(transposeA: false, transposeB: false, m: s.outputChannels,
                               n: pixels, k: rows, alpha: 1, a: weight, lda: rows,
                               b: columns, ldb: pixels, beta: 0, c: y, ldc: pixels)
                    if let bias {
                        for o in 0..<s.outputChannels {
                            let plane = y + o * pixels, value = bias[o]
                            for i in 0..<pixels { plane[i] += value }
                        }
                    }
                }
            }
        }
    }

    /// dL/dx from dL/dy: per image, columns = w^T * dy, then folded back (col2im).
    static func backwardInput(_ s: Conv2dShape, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>,
                                     gradInput: UnsafeMutablePointer<Float>) {
        let rows = Im2col.rows(s), pixels = s.outputHeight * s.outputWidth
        let imageSize = s.inputChannels * s.inputHeight * s.inputWidth
        let outputSize = s.outputChannels * pixels
        let identity = Im2col.isIdentity(s)
        let chunks = parallelChunkCount(s.batch)
        ScratchPool.withScratch(slots: chunks) { scratch in
            if !identity {
                for slot in 0..<chunks { scratch.reserve(slot: slot, count: rows * pixels) }
            }
            parallelChunks(0..<s.batch) { chunk, images in
                for n in images {
                    let dx = gradInput + n * imageSize
                    let dy = gradOutput + n * outputSize
                    if identity {
                        Gemm.sgemm(transposeA: true, transposeB: false, m: rows, n: pixels,
                                   k: s.outputChannels, alpha: 1, a: weight, lda: rows,
                                   b: dy, ldb: pixels, beta: 0, c: dx, ldc: pixels)
                        continue
                    }
                    let columns = scratch.pointer(slot: chunk)
                    Gemm.sgemm(transposeA: true, transposeB: false, m: rows, n: pixels,
                               k: s.outputChannels, alpha: 1, a: weight, lda: rows,
                               b: dy, ldb: pixels, beta: 0, c: columns, ldc: pixels)
                    dx.update(repeating: 0, count: imageSize)
                    Im2col.foldAdding(s, columns: columns, image: dx)
                }
            }
        }
    }

    /// dL/dw = sum over images of dy (O, OH*OW) * columns^T, and dL/db = sum of dy over
    /// N, OH, OW (skipped when `gradBias` is nil). Each chunk of images sums into its own
    /// partial; the partials are added at the end.
    static func backwardWeight(_ s: Conv2dShape, input: UnsafePointer<Float>,
                                      gradOutput: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>,
                                      gradBias: UnsafeMutablePointer<Float>?) {
        let rows = Im2col.rows(s), pixels = s.outputHeight * s.outputWidth
        let imageSize = s.inputChannels * s.inputHeight * s.inputWidth
        let outputSize = s.outputChannels * pixels
        let weightCount = s.weightCount
        let identity = Im2col.isIdentity(s)
        let chunks = parallelChunkCount(s.batch)
        ScratchPool.withScratch(slots: 2 * chunks) { scratch in
            for slot in 0..<chunks {
                if !identity { scratch.reserve(slot: slot, count: rows * pixels) }
                if slot > 0 { scratch.reserve(slot: chunks + slot, count: weightCount) }
            }
            let used = parallelChunks(0..<s.batch) { chunk, images in
                let partial = chunk == 0 ? gradWeight : scratch.pointer(slot: chunks + chunk)
                for n in images {
                    let columns = Im2col.columns(s, image: input + n * imageSize,
                                                 buffer: identity ? nil : scratch.pointer(slot: chunk))
                    Gemm.sgemm(transposeA: false, transposeB: true, m: s.outputChannels,
                               n: rows, k: pixels, alpha: 1, a: gradOutput + n * outputSize,
                               lda: pixels, b: columns, ldb: pixels,
                               beta: n == images.lowerBound ? 0 : 1, c: partial, ldc: rows)
                }
            }
            if used > 1 {
                parallelFor(0..<weightCount, minimumChunkSize: 4096) { part in
                    for chunk in 1..<used {
                        let partial = scratch.pointer(slot: chunks + chunk)
                        for i in part { gradWeight[i] += partial[i] }
                    }
                }
            }
        }
        if let gradBias {
            parallelFor(0..<s.outputChannels, minimumChunkSize: 4) { channels in
                for o in channels {
                    var sum: Float = 0
                    for n in 0..<s.batch {
                        let plane = gradOutput + n * outputSize + o * pixels
                        sum += VectorSums.sum(plane, pixels)
                    }
                    gradBias[o] = sum
                }
            }
        }
    }
}
