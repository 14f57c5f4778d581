import Kernels

extension Tensor {
    /// Nearest-neighbour upsampling by `r` (PyTorch's `interpolate(scale_factor=r,
    /// mode="nearest")`): (N, C, H, W) -> (N, C, H*r, W*r), each value copied into its r x r
    /// block. Its gradient sums each block (`blockSums(factor:)`).
    public func upsampledNearest(factor r: Int) -> Tensor {
        precondition(rank == 4 && r >= 1, "nearest upsampling by \(r) of \(shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let result = Tensor(uninitializedShape: [n, c, h * r, w * r])
        NearestUpsampleKernels.upsample(input: storage.pointer, output: result.storage.pointer,
                                        planes: n * c, height: h, width: w, factor: r)
        return Tensor.recorded(result, name: "upsampleNearest", inputs: [self]) { g in [g.blockSums(factor: r)] }
    }

    /// The adjoint of `upsampledNearest(factor:)`: (N, C, H*r, W*r) -> (N, C, H, W), each
    /// output value the sum of its r x r block. Its gradient is the nearest upsampling.
    public func blockSums(factor r: Int) -> Tensor {
        precondition(rank == 4 && r >= 1 && shape[2] % r == 0 && shape[3] % r == 0, "block sums by \(r) of \(shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2] / r, shape[3] / r)
        let result = Tensor(uninitializedShape: [n, c, h, w])
        NearestUpsampleKernels.sumBlocks(input: storage.pointer, output: result.storage.pointer,
                                         planes: n * c, height: h, width: w, factor: r)
        return Tensor.recorded(result, name: "blockSums", inputs: [self]) { g in [g.upsampledNearest(factor: r)] }
    }
}
