import Tensors

/// `max(x, 0)` as a layer.
public final class ReLU: Module, UnaryLayer {
    public override init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.relu() }
}

/// `x > 0 ? x : slope * x` as a layer (PyTorch's `nn.LeakyReLU`, default slope 0.01).
public final class LeakyReLU: Module, UnaryLayer {
    /// The slope for negative inputs.
    public let slope: Float
    public init(slope: Float = 0.01) { self.slope = slope }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.leakyRelu(slope: slope) }
}

/// The hyperbolic tangent as a layer.
public final class Tanh: Module, UnaryLayer {
    public override init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.tanh() }
}

/// (N, C*r*r, H, W) -> (N, C, H*r, W*r), as PyTorch's `nn.PixelShuffle`.
public final class PixelShuffle: Module, UnaryLayer {
    /// The upscaling factor r.
    public let factor: Int
    public init(factor: Int) { self.factor = factor }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.pixelShuffled(factor: factor) }
}

/// Layers applied in order, as PyTorch's `nn.Sequential`; children are keyed "0", "1", ...
public final class Sequential: Module, UnaryLayer {
    /// The layers.
    public let layers: [any UnaryLayer]
    public init(_ layers: [any UnaryLayer]) { self.layers = layers }

    public override func members() -> [(name: String, member: ModuleMember)] {
        layers.enumerated().map { ("\($0.offset)", .module($0.element)) }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { layers.reduce(x) { $1($0) } }
}
