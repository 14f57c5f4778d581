import Kernels

extension Tensor {
    /// PyTorch's `pixel_shuffle`: (N, C*r*r, H, W) -> (N, C, H*r, W*r), with
    /// out[n, c, h*r+i, w*r+j] = in[n, c*r*r + i*r + j, h, w]. Its gradient is the inverse
    /// rearrangement.
    public func pixelShuffled(factor r: Int) -> Tensor {
        precondition(rank == 4 && shape[1] % (r * r) == 0, "pixel shuffle by \(r) of \(shape)")
        let (n, c, h, w) = (shape[0], shape[1] / (r * r), shape[2], shape[3])
        let result = Tensor(uninitializedShape: [n, c, h * r, w * r])
        PixelShuffleKernels.shuffle(input: storage.pointer, output: result.storage.pointer,
                                    batch: n, channels: c, height: h, width: w, factor: r)
        return Tensor.recorded(result, name: "pixelShuffle", inputs: [self]) { g in [g.pixelUnshuffled(factor: r)] }
    }

    /// PyTorch's `pixel_unshuffle`: (N, C, H*r, W*r) -> (N, C*r*r, H, W), the inverse of
    /// `pixelShuffled(factor:)`.
    public func pixelUnshuffled(factor r: Int) -> Tensor {
        precondition(rank == 4 && shape[2] % r == 0 && shape[3] % r == 0, "pixel unshuffle by \(r) of \(shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2] / r, shape[3] / r)
        let result = Tensor(uninitializedShape: [n, c * r * r, h, w])
        PixelShuffleKernels.unshuffle(input: storage.pointer, output: result.storage.pointer,
                                      batch: n, channels: c, height: h, width: w, factor: r)
        return Tensor.recorded(result, name: "pixelUnshuffle", inputs: [self]) { g in [g.pixelShuffled(factor: r)] }
    }
}
