import Tensors

/// Why a state dict could not be loaded into a module.
public enum StateDictError: Error, CustomStringConvertible, Equatable {
    case missingKeys([String])
    case unexpectedKeys([String])
    case shapeMismatch(key: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingKeys(let keys):
            return "the weights lack \(keys.count) tensor(s) the model needs: \(keys.prefix(6).joined(separator: ", "))\(keys.count > 6 ? ", ..." : ""). Was the file made for another architecture or configuration?"
        case .unexpectedKeys(let keys):
            return "the weights hold \(keys.count) tensor(s) the model does not have: \(keys.prefix(6).joined(separator: ", "))\(keys.count > 6 ? ", ..." : "")"
        case .shapeMismatch(let key, let expected, let found):
            return "tensor '\(key)' has shape \(found) but the model expects \(expected): the configuration (width, blocks, tags) differs from the one the weights were trained with"
        }
    }
}

extension Module {
    /// Copies values into this module's parameters and buffers, in place, as PyTorch's
    /// `load_state_dict`. Values are given flat (row-major) with their shape; a one-element
    /// value loads into a shape-[] tensor and the other way round (PyTorch stores
    /// `num_batches_tracked` with shape []).
    /// - Parameter strict: also reject keys the module does not have.
    public func loadStateDict(_ values: [String: (shape: [Int], scalars: [Float])], strict: Bool = true) throws {
        let own = stateDict()
        let ownKeys = Set(own.map(\.key))
        let missing = own.map(\.key).filter { values[$0] == nil }
        if !missing.isEmpty { throw StateDictError.missingKeys(missing) }
        if strict {
            let unexpected = values.keys.filter { !ownKeys.contains($0) }.sorted()
            if !unexpected.isEmpty { throw StateDictError.unexpectedKeys(unexpected) }
        }
        for (key, tensor) in own {
            let value = values[key]!
            let sameShape = value.shape == tensor.shape || (value.scalars.count == 1 && tensor.count == 1)
            guard sameShape, value.scalars.count == tensor.count else {
                throw StateDictError.shapeMismatch(key: key, expected: tensor.shape, found: value.shape)
            }
        }
        for (key, tensor) in own { tensor.assign(scalars: values[key]!.scalars) }
    }

    /// The state dict as flat values with shapes, the form `loadStateDict` takes.
    public func stateDictValues() -> [String: (shape: [Int], scalars: [Float])] {
        Dictionary(uniqueKeysWithValues: stateDict().map { ($0.key, ($0.tensor.shape, $0.tensor.scalars)) })
    }
}
