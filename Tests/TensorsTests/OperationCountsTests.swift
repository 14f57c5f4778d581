import Kernels
import Tensors
import Testing

/// The counts of heavy operations: multiply-adds by their definition, every pass counted, and
/// nothing counted outside the scope.
@Suite struct OperationCountsTests {
    @Test func convolutionForwardCountsItsMultiplyAdds() {
        let x = GradientCheck.random([2, 3, 7, 6], seed: 1)
        let w = GradientCheck.random([4, 3, 3, 3], seed: 2)
        let (y, counts) = withOperationCounts { conv2d(x, weight: w, bias: nil, stride: 2, padding: 1) }
        // By the definition: every output value is a sum over C * KH * KW products.
        #expect(y.shape == [2, 4, 4, 3])
        #expect(counts.byOperation == ["conv2d": OperationCounts.Tally(calls: 1, multiplyAdds: 2 * 4 * 4 * 3 * 3 * 3 * 3)])
    }

    @Test func aBackwardPassCountsEachGradientItComputes() {
        let x = GradientCheck.random([2, 3, 5, 5], seed: 3).requiringGradient()
        let w = GradientCheck.random([4, 3, 3, 3], seed: 4).requiringGradient()
        let forward = 2 * 4 * 5 * 5 * 3 * 3 * 3
        let (_, both) = withOperationCounts {
            gradients(of: conv2d(x, weight: w, bias: nil, padding: 1).sum(), withRespectTo: [x, w])
        }
        #expect(both.byOperation == [
            "conv2d": OperationCounts.Tally(calls: 1, multiplyAdds: forward),
            "conv2dBackwardInput": OperationCounts.Tally(calls: 1, multiplyAdds: forward),
            "conv2dBackwardWeight": OperationCounts.Tally(calls: 1, multiplyAdds: forward),
        ])
        #expect(both.multiplyAdds == 3 * forward)
    }

    @Test func matrixProductsCountMTimesNTimesK() {
        let a = GradientCheck.random([5, 7], seed: 5), b = GradientCheck.random([3, 7], seed: 6)
        let (_, counts) = withOperationCounts { linear(a, weight: b, bias: nil) }
        #expect(counts.calls("matmul") == 1 && counts.multiplyAdds == 5 * 3 * 7)
    }

    @Test func onlyTheScopeIsCounted() {
        let x = GradientCheck.random([1, 2, 4, 4], seed: 7), w = GradientCheck.random([2, 2, 1, 1], seed: 8)
        _ = conv2d(x, weight: w, bias: nil)
        let (_, counts) = withOperationCounts { x + x }
        #expect(counts == OperationCounts())
        _ = conv2d(x, weight: w, bias: nil)
    }
}
