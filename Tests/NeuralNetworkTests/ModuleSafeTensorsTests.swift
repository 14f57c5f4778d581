import Foundation
import NeuralNetwork
import Tensors
import Testing
import Randomness
import SafeTensors

@Suite struct ModuleSafeTensorsTests {
    @Test func roundTripThroughAFile() throws {
        var rng = RandomGenerator(seed: 9)
        let a = Net(&rng), b = Net(&rng)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("module-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensorsFile(tensors: a.stateDictTensors(prefix: "net."), metadata: ["note": "test"]).write(to: url)
        try b.loadStateDict(from: try SafeTensorsFile(contentsOf: url), prefix: "net.")
        for (x, y) in zip(a.stateDict(), b.stateDict()) { #expect(x.tensor.scalars == y.tensor.scalars) }
        #expect(throws: StateDictError.self) { try b.loadStateDict(from: try SafeTensorsFile(contentsOf: url), prefix: "other.") }
    }
}
