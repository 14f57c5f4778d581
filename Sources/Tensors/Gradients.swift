/// One recorded operation: the tensors it read and how to turn the gradient of its output into
/// gradients of those tensors.
///
/// `backward` is written with tensor operations, so when the backward pass itself is recorded
/// (`createGraph: true`) its result can be differentiated again (gradient penalties need this).
final class GraphNode {
    let name: String
    let inputs: [Tensor]
    let backward: (Tensor) -> [Tensor?]

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Wraps a freshly computed `result` as the output of operation `name`, recording it when
    /// recording is on and any input requires a gradient. `backward` gets the gradient of the
    /// output and returns one gradient (or nil for "none") per input, in order.
    static func recorded(
        _ result: Tensor, name: String, inputs: [Tensor],
        backward: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: \.requiresGradient) else { return result }
        let node = GraphNode(name: name, inputs: inputs, backward: backward)
        return Tensor(shape: result.shape, storage: result.storage, node: node)
    }
}

/// The gradients of `output` with respect to each of `inputs` (like `torch.autograd.grad`).
///
/// - Parameters:
///   - output: usually a scalar loss; for any other shape pass `seed`, the gradient of some
///     scalar with respect to `output` (the vector of a vector-Jacobian product).
///   - inputs: tensors that `requiresGradient` (leaves made with `requiringGradient()`,
///     or intermediate results). An input that `output` does not depend on gets zeros.
///   - createGraph: record the backward pass, so the returned gradients can be differentiated
///     again (as `create_graph=True` in PyTorch).
/// Gradients only accumulate: each path from an input to the output adds its contribution.
public func gradients(
    of output: Tensor, withRespectTo inputs: [Tensor], seed: Tensor? = nil,
    createGraph: Bool = false
) -> [Tensor] {
    let seedGradient = seed ?? Tensor(repeating: 1, shape: output.shape)
    precondition(seedGradient.shape == output.shape,
                 "seed of shape \(seedGradient.shape) for output of shape \(output.shape)")

    // Order the recorded tensors from the output back to the leaves (reverse topological).
    var order: [Tensor] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(Tensor, Bool)] = [(output, false)]
    while let (tensor, expanded) = stack.popLast() {
        if expanded { order.append(tensor); continue }
        guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
        stack.append((tensor, true))
        if let node = tensor.node {
            for input in node.inputs where input.requiresGradient
                && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
    }

    // Only tensors from which a wanted input can be reached need a gradient; `order` lists
    // inputs before the tensors made from them.
    let wanted = Set(inputs.map { ObjectIdentifier($0) })
    var needed = wanted
    for tensor in order {
        if let node = tensor.node, node.inputs.contains(where: { needed.contains(ObjectIdentifier($0)) }) {
            needed.insert(ObjectIdentifier(tensor))
        }
    }
    var accumulated: [ObjectIdentifier: Tensor] = [ObjectIdentifier(output): seedGradient]
    GradientMode.$neededGradients.withValue(needed) { GradientMode.$isRecording.withValue(createGraph) {
        for tensor in order.reversed() {
            let id = ObjectIdentifier(tensor)
            guard let node = tensor.node, needed.contains(id), let gradient = accumulated[id] else { continue }
            // Free intermediate gradients as soon as they are used, unless asked for.
            if !wanted.contains(id) { accumulated[id] = nil }
            let inputGradients = node.backward(gradient)
            precondition(inputGradients.count == node.inputs.count,
                         "\(node.name): backward returned \(inputGradients.count) gradients for \(node.inputs.count) inputs")
            for (input, inputGradient) in zip(node.inputs, inputGradients) {
                guard let inputGradient, needed.contains(ObjectIdentifier(input)) else { continue }
                precondition(inputGradient.shape == input.shape,
                             "\(node.name): gradient \(inputGradient.shape) for input \(input.shape)")
                let key = ObjectIdentifier(input)
                if let existing = accumulated[key] {
                    accumulated[key] = existing + inputGradient
                } else {
                    accumulated[key] = inputGradient
                }
            }
        }
    } }
    return inputs.map { accumulated[ObjectIdentifier($0)] ?? Tensor.zeros($0.shape) }
}
