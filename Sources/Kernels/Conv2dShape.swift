// The geometry of one 2-D convolution.

/// The shape of a 2-D convolution: x is (N, C, H, W), w is (O, C, KH, KW), y is (N, O, OH, OW),
/// with the same stride and zero padding along both axes (PyTorch's `Conv2d`, no dilation,
/// no groups).
public struct Conv2dShape: Sendable, Hashable {
    /// N, the number of images.
    public var batch: Int
    /// C, channels of the input.
    public var inputChannels: Int
    /// O, channels of the output (the number of filters).
    public var outputChannels: Int
    /// H, input height.
    public var inputHeight: Int
    /// W, input width.
    public var inputWidth: Int
    /// KH, kernel height.
    public var kernelHeight: Int
    /// KW, kernel width.
    public var kernelWidth: Int
    /// Step between output positions, in input pixels (both axes).
    public var stride: Int
    /// Zeros added on every side of the input (both axes).
    public var padding: Int

    /// A convolution shape; check `isValid` before running kernels on it.
    public init(batch: Int, inputChannels: Int, outputChannels: Int, inputHeight: Int,
                inputWidth: Int, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) {
        self.batch = batch
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
    }

    /// OH = (H + 2 padding - KH) / stride + 1 (floor, as PyTorch).
    public var outputHeight: Int { (inputHeight + 2 * padding - kernelHeight) / stride + 1 }
    /// OW = (W + 2 padding - KW) / stride + 1 (floor, as PyTorch).
    public var outputWidth: Int { (inputWidth + 2 * padding - kernelWidth) / stride + 1 }

    /// True when every extent is positive, padding is non-negative and the kernel fits in the
    /// padded input. The kernels assume a valid shape; layers check it and throw.
    public var isValid: Bool {
        batch > 0 && inputChannels > 0 && outputChannels > 0 && inputHeight > 0
            && inputWidth > 0 && kernelHeight > 0 && kernelWidth > 0 && stride > 0
            && padding >= 0 && inputHeight + 2 * padding >= kernelHeight
            && inputWidth + 2 * padding >= kernelWidth
    }

    /// N * C * H * W.
    public var inputCount: Int { batch * inputChannels * inputHeight * inputWidth }
    /// O * C * KH * KW.
    public var weightCount: Int { outputChannels * inputChannels * kernelHeight * kernelWidth }
    /// N * O * OH * OW.
    public var outputCount: Int { batch * outputChannels * outputHeight * outputWidth }
    /// Multiply-adds of one forward pass (each backward pass costs the same).
    public var multiplyAdds: Int { outputCount * inputChannels * kernelHeight * kernelWidth }
}
