import Tensors

/// Adam state that does not fit the optimiser it is loaded into.
public enum OptimizerStateError: Error, CustomStringConvertible {
    case missing(String)
    case shapeMismatch(key: String, expected: [Int], found: [Int])
    public var description: String {
        switch self {
        case .missing(let key): return "the optimiser state lacks '\(key)': was the checkpoint made for another model?"
        case .shapeMismatch(let key, let expected, let found):
            return "optimiser state '\(key)' has shape \(found), the parameter has \(expected)"
        }
    }
}

extension Adam {
    /// The state to save: `<key>.exp_avg` and `<key>.exp_avg_sq` per parameter (PyTorch's
    /// names), and the step count.
    public func stateTensors() -> (tensors: [(key: String, tensor: Tensor)], step: Int) {
        var result: [(String, Tensor)] = []
        for (i, (key, _)) in parameters.enumerated() {
            result.append(("\(key).exp_avg", firstMoments[i]))
            result.append(("\(key).exp_avg_sq", secondMoments[i]))
        }
        return (result, step)
    }

    /// Restores a state saved by `stateTensors()`, in place.
    public func loadState(_ values: [String: (shape: [Int], scalars: [Float])], step: Int) throws {
        for (i, (key, parameter)) in parameters.enumerated() {
            for (suffix, target) in [("exp_avg", firstMoments[i]), ("exp_avg_sq", secondMoments[i])] {
                let name = "\(key).\(suffix)"
                guard let value = values[name] else { throw OptimizerStateError.missing(name) }
                guard value.shape == parameter.shape else {
                    throw OptimizerStateError.shapeMismatch(key: name, expected: parameter.shape, found: value.shape)
                }
                target.assign(scalars: value.scalars)
            }
        }
        self.step = step
    }
}
