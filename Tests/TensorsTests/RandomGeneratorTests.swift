import Testing
import Tensors

@Suite struct RandomGeneratorTests {
    @Test func sameSeedSameNumbersAndStateRestores() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var resumed = RandomGenerator(state: a.state)
        #expect(resumed.next() == a.next())
    }

    @Test func normalAndUniformHaveTheirMoments() {
        var g = RandomGenerator(seed: 7)
        let n = Tensor.randomNormal([100_000], using: &g).scalars.map(Double.init)
        let mean = n.reduce(0, +) / Double(n.count)
        let variance = n.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n.count)
        #expect(abs(mean) < 0.02 && abs(variance - 1) < 0.02)
        let u = Tensor.randomUniform([100_000], low: -1, high: 1, using: &g).scalars
        #expect(u.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 100_000) < 0.01)
    }
}
