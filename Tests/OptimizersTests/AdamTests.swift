import Foundation
import NeuralNetwork
import Optimizers
import Tensors
import Testing
import SafeTensors

/// Adam against `torch.optim.Adam` (Tests/NeuralNetworkTests/Fixtures/adam_linear.safetensors,
/// made by Scripts/make_torch_fixtures.py): five steps on a Linear(4, 3) with PyTorch's own
/// gradients, with and without weight decay.
@Suite struct AdamTests {
    static let fixture: SafeTensorsFile = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NeuralNetworkTests/Fixtures/adam_linear.safetensors")
        return try! SafeTensorsFile(contentsOf: url)
    }()

    static func tensor(_ key: String) -> Tensor {
        let t = try! fixture.tensor(named: key)
        return Tensor(shape: t.shape, scalars: t.values)
    }

    @Test(arguments: [("plain", Adam.Options(learningRate: 0.01, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, weightDecay: 0)),
                      ("weight_decay", Adam.Options(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1))])
    func trajectoryMatchesPyTorch(name: String, options: Adam.Options) {
        let weight = Self.tensor("\(name).initial.weight").requiringGradient()
        let bias = Self.tensor("\(name).initial.bias").requiringGradient()
        let adam = Adam(parameters: [("weight", weight), ("bias", bias)], options: options)
        for step in 1...5 {
            // Our own gradients of the same loss, checked against torch's, then the update.
            let x = Self.tensor("\(name).step\(step).x"), target = Self.tensor("\(name).step\(step).target")
            let diff = linear(x, weight: weight, bias: bias) - target
            let loss = diff.squared().mean()
            #expect(abs(loss.item - Self.tensor("\(name).step\(step).loss").item) < 1e-5)
            let grads = gradients(of: loss, withRespectTo: [weight, bias])
            close(grads[0], Self.tensor("\(name).step\(step).grad.weight"), "grad weight step \(step)")
            adam.update(gradients: grads)
            close(weight, Self.tensor("\(name).step\(step).weight"), "weight after step \(step)")
            close(bias, Self.tensor("\(name).step\(step).bias"), "bias after step \(step)")
        }
        let (state, step) = adam.stateTensors()
        #expect(step == 5)
        let saved = Dictionary(uniqueKeysWithValues: state.map { ($0.key, $0.tensor) })
        close(saved["weight.exp_avg"]!, Self.tensor("\(name).state.exp_avg.weight"), "exp_avg")
        close(saved["weight.exp_avg_sq"]!, Self.tensor("\(name).state.exp_avg_sq.weight"), "exp_avg_sq")
    }

    @Test func stateRestoresSoTrainingContinuesIdentically() throws {
        func makeParameters() -> [(key: String, tensor: Tensor)] {
            [("w", Tensor(shape: [3], scalars: [1, -2, 0.5]).requiringGradient())]
        }
        func grad(_ w: Tensor) -> [Tensor] { gradients(of: (w.squared() * w).sum(), withRespectTo: [w]) }
        let options = Adam.Options(learningRate: 0.1, beta1: 0.5, beta2: 0.9)
        let a = makeParameters(), adamA = Adam(parameters: a, options: options)
        for _ in 0..<4 { adamA.update(gradients: grad(a[0].tensor)) }
        let b = makeParameters(), adamB = Adam(parameters: b, options: options)
        for _ in 0..<2 { adamB.update(gradients: grad(b[0].tensor)) }
        // Save B after two steps, restore into a fresh optimiser, continue for two steps.
        let (state, step) = adamB.stateTensors()
        let c = [("w", b[0].tensor.copy().requiringGradient())]
        let adamC = Adam(parameters: c, options: options)
        try adamC.loadState(Dictionary(uniqueKeysWithValues: state.map { ($0.key, ($0.tensor.shape, $0.tensor.scalars)) }), step: step)
        for _ in 0..<2 { adamC.update(gradients: grad(c[0].1)) }
        #expect(c[0].1.scalars == a[0].tensor.scalars)
        #expect(throws: OptimizerStateError.self) { try adamC.loadState([:], step: 1) }
    }

    func close(_ a: Tensor, _ b: Tensor, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
        let scale = b.scalars.map(abs).max() ?? 0
        #expect(a.shape == b.shape && worst <= 1e-5 * max(scale, 1e-2), "\(what): error \(worst)", sourceLocation: sourceLocation)
    }
}
