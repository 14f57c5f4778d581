// Nearest-neighbour upsampling by an integer factor, and its adjoint.

/// Nearest-neighbour upsampling, PyTorch's `interpolate(mode="nearest", scale_factor=r)`:
/// in (N, C, H, W) -> out (N, C, H*r, W*r), `out[n,c,h*r+i,w*r+j] = in[n,c,h,w]`.
/// `height` and `width` are those of the small image. Split over (n, c) planes.
public enum NearestUpsampleKernels {
    /// Copies each input value into its r x r block. `output` must not alias `input`.
    public static func upsample(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                                planes: Int, height: Int, width: Int, factor: Int) {
        let r = factor, smallPlane = height * width, bigWidth = width * r
        parallelFor(0..<planes) { chunk in
            for plane in chunk {
                let source = input + plane * smallPlane
                let target = output + plane * smallPlane * r * r
                for h in 0..<height {
                    let from = source + h * width
                    let first = target + h * r * bigWidth
                    for w in 0..<width {
                        let value = from[w]
                        for j in 0..<r { first[w * r + j] = value }
                    }
                    // The other r - 1 rows of the block repeat the first.
                    for i in 1..<r {
                        (first + i * bigWidth).update(from: first, count: bigWidth)
                    }
                }
            }
        }
    }

    /// The adjoint of `upsample` (its backward pass): each output value is the sum of the
    /// r x r block of `input` (N, C, H*r, W*r) it was copied to. `output` is (N, C, H, W).
    public static func sumBlocks(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                                 planes: Int, height: Int, width: Int, factor: Int) {
        let r = factor, smallPlane = height * width, bigWidth = width * r
        parallelFor(0..<planes) { chunk in
            for plane in chunk {
                let source = input + plane * smallPlane * r * r
                let target = output + plane * smallPlane
                for h in 0..<height {
                    let to = target + h * width
                    for w in 0..<width { to[w] = 0 }
                    for i in 0..<r {
                        let row = source + (h * r + i) * bigWidth
                        for w in 0..<width {
                            var sum: Float = 0
                            for j in 0..<r { sum += row[w * r + j] }
                            to[w] += sum
                        }
                    }
                }
            }
        }
    }
}
