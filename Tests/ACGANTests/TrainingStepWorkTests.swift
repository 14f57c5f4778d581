import ACGAN
import Optimizers
import Randomness
import Tensors
import Testing

/// A training iteration runs only the kernels its gradients need: the D step computes D's
/// weight gradients, the G step G's weight gradients and the input gradients through D, and
/// nobody computes D's weight gradients in the G step (a plain PyTorch loop does, and drops them).
@Suite struct TrainingStepWorkTests {
    @Test func theGStepComputesNoWeightGradientOfD() {
        let configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 22,
                                               generatorWidth: 8, generatorBlocks: 1, discriminatorWidth: 8)
        var rng = RandomGenerator(seed: 4)
        let g = Generator(configuration, using: &rng), d = Discriminator(configuration, using: &rng)
        let layout = ConditionLayout(groupSizes: [12, 10], binaryCount: 0)
        let adam = Adam.Options(learningRate: 2e-4, beta1: 0.5, beta2: 0.999)
        let step = TrainingStep(generator: g, discriminator: d, generatorOptimizer: Adam(g, options: adam),
                                discriminatorOptimizer: Adam(d, options: adam), layout: layout, options: StepOptions())
        let real = Tensor.randomUniform([4, 3, 32, 32], low: -1, high: 1, using: &rng)
        let labels = ConditionBatch.uniform(layout: layout, count: 4, using: &rng)

        // Layers of each network, counted as the operations one forward pass runs.
        let z = Tensor.randomNormal([4, 8], using: &rng)
        let (_, gForward) = withOperationCounts { withoutGradients { g(z, labels.condition) } }
        let (_, dForward) = withOperationCounts { withoutGradients { d(real) } }
        let (gConvolutions, dConvolutions) = (gForward.calls("conv2d"), dForward.calls("conv2d"))
        let (gProducts, dProducts) = (gForward.calls("matmul"), dForward.calls("matmul"))
        #expect(gConvolutions > 0 && dConvolutions > 0)

        let (_, iteration) = withOperationCounts { step.run(real: real, realLabels: labels, using: &rng) }
        // G once; D on real and on fake in the D step, on fake again in the G step.
        #expect(iteration.calls("conv2d") == gConvolutions + 3 * dConvolutions)
        // Weight gradients: D's twice in the D step (real, fake), G's once; none of D's in the G step.
        #expect(iteration.calls("conv2dBackwardWeight") == 2 * dConvolutions + gConvolutions)
        // Input gradients: in the D step through every layer of D but the first, twice (the
        // real images and the detached fakes need none); in the G step through all of D down to
        // the fakes, and through all of G's convolutions (their inputs come from G's linear layer).
        #expect(gProducts > 0)
        #expect(iteration.calls("conv2dBackwardInput") == 2 * (dConvolutions - 1) + dConvolutions + gConvolutions)
        // Matrix products (linear layers): forward, then per backward pass at most one product
        // per gradient needed.
        #expect(iteration.calls("matmul") <= (gProducts + 3 * dProducts) + 2 * (2 * dProducts) + 2 * (gProducts + dProducts))
    }
}
