import NeuralNetwork
import Tensors
import Testing
import Randomness

/// A small module tree shaped like a PyTorch model, to check key discovery.
final class Block: Module, UnaryLayer {
    let conv1: Conv2d, bn1: BatchNorm2d
    init(_ rng: inout RandomGenerator) {
        conv1 = Conv2d(inputChannels: 2, outputChannels: 2, kernelSize: 3, padding: 1, using: &rng)
        bn1 = BatchNorm2d(channels: 2)
    }
    func callAsFunction(_ x: Tensor) -> Tensor { bn1(conv1(x)).relu() }
}

final class Net: Module {
    let resBlocks: Sequential
    let convOut: Conv2d
    let head: Linear?
    init(_ rng: inout RandomGenerator) {
        resBlocks = Sequential([Block(&rng), Block(&rng)])
        convOut = Conv2d(inputChannels: 2, outputChannels: 1, kernelSize: 1, bias: false, using: &rng)
        head = nil
    }
}

@Suite struct ModuleTests {
    @Test func keysFollowPyTorchStateDictNames() {
        var rng = RandomGenerator(seed: 1)
        let net = Net(&rng)
        #expect(net.stateDict().map(\.key) == [
            "res_blocks.0.conv1.weight", "res_blocks.0.conv1.bias",
            "res_blocks.0.bn1.weight", "res_blocks.0.bn1.bias", "res_blocks.0.bn1.running_mean",
            "res_blocks.0.bn1.running_var", "res_blocks.0.bn1.num_batches_tracked",
            "res_blocks.1.conv1.weight", "res_blocks.1.conv1.bias",
            "res_blocks.1.bn1.weight", "res_blocks.1.bn1.bias", "res_blocks.1.bn1.running_mean",
            "res_blocks.1.bn1.running_var", "res_blocks.1.bn1.num_batches_tracked",
            "conv_out.weight",
        ])
        // Buffers are state but not parameters.
        #expect(net.namedParameters().count == 9)
        #expect(net.parameterCount == 2 * (2 * 2 * 9 + 2 + 2 + 2) + 2)
        let allTrainable = net.parameters.allSatisfy { $0.requiresGradient }
        #expect(allTrainable)
    }

    @Test func trainAndEvalAreRecursive() {
        var rng = RandomGenerator(seed: 2)
        let net = Net(&rng)
        net.eval()
        #expect(net.namedMembers().allSatisfy { if case .module(let m) = $0.member { return !m.isTraining }; return true })
        net.train()
        #expect((net.resBlocks.layers[1] as! Block).bn1.isTraining)
    }

    @Test func loadStateDictCopiesAndRejectsWhatDoesNotFit() throws {
        var rng = RandomGenerator(seed: 3)
        let a = Net(&rng), b = Net(&rng)
        #expect(a.stateDict()[0].tensor.scalars != b.stateDict()[0].tensor.scalars)
        try b.loadStateDict(a.stateDictValues())
        for (x, y) in zip(a.stateDict(), b.stateDict()) { #expect(x.tensor.scalars == y.tensor.scalars) }
        var values = a.stateDictValues()
        values["extra.weight"] = ([1], [0])
        #expect(stateDictError { try b.loadStateDict(values) } == .unexpectedKeys(["extra.weight"]))
        try b.loadStateDict(values, strict: false)
        values["extra.weight"] = nil
        values["conv_out.weight"] = ([1, 2, 1, 2], [0, 0, 0, 0])
        #expect(stateDictError { try b.loadStateDict(values) }
                == .shapeMismatch(key: "conv_out.weight", expected: [1, 2, 1, 1], found: [1, 2, 1, 2]))
        values["conv_out.weight"] = nil
        #expect(stateDictError { try b.loadStateDict(values) } == .missingKeys(["conv_out.weight"]))
    }

    @Test func defaultInitialisationIsPyTorchsUniformBound() {
        var rng = RandomGenerator(seed: 4)
        let conv = Conv2d(inputChannels: 8, outputChannels: 16, kernelSize: 3, using: &rng)
        let bound = 1 / Float(8 * 9).squareRoot()
        let w = conv.weight!.scalars
        #expect(w.allSatisfy { abs($0) <= bound })
        #expect(w.map(abs).max()! > 0.9 * bound)   // it uses the whole range
        let linear = Linear(inputSize: 100, outputSize: 10, using: &rng)
        #expect(linear.bias!.scalars.allSatisfy { abs($0) <= 0.1 })
    }
}

/// The `StateDictError` that `body` throws, if any.
func stateDictError(_ body: () throws -> Void) -> StateDictError? {
    do { try body(); return nil } catch let error as StateDictError { return error } catch { return nil }
}
