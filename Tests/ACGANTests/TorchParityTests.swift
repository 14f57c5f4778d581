import Foundation
import NeuralNetwork
import Optimizers
import Tensors
import Testing
import ACGAN
import Randomness

/// The same weights and inputs give what PyTorch gave: outputs, losses, every parameter
/// gradient, batch-norm statistics, R1 (a second derivative) and three Adam training steps.
@Suite struct TorchParityTests {
    @Test func forwardLossesAndBatchNormStatistics() throws {
        let fixture = try TorchFixture("acgan_small_forward")
        let (g, d) = try fixture.models()
        let fake = g(try fixture.tensor("input.z"), try fixture.tensor("input.c"))
        expectClose(fake, try fixture.tensor("output.G_train"), "G train output")
        for (key, tensor) in g.stateDict() where key.contains("running") || key.contains("num_batches") {
            expectClose(tensor, try fixture.tensor("bn_after_forward.G.\(key)"), "G.\(key)")
        }
        let real = try fixture.tensor("input.real")
        let onReal = d(real), onFake = d(fake)
        expectClose(onReal.adversarial, try fixture.tensor("output.D_adv_real"), "D adv real")
        expectClose(onReal.classes, try fixture.tensor("output.D_cls_real"), "D cls real")
        expectClose(onFake.adversarial, try fixture.tensor("output.D_adv_fake"), "D adv fake")
        expectClose(onFake.classes, try fixture.tensor("output.D_cls_fake"), "D cls fake")
        let realLabels = try fixture.conditionBatch("input.real_labels")
        let fakeLabels = try fixture.conditionBatch("input.fake_labels")
        expectClose(ACGANLoss.adversarial(onReal.adversarial, real: true), try fixture.tensor("loss.d_adv_real"), "loss d_adv_real")
        expectClose(ACGANLoss.classification(onReal.classes, labels: realLabels), try fixture.tensor("loss.d_cls_real"), "loss d_cls_real")
        expectClose(ACGANLoss.classification(onFake.classes, labels: fakeLabels), try fixture.tensor("loss.d_cls_fake"), "loss d_cls_fake")
        expectClose(ACGANLoss.adversarial(onFake.adversarial, real: true), try fixture.tensor("loss.g_adv"), "loss g_adv")
        g.eval()
        let evalOutput = withoutGradients { g(try! fixture.tensor("input.z"), try! fixture.tensor("input.c")) }
        expectClose(evalOutput, try fixture.tensor("output.G_eval"), "G eval output")
    }

    @Test func parameterGradientsOfBothStepsAndR1() throws {
        let fixture = try TorchFixture("acgan_small_forward")
        let grads = try TorchFixture("acgan_small_gradients")
        let (g, d) = try fixture.models()
        let real = try fixture.tensor("input.real")
        let realLabels = try fixture.conditionBatch("input.real_labels")
        let fakeLabels = try fixture.conditionBatch("input.fake_labels")
        let fake = g(try fixture.tensor("input.z"), try fixture.tensor("input.c"))

        // D step, fake detached.
        let onReal = d(real), onFake = d(fake.detached())
        let dLoss = ACGANLoss.adversarial(onReal.adversarial, real: true) + ACGANLoss.adversarial(onFake.adversarial, real: false)
            + ACGANLoss.classification(onReal.classes, labels: realLabels) + ACGANLoss.classification(onFake.classes, labels: fakeLabels)
        expectClose(dLoss, try fixture.tensor("loss.d"), "loss d")
        let dParameters = d.namedParameters()
        for ((key, _), gradient) in zip(dParameters, gradients(of: dLoss, withRespectTo: dParameters.map(\.tensor))) {
            expectClose(gradient, try grads.tensor("grad_d_step.D.\(key)"), absolute: 1e-7, "grad_d_step D.\(key)")
        }

        // G step through the same D.
        let onFakeG = d(fake)
        let gLoss = ACGANLoss.adversarial(onFakeG.adversarial, real: true) + ACGANLoss.classification(onFakeG.classes, labels: fakeLabels)
        expectClose(gLoss, try fixture.tensor("loss.g"), "loss g")
        let gParameters = g.namedParameters()
        for ((key, _), gradient) in zip(gParameters, gradients(of: gLoss, withRespectTo: gParameters.map(\.tensor))) {
            // Conv biases just before a train-mode BN have a zero gradient that PyTorch
            // computes as rounding noise (see the fixture README): compare absolutely.
            expectClose(gradient, try grads.tensor("grad_g_step.G.\(key)"), absolute: 1e-7, "grad_g_step G.\(key)")
        }

        // R1: a gradient of a gradient, reaching D's parameters.
        let x = real.requiringGradient()
        let inputGradient = gradients(of: d(x).adversarial.sum(), withRespectTo: [x], createGraph: true)[0]
        expectClose(inputGradient, try grads.tensor("r1.input_grad"), "R1 input gradient")
        let r1 = GradientPenalty.r1.value(discriminator: d, real: real, using: &rngForR1)!
        expectClose(r1, try grads.tensor("r1.value"), "R1 value")
        for ((key, _), gradient) in zip(dParameters, gradients(of: r1, withRespectTo: dParameters.map(\.tensor))) {
            expectClose(gradient, try grads.tensor("grad_r1.D.\(key)"), relative: 2e-4, "grad_r1 D.\(key)")
        }
    }

    @Test func threeAdamTrainingStepsFollowPyTorch() throws {
        let fixture = try TorchFixture("acgan_small_forward")
        let training = try TorchFixture("acgan_small_training")
        let (g, d) = try fixture.models()
        let adam = Adam.Options(learningRate: 2e-4, beta1: 0.5, beta2: 0.999)
        let step = TrainingStep(generator: g, discriminator: d, generatorOptimizer: Adam(g, options: adam),
                                discriminatorOptimizer: Adam(d, options: adam), layout: TorchFixture.layout, options: .reference)
        let real = try fixture.tensor("input.real")
        let realLabels = try fixture.conditionBatch("input.real_labels")
        var rng = RandomGenerator(seed: 0)
        for k in 1...3 {
            let metrics = step.run(real: real, realLabels: realLabels, z: try training.tensor("step\(k).z"),
                                   fakeLabels: try training.conditionBatch("step\(k).fake_labels"), using: &rng)
            #expect(abs(metrics.discriminatorLoss - (try training.tensor("step\(k).loss.d")).item) < 1e-4, "step \(k) D loss")
            #expect(abs(metrics.generatorLoss - (try training.tensor("step\(k).loss.g")).item) < 1e-4, "step \(k) G loss")
        }
        for (prefix, module) in [("G", g as Module), ("D", d as Module)] {
            for (key, tensor) in module.namedParameters() {
                // Biases whose true gradient is zero move by noise in PyTorch (README): allow
                // lr per step for them; every other parameter within 1e-4 relative.
                // (conv biases before a BN; the last block's bn2 bias, whose shift bn_post removes.)
                let noiseOnly = prefix == "G" && key.hasPrefix("res_blocks") && key.hasSuffix("bias")
                    && (key.contains("conv") || key == "res_blocks.1.bn2.bias")
                expectClose(tensor, try training.tensor("after_3_steps.\(prefix).\(key)"), relative: 1e-4,
                            absolute: noiseOnly ? 3 * 2e-4 * 1.01 : 1e-7, "\(prefix).\(key) after 3 steps")
            }
        }
    }
}

private nonisolated(unsafe) var rngForR1 = RandomGenerator(seed: 0)
