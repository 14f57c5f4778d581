// Pixel shuffle with PyTorch's channel order, and its inverse.

/// Pixel shuffle loops, PyTorch's `pixel_shuffle` order:
/// in (N, C*r*r, H, W) -> out (N, C, H*r, W*r), `out[n,c,h*r+i,w*r+j] = in[n, c*r*r + i*r + j, h, w]`.
/// In both directions `channels` is C (the channel count of the large image) and
/// `height`, `width` are H, W (the size of the small image). Split over (n, c) planes.
public enum PixelShuffleKernels {
    /// (N, C*r*r, H, W) -> (N, C, H*r, W*r). `output` must not alias `input`.
    public static func shuffle(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                               batch: Int, channels: Int, height: Int, width: Int, factor: Int) {
        let r = factor, smallPlane = height * width, bigWidth = width * r
        parallelFor(0..<(batch * channels)) { planes in
            for plane in planes {
                // Plane (n, c) of the output reads input channels n*C*r*r + c*r*r ..< +r*r,
                // i.e. input planes plane*r*r onward, because n*C*r*r + c*r*r = (n*C + c)*r*r.
                let source = input + plane * r * r * smallPlane
                let target = output + plane * r * r * smallPlane
                for i in 0..<r {
                    for j in 0..<r {
                        let sub = source + (i * r + j) * smallPlane
                        for h in 0..<height {
                            let row = target + (h * r + i) * bigWidth + j
                            let from = sub + h * width
                            for w in 0..<width { row[w * r] = from[w] }
                        }
                    }
                }
            }
        }
    }

    /// (N, C, H*r, W*r) -> (N, C*r*r, H, W): the exact inverse of `shuffle`, and, since it is
    /// a permutation, also its adjoint (the backward pass of `shuffle`).
    public static func unshuffle(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                                 batch: Int, channels: Int, height: Int, width: Int, factor: Int) {
        let r = factor, smallPlane = height * width, bigWidth = width * r
        parallelFor(0..<(batch * channels)) { planes in
            for plane in planes {
                let source = input + plane * r * r * smallPlane
                let target = output + plane * r * r * smallPlane
                for i in 0..<r {
                    for j in 0..<r {
                        let sub = target + (i * r + j) * smallPlane
                        for h in 0..<height {
                            let row = source + (h * r + i) * bigWidth + j
                            let to = sub + h * width
                            for w in 0..<width { to[w] = row[w * r] }
                        }
                    }
                }
            }
        }
    }
}
