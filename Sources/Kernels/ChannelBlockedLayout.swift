// The activation layouts of an inference program, and the few loops it runs on them itself.

/// How an inference program (`InferenceConvolution` and the loops below) stores activations:
/// channels in blocks, (N, C / b, H, W, b), where the block b is 8 or 16 (oneDNN's nChw8c and
/// nChw16c) or all the channels (NHWC). One offset formula covers the three, so every loop
/// here is written once. A tensor of C channels can use a layout when C is a multiple of its
/// block (`fits`); NHWC fits every C.
public enum ChannelBlockedLayout: String, Hashable, Sendable, CaseIterable {
    case nhwc
    case blocked8
    case blocked16

    /// The block size for a tensor of `channels` channels.
    @inline(__always)
    public func block(channels: Int) -> Int {
        switch self {
        case .nhwc: channels
        case .blocked8: 8
        case .blocked16: 16
        }
    }

    /// True when a tensor of `channels` channels can be stored in this layout.
    public func fits(channels: Int) -> Bool { channels % block(channels: channels) == 0 }

    /// The element offset of (n, c, h, w) in a (N, C, H, W) tensor stored in this layout.
    @inline(__always)
    public func offset(n: Int, c: Int, h: Int, w: Int, channels: Int, height: Int, width: Int) -> Int {
        let b = block(channels: channels)
        return (((n * (channels / b) + c / b) * height + h) * width + w) * b + c % b
    }
}

/// Loops over activations in a `ChannelBlockedLayout`, on the calling thread (an inference
/// program runs one per thread). Each copies or updates runs of one channel block at a time:
/// contiguous in every layout.
public enum BlockedLayoutKernels {
    /// `x = max(x * scale[c] + shift[c], 0) + skip` in place (a batch norm in eval mode, ReLU,
    /// and a skip connection), for (n, C, H, W) tensors in `layout`.
    public static func scaleShiftReLUAdd(
        _ x: UnsafeMutablePointer<Float>, skip: UnsafePointer<Float>, scale: UnsafePointer<Float>,
        shift: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
        layout: ChannelBlockedLayout
    ) {
        let b = layout.block(channels: channels)
        let plane = height * width
        for n in 0..<batch {
            for block in 0..<(channels / b) {
                let base = (n * (channels / b) + block) * plane * b
                let s = scale + block * b, t = shift + block * b
                for pixel in 0..<plane {
                    let row = base + pixel * b
                    for lane in 0..<b {
                        x[row + lane] = max(x[row + lane] * s[lane] + t[lane], 0) + skip[row + lane]
                    }
                }
            }
        }
    }

    /// PixelShuffle by 2 for a convolution whose output channels are in the order
    /// (2 i + j) * C + c (`pixelShuffleRowOrder`): output (n, c, 2h + i, 2w + j) is input
    /// (n, (2 i + j) * C + c, h, w). `input` is (n, 4C, H, W), `output` (n, C, 2H, 2W).
    /// Only the groups g = 2 i + j in `groups` are copied (a part of the convolution's output
    /// rows; all four by default).
    public static func pixelShuffle2(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
        batch: Int, channels: Int, height: Int, width: Int, layout: ChannelBlockedLayout,
        groups: Range<Int> = 0..<4
    ) {
        let b = layout.block(channels: channels)
        let inChannels = 4 * channels
        for n in 0..<batch {
            for g in groups {
                let (i, j) = (g / 2, g % 2)
                for block in 0..<(channels / b) {
                    let c = block * b
                    for h in 0..<height {
                        for w in 0..<width {
                            let from = layout.offset(n: n, c: g * channels + c, h: h, w: w,
                                                     channels: inChannels, height: height, width: width)
                            let to = layout.offset(n: n, c: c, h: 2 * h + i, w: 2 * w + j,
                                                   channels: channels, height: 2 * height, width: 2 * width)
                            (output + to).update(from: input + from, count: b)
                        }
                    }
                }
            }
        }
    }

    /// Nearest-neighbour upsampling by `factor`: output (n, c, f h + i, f w + j) is input
    /// (n, c, h, w).
    public static func upsampleNearest(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, factor: Int,
        batch: Int, channels: Int, height: Int, width: Int, layout: ChannelBlockedLayout
    ) {
        let b = layout.block(channels: channels)
        for n in 0..<batch {
            for block in 0..<(channels / b) {
                let c = block * b
                for h in 0..<height {
                    for w in 0..<width {
                        let from = input + layout.offset(n: n, c: c, h: h, w: w, channels: channels,
                                                         height: height, width: width)
                        for i in 0..<factor {
                            for j in 0..<factor {
                                let to = layout.offset(n: n, c: c, h: factor * h + i, w: factor * w + j,
                                                       channels: channels, height: factor * height,
                                                       width: factor * width)
                                (output + to).update(from: from, count: b)
                            }
                        }
                    }
                }
            }
        }
    }

    /// A convolution with few outputs (an image's 3 colours) as one matrix product and a
    /// shifted sum, instead of a direct convolution whose output vectors would be mostly
    /// empty: `tapWeights` turns the (O, C, K, K) weight into a (C, K K O) matrix; per channel
    /// block, the pixels (H W, block) of the activation times its rows give every pixel's
    /// contribution to every tap and output (`taps`, (H W, K K O) per image); then `sumTaps`
    /// adds, for each output pixel, the taps of its K x K neighbours.
    /// Row c, column (ky K + kx) O + o of the result is weight (o, c, ky, kx).
    public static func tapWeights(_ weight: UnsafePointer<Float>, outputs: Int, channels: Int, kernel: Int) -> [Float] {
        let columns = kernel * kernel * outputs
        var matrix = [Float](repeating: 0, count: channels * columns)
        for o in 0..<outputs {
            for c in 0..<channels {
                for t in 0..<(kernel * kernel) {
                    matrix[c * columns + t * outputs + o] = weight[(o * channels + c) * kernel * kernel + t]
                }
            }
        }
        return matrix
    }

    /// The second half of a tap convolution (see `tapWeights`): output (n, o, h, w) of a
    /// stride-1 convolution with `padding` is bias[o] plus, over the taps (ky, kx) whose pixel
    /// (h + ky - padding, w + kx - padding) is inside the image, that pixel's column
    /// (ky K + kx) O + o of `taps`; written in NCHW, through tanh when asked, for the output
    /// rows in `rows` (all by default).
    public static func sumTaps(
        _ taps: UnsafePointer<Float>, bias: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
        batch: Int, outputs: Int, kernel: Int, padding: Int, height: Int, width: Int, tanh: Bool,
        rows: Range<Int>? = nil
    ) {
        let columns = kernel * kernel * outputs, plane = height * width
        for n in 0..<batch {
            let image = taps + n * plane * columns
            for h in rows ?? 0..<height {
                let kyRange = max(0, padding - h) ..< min(kernel, height + padding - h)
                for w in 0..<width {
                    let kxRange = max(0, padding - w) ..< min(kernel, width + padding - w)
                    for o in 0..<outputs {
                        var sum = bias[o]
                        for ky in kyRange {
                            let row = image + ((h + ky - padding) * width + (w - padding)) * columns
                            for kx in kxRange { sum += row[kx * columns + (ky * kernel + kx) * outputs + o] }
                        }
                        output[((n * outputs + o) * height + h) * width + w] = tanh ? libmTanh(sum) : sum
                    }
                }
            }
        }
    }

    /// The row order that makes `pixelShuffle2` read a convolution's output: new row
    /// (2 i + j) * C + c takes old row c * 4 + 2 i + j (PyTorch's PixelShuffle order).
    /// `result[new] = old`.
    public static func pixelShuffleRowOrder(channels: Int) -> [Int] {
        (0..<4 * channels).map { row in
            let (g, c) = (row / channels, row % channels)
            return c * 4 + g
        }
    }

    /// The row order that makes a linear layer with (C * H * W) outputs in NCHW order write
    /// one image's (C, H, W) straight into `layout`: `result[offset in layout] = NCHW index`.
    public static func imageRowOrder(channels: Int, height: Int, width: Int,
                                     layout: ChannelBlockedLayout) -> [Int] {
        var order = [Int](repeating: 0, count: channels * height * width)
        for c in 0..<channels {
            for h in 0..<height {
                for w in 0..<width {
                    order[layout.offset(n: 0, c: c, h: h, w: w, channels: channels, height: height,
                                        width: width)] = (c * height + h) * width + w
                }
            }
        }
        return order
    }
}
