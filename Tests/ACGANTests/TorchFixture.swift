import Foundation
import NeuralNetwork
import Tensors
import Testing
import ACGAN
import Randomness
import SafeTensors

/// The PyTorch fixtures of Tests/ACGANTests/Fixtures (made by Scripts/make_torch_fixtures.py;
/// see the README there for every key).
struct TorchFixture {
    let file: SafeTensorsFile

    init(_ name: String) throws {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name).safetensors")
        file = try SafeTensorsFile(contentsOf: url)
    }

    func tensor(_ key: String) throws -> Tensor {
        let t = try file.tensor(named: key)
        return Tensor(shape: t.shape, scalars: t.values)
    }

    func labels(_ key: String) throws -> [Int32] { try file.tensor(named: key).values.map { Int32($0) } }

    /// The small configuration the fixtures were made with.
    static let configuration = ModelConfiguration(imageSize: 64, latentSize: 16, conditionLength: 22, generatorWidth: 8,
                                                  generatorBlocks: 2, discriminatorWidth: 4, discriminatorMaxWidth: 8)
    static let layout = ConditionLayout(groupSizes: [12, 10], binaryCount: 0)

    /// G and D with the fixture's initial weights.
    func models() throws -> (Generator, Discriminator) {
        var rng = RandomGenerator(seed: 1)
        let g = Generator(Self.configuration, using: &rng)
        let d = Discriminator(Self.configuration, using: &rng)
        try g.loadStateDict(from: file, prefix: "G.")
        try d.loadStateDict(from: file, prefix: "D.")
        return (g, d)
    }

    func conditionBatch(_ prefix: String) throws -> ConditionBatch {
        let groups = [try labels("\(prefix).0"), try labels("\(prefix).1")]
        return ConditionBatch(layout: Self.layout, groupIndices: groups, binaryTags: groups[0].map { _ in [] })
    }
}

/// Asserts `actual` ≈ `expected` within `relative` of the expected tensor's largest magnitude,
/// plus an absolute floor `absolute`.
func expectClose(_ actual: Tensor, _ expected: Tensor, relative: Float = 1e-4, absolute: Float = 0,
                 _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.shape) vs \(expected.shape)", sourceLocation: sourceLocation)
    let e = expected.scalars, a = actual.scalars
    let scale = e.map(abs).max() ?? 0
    let worst = zip(a, e).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= relative * scale + absolute,
            "\(what): max error \(worst), scale \(scale)", sourceLocation: sourceLocation)
}
