import Testing
import Tensors
import Kernels

@Suite struct TensorConvolutionTests {
    /// conv2d by its definition, in Double: the oracle.
    static func naive(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride s: Int, padding p: Int) -> [Float] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * p - kh) / s + 1, ow = (wd + 2 * p - kw) / s + 1
        let xv = x.scalars, wv = w.scalars, bv = b?.scalars
        var y = [Float](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for oc in 0..<o { for i in 0..<oh { for j in 0..<ow {
            var sum = Double(bv?[oc] ?? 0)
            for ic in 0..<c { for u in 0..<kh { for v in 0..<kw {
                let yy = i * s - p + u, xx = j * s - p + v
                guard yy >= 0, yy < h, xx >= 0, xx < wd else { continue }
                sum += Double(xv[((b * c + ic) * h + yy) * wd + xx]) * Double(wv[((oc * c + ic) * kh + u) * kw + v])
            } } }
            y[((b * o + oc) * oh + i) * ow + j] = Float(sum)
        } } } }
        return y
    }

    @Test(arguments: [(3, 1, 1), (4, 2, 1), (3, 2, 0), (1, 1, 0)])
    func forwardMatchesDefinition(kernel: Int, stride: Int, padding: Int) {
        let x = GradientCheck.random([2, 3, 7, 6], seed: 51)
        let w = GradientCheck.random([4, 3, kernel, kernel], seed: 52)
        let b = GradientCheck.random([4], seed: 53)
        let y = conv2d(x, weight: w, bias: b, stride: stride, padding: padding)
        GradientCheck.expectClose(y.scalars, Self.naive(x, w, b, stride: stride, padding: padding), tolerance: 1e-5, "conv2d")
    }

    @Test(arguments: [(3, 1, 1), (4, 2, 1)])
    func firstAndSecondOrder(kernel: Int, stride: Int, padding: Int) {
        let x = GradientCheck.random([2, 2, 5, 5], seed: 54)
        let w = GradientCheck.random([3, 2, kernel, kernel], seed: 55, scale: 0.5)
        let b = GradientCheck.random([3], seed: 56)
        let f: ([Tensor]) -> Tensor = { conv2d($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding) }
        GradientCheck.checkFirstOrder(f, inputs: [x, w, b])
        // d/dw of a penalty on d/dx, through a smooth nonlinearity: the R1 structure.
        GradientCheck.checkSecondOrder({ f($0).tanh() }, inputs: [x, w, b], wrt: 0, tolerance: 5e-3)
        GradientCheck.checkSecondOrder({ f($0).tanh() }, inputs: [x, w, b], wrt: 1, tolerance: 5e-3)
    }

    @Test func backwardOperationsAreAdjointsOfTheForward() {
        // <conv(x, w), g> = <x, backwardInput(g, w)> = <w, backwardWeight(x, g)>.
        let shape = Conv2dShape(batch: 2, inputChannels: 3, outputChannels: 2, inputHeight: 6, inputWidth: 5,
                                kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1)
        let x = GradientCheck.random([2, 3, 6, 5], seed: 57)
        let w = GradientCheck.random([2, 3, 3, 3], seed: 58)
        let y = conv2d(x, weight: w, bias: nil, stride: 2, padding: 1)
        let g = GradientCheck.random(y.shape, seed: 59)
        let lhs = (y * g).sum().item
        let viaInput = (x * conv2dBackwardInput(g, weight: w, shape: shape)).sum().item
        let viaWeight = (w * conv2dBackwardWeight(x, gradOutput: g, shape: shape)).sum().item
        #expect(abs(lhs - viaInput) < 1e-4 * max(1, abs(lhs)))
        #expect(abs(lhs - viaWeight) < 1e-4 * max(1, abs(lhs)))
    }

    /// The fused conv2dReLU against the unfused conv2d then relu: same values, same gradients.
    /// Batch 1 with 40 output channels takes oneDNN's channel-split path; 3 -> 2 channels the
    /// dual im2col (ReLU applied after it). The two may run different oneDNN primitives
    /// (inference with a post-op, training), so sums may round differently: 1e-5.
    @Test(arguments: [([2, 5, 7, 6], 8), ([1, 5, 6, 5], 40), ([3, 3, 6, 6], 2)])
    func fusedReLUMatchesConvolutionThenReLU(inputShape: [Int], outputs: Int) {
        let x = GradientCheck.random(inputShape, seed: 61)
        let w = GradientCheck.random([outputs, inputShape[1], 3, 3], seed: 62, scale: 0.5)
        let b = GradientCheck.random([outputs], seed: 63)
        let (xs, ws, bs) = (x.requiringGradient(), w.requiringGradient(), b.requiringGradient())
        let fused = conv2dReLU(xs, weight: ws, bias: bs, padding: 1)
        let unfused = conv2d(xs, weight: ws, bias: bs, padding: 1).relu()
        GradientCheck.expectClose(fused.scalars, unfused.scalars, tolerance: 1e-5, "forward")
        #expect(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 }, "both sides of the ReLU are exercised")
        let r = GradientCheck.random(fused.shape, seed: 64)
        let fusedGradients = gradients(of: (fused * r).sum(), withRespectTo: [xs, ws, bs])
        let unfusedGradients = gradients(of: (unfused * r).sum(), withRespectTo: [xs, ws, bs])
        for (name, (a, e)) in zip(["x", "w", "b"], zip(fusedGradients, unfusedGradients)) {
            GradientCheck.expectClose(a.scalars, e.scalars, tolerance: 1e-4, "d/d\(name)")
        }
        let plain = withoutGradients { conv2dReLU(x, weight: w, bias: nil, padding: 1) }
        let reference = withoutGradients { conv2d(x, weight: w, bias: nil, padding: 1).relu() }
        GradientCheck.expectClose(plain.scalars, reference.scalars, tolerance: 1e-5, "no bias")
    }
}
