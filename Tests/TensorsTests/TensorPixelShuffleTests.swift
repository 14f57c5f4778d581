import Testing
import Tensors

@Suite struct TensorPixelShuffleTests {
    @Test func followsPyTorchChannelOrder() {
        let (n, c, h, w, r) = (2, 3, 2, 3, 2)
        let x = GradientCheck.random([n, c * r * r, h, w], seed: 71)
        let y = x.pixelShuffled(factor: r)
        #expect(y.shape == [n, c, h * r, w * r])
        let xv = x.scalars, yv = y.scalars
        for b in 0..<n { for ch in 0..<c { for i in 0..<h * r { for j in 0..<w * r {
            let source = ((b * c * r * r + ch * r * r + (i % r) * r + (j % r)) * h + i / r) * w + j / r
            #expect(yv[((b * c + ch) * h * r + i) * w * r + j] == xv[source])
        } } } }
        #expect(y.pixelUnshuffled(factor: r).scalars == xv)
        GradientCheck.checkFirstOrder({ $0[0].pixelShuffled(factor: 2) }, inputs: [x])
    }
}
