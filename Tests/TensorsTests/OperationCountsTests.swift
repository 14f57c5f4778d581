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

    /// Pruning: a backward pass computes only the gradients on a path to what was asked for.
    /// Here x -> conv(w1) -> conv(w2) -> sum, with both weights requiring gradients.
    @Test func backwardPassesComputeOnlyTheGradientsAskedFor() {
        let x = GradientCheck.random([2, 3, 5, 5], seed: 9)
        let w1 = GradientCheck.random([4, 3, 3, 3], seed: 10).requiringGradient()
        let w2 = GradientCheck.random([2, 4, 3, 3], seed: 11).requiringGradient()
        func loss() -> Tensor { conv2d(conv2d(x, weight: w1, bias: nil, padding: 1), weight: w2, bias: nil, padding: 1).sum() }

        // Only w1: w2's weight gradient is not computed; the input gradient of the second
        // convolution is (it leads to w1), that of the first is not (x needs none).
        let (onlyFirst, first) = withOperationCounts { gradients(of: loss(), withRespectTo: [w1]) }
        #expect(first.calls("conv2dBackwardWeight") == 1 && first.calls("conv2dBackwardInput") == 1)
        // Only w2: no input gradient at all.
        let (onlySecond, second) = withOperationCounts { gradients(of: loss(), withRespectTo: [w2]) }
        #expect(second.calls("conv2dBackwardWeight") == 1 && second.calls("conv2dBackwardInput") == 0)
        // The values are those of the full pass.
        let both = gradients(of: loss(), withRespectTo: [w1, w2])
        #expect(onlyFirst[0].scalars == both[0].scalars)
        #expect(onlySecond[0].scalars == both[1].scalars)
    }
}
