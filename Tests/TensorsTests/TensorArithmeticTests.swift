import Testing
import Tensors

@Suite struct TensorArithmeticTests {
    @Test func broadcastingMatchesNaiveIndexing() {
        let a = GradientCheck.random([2, 3, 4], seed: 1)
        let b = GradientCheck.random([1, 3, 1], seed: 2)
        let sum = (a + b).scalars, product = (a * b).scalars, quotient = (a / (b.absolute() + 1)).scalars
        let av = a.scalars, bv = b.scalars
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 {
            let o = (i * 3 + j) * 4 + k
            #expect(sum[o] == av[o] + bv[j])
            #expect(product[o] == av[o] * bv[j])
            #expect(abs(quotient[o] - av[o] / (abs(bv[j]) + 1)) < 1e-6)
        } } }
        // Rank promotion: a (4) row against a (2,3,4) tensor, and a scalar.
        let row = Tensor(shape: [4], scalars: [1, 2, 3, 4])
        #expect((a - row).scalars[5] == av[5] - 2)
        #expect((a * Tensor(3)).scalars[7] == av[7] * 3)
        #expect((2 - a).scalars[3] == 2 - av[3])
    }

    @Test func binaryGradientsWithBroadcasting() {
        let a = GradientCheck.random([2, 3, 4], seed: 3)
        let b = GradientCheck.random([3, 1], seed: 4)
        GradientCheck.checkFirstOrder({ $0[0] + $0[1] }, inputs: [a, b])
        GradientCheck.checkFirstOrder({ $0[0] - $0[1] }, inputs: [a, b])
        GradientCheck.checkFirstOrder({ $0[0] * $0[1] }, inputs: [a, b])
        let positive = b.absolute() + 0.5
        GradientCheck.checkFirstOrder({ $0[0] / $0[1] }, inputs: [a, positive])
        GradientCheck.checkFirstOrder({ ($0[0] * 3 + 1) / 2 - 0.5 }, inputs: [a])
    }

    @Test func binarySecondOrder() {
        let a = GradientCheck.random([2, 3], seed: 5)
        let b = GradientCheck.random([1, 3], seed: 6).absolute() + 0.5
        GradientCheck.checkSecondOrder({ $0[0] * $0[0] * $0[1] }, inputs: [a, b], wrt: 0)
        GradientCheck.checkSecondOrder({ $0[0] / $0[1] }, inputs: [a, b], wrt: 1)
    }

    @Test func gradientsAccumulateOverPathsAndUnusedInputsGetZeros() {
        let x = Tensor(shape: [3], scalars: [1, 2, 3]).requiringGradient()
        let unused = Tensor(shape: [2], scalars: [5, 6]).requiringGradient()
        // y = x*x + 3x: dy/dx = 2x + 3.
        let y = (x * x + x * 3).sum()
        let grads = gradients(of: y, withRespectTo: [x, unused])
        #expect(grads[0].scalars == [5, 7, 9])
        #expect(grads[1].scalars == [0, 0])
    }

    @Test func noGraphIsRecordedWithoutGradients() {
        let x = Tensor(shape: [2], scalars: [1, 2]).requiringGradient()
        let y = withoutGradients { x * x }
        #expect(!y.requiresGradient)
        #expect((x * x).requiresGradient)
        #expect(!(x.detached() * 2).requiresGradient)
    }

    @Test func steadyStateStepsReuseBuffers() {
        let w = GradientCheck.random([8, 8], seed: 7).requiringGradient()
        func step() {
            let x = GradientCheck.random([4, 8], seed: 8)
            let loss = (matmul(x, w).tanh() * 2).sum()
            _ = gradients(of: loss, withRespectTo: [w])
        }
        step()
        let before = BufferPool.shared.statistics.allocations
        for _ in 0..<5 { step() }
        // Other tests run in parallel and may allocate; the point is that five more steps do
        // not need five steps' worth of new buffers (about 15 each).
        #expect(BufferPool.shared.statistics.allocations - before < 15)
    }
}
