import ACGAN
import Foundation
import Tensors
import Testing
import Randomness

/// The projection discriminator (`acgan train --projection`).
@Suite(.serialized) struct ProjectionDiscriminatorTests {
    static let configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: 5, generatorWidth: 4,
                                                  generatorBlocks: 1, discriminatorWidth: 4, projection: true)

    @Test func theLogitGainsTheConditionsInnerProductWithTheProjectedFeatures() throws {
        var rng = RandomGenerator(seed: 21), plainRNG = RandomGenerator(seed: 21)
        let d = Discriminator(Self.configuration, using: &rng)
        var plainConfiguration = Self.configuration
        plainConfiguration.projection = false
        let plain = Discriminator(plainConfiguration, using: &plainRNG)
        // Every other layer starts with the same weights as without the projection.
        let projected = d.stateDict().filter { $0.key != "projection.weight" }
        #expect(projected.map(\.key) == plain.stateDict().map(\.key))
        #expect(zip(projected, plain.stateDict()).allSatisfy { $0.tensor.scalars == $1.tensor.scalars })
        #expect(d.stateDict().map(\.key).contains("projection.weight") && d.projection?.bias == nil)

        var dataRNG = RandomGenerator(seed: 2)
        let x = Tensor.randomNormal([3, 3, 32, 32], using: &dataRNG)
        let c = Tensor.randomUniform([3, 5], using: &dataRNG)
        let (adversarial, classes) = d(x, condition: c)
        let (plainAdversarial, plainClasses) = plain(x)
        #expect(classes.scalars == plainClasses.scalars)
        // The oracle: h = the features, W = the projection's weight (5, F); add sum_j c_j (W h)_j.
        let h = d.stages(x).flattenedBatch().scalars.map(Double.init)
        let w = try #require(d.projection?.weight).scalars.map(Double.init)
        let features = h.count / 3
        for row in 0..<3 {
            var inner = 0.0
            for j in 0..<5 {
                let projected = (0..<features).map { w[j * features + $0] * h[row * features + $0] }.reduce(0, +)
                inner += Double(c.scalars[row * 5 + j]) * projected
            }
            let expected = Double(plainAdversarial.scalars[row]) + inner
            #expect(abs(Double(adversarial.scalars[row]) - expected) < 1e-4 * max(1, abs(expected)), "row \(row)")
        }
    }

    @Test func theProjectionsGradientMatchesFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 22)
        let d = Discriminator(Self.configuration, using: &rng)
        var dataRNG = RandomGenerator(seed: 3)
        let x = Tensor.randomNormal([2, 3, 32, 32], using: &dataRNG)
        let c = Tensor.randomUniform([2, 5], using: &dataRNG)
        let weight = try #require(d.projection?.weight)
        func loss() -> Tensor { ACGANLoss.adversarial(d(x, condition: c).adversarial, real: true) }
        let analytic = gradients(of: loss(), withRespectTo: [weight])[0].scalars
        let h: Float = 1e-2
        for index in stride(from: 0, to: weight.count, by: max(1, weight.count / 23)) {
            let saved = weight.scalars
            var plus = saved, minus = saved
            plus[index] += h
            minus[index] -= h
            weight.assign(scalars: plus)
            let up = Double(withoutGradients { loss() }.item)
            weight.assign(scalars: minus)
            let down = Double(withoutGradients { loss() }.item)
            weight.assign(scalars: saved)
            let numeric = (up - down) / (2 * Double(h))
            #expect(abs(Double(analytic[index]) - numeric) < 2e-3 + 0.02 * abs(numeric), "entry \(index)")
        }
    }

    @Test func aRunWithAProjectionAndR1TrainsAndResumes() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        var options = tinyOptions(iterations: 4)
        options.model.projection = true
        options.step.penalty = .r1
        let trainer = try Trainer(dataset: tinyDataset(), options: options, runDirectory: run, resume: false)
        #expect(trainer.discriminator.projection?.weight?.shape == [trainer.options.model.conditionLength,
                                                                     trainer.discriminator.advHead.weight!.shape[1]])
        try trainer.run()
        #expect(try metrics(in: run).allSatisfy { $0.discriminatorLoss.isFinite && $0.penalty > 0 })
        let resumed = try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 6), runDirectory: run,
                                  resume: true) { $0.iterations = 6 }
        #expect(resumed.options.model.projection)
        #expect(resumed.discriminator.projection!.weight!.scalars == trainer.discriminator.projection!.weight!.scalars)
        try resumed.run()
        #expect(try metrics(in: run).count == 6)
    }
}
