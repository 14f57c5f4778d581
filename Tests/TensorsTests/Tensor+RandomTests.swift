import Randomness
import Testing
import Tensors

@Suite struct TensorRandomTests {
    @Test func normalAndUniformHaveTheirMoments() {
        var rng = RandomGenerator(seed: 7)
        let n = Tensor.randomNormal([100_000], using: &rng).scalars.map(Double.init)
        let mean = n.reduce(0, +) / Double(n.count)
        let variance = n.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n.count)
        #expect(abs(mean) < 0.02 && abs(variance - 1) < 0.02)
        let u = Tensor.randomUniform([100_000], low: -1, high: 1, using: &rng).scalars
        #expect(u.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 100_000) < 0.01)
    }
}
