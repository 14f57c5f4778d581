import Tensors

/// A direct member of a module: a trainable parameter, a buffer (state that is saved but not
/// trained, such as batch-norm running statistics), or a child module.
public enum ModuleMember {
    case parameter(Tensor)
    case buffer(Tensor)
    case module(Module)
}

/// A network component, as PyTorch's `nn.Module`: it owns parameters, buffers and child
/// modules, found by walking its stored properties, and has a training/eval mode of its own.
///
/// Keys are dotted paths of property names turned into snake_case, so a Swift property
/// `resBlocks` holding an array gives `res_blocks.0.conv1.weight`: the same keys as PyTorch's
/// `state_dict` for the same structure, which lets weights move both ways.
/// Declare parameters as `Tensor` properties (made with `Module.parameter`), buffers with
/// `@Buffer`, children as `Module` properties or arrays of modules; optional members that are
/// nil are skipped.
open class Module {
    /// Whether the module is in training mode (batch statistics in batch norm, power
    /// iteration in spectral norm). Set it with `train(_:)` or `eval()`.
    public private(set) var isTraining = true

    public init() {}

    /// The direct members, in declaration order. The default reflects on stored properties;
    /// containers such as `Sequential` override it.
    open func members() -> [(name: String, member: ModuleMember)] {
        var result: [(String, ModuleMember)] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        var levels: [Mirror] = []
        while let m = mirror { levels.append(m); mirror = m.superclassMirror }
        // Superclass properties first, as Python's attribute order would list them.
        for level in levels.reversed() {
            for child in level.children {
                guard let label = child.label else { continue }
                collect(name: Module.snakeCase(label), value: child.value, into: &result)
            }
        }
        return result
    }

    private func collect(name: String, value: Any, into result: inout [(String, ModuleMember)]) {
        switch value {
        case let tensor as Tensor: result.append((name, .parameter(tensor)))
        case let buffer as Buffer: result.append((name, .buffer(buffer.wrappedValue)))
        case let module as Module: result.append((name, .module(module)))
        case let modules as [Module]:
            for (i, module) in modules.enumerated() { result.append(("\(name).\(i)", .module(module))) }
        default:
            // Optionals: look inside a non-nil one.
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first {
                collect(name: name, value: wrapped.value, into: &result)
            }
        }
    }

    /// `resBlocks` -> `res_blocks`; a leading underscore (property wrappers) is dropped.
    static func snakeCase(_ label: String) -> String {
        var out = ""
        for ch in label.drop(while: { $0 == "_" }) {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// Every parameter, buffer and module below this one, with dotted keys.
    public func namedMembers(prefix: String = "") -> [(key: String, member: ModuleMember)] {
        var result: [(String, ModuleMember)] = []
        for (name, member) in members() {
            let key = prefix.isEmpty ? name : prefix + "." + name
            result.append((key, member))
            if case .module(let child) = member { result += child.namedMembers(prefix: key) }
        }
        return result
    }

    /// The trainable parameters with their dotted keys, in a fixed order.
    public func namedParameters() -> [(key: String, tensor: Tensor)] {
        namedMembers().compactMap { if case .parameter(let t) = $0.member { return ($0.key, t) }; return nil }
    }

    /// The trainable parameters, in the order of `namedParameters()`.
    public var parameters: [Tensor] { namedParameters().map(\.tensor) }

    /// The number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Parameters and buffers with their keys: what PyTorch's `state_dict()` holds.
    public func stateDict() -> [(key: String, tensor: Tensor)] {
        namedMembers().compactMap {
            switch $0.member {
            case .parameter(let t), .buffer(let t): return ($0.key, t)
            case .module: return nil
            }
        }
    }

    /// The direct child modules.
    public var children: [Module] {
        members().compactMap { if case .module(let m) = $0.member { return m }; return nil }
    }

    /// Sets training (`true`) or eval (`false`) mode on this module and all below it.
    public func train(_ mode: Bool = true) {
        isTraining = mode
        for child in children { child.train(mode) }
    }

    /// Eval mode: batch norm uses its running statistics.
    public func eval() { train(false) }

    /// A trainable leaf tensor with the given values.
    public static func parameter(_ tensor: Tensor) -> Tensor { tensor.copy().requiringGradient() }
}

/// A module state that is saved and loaded but not trained (PyTorch's buffers).
@propertyWrapper
public final class Buffer {
    /// The tensor, updated in place.
    public let wrappedValue: Tensor
    public init(wrappedValue: Tensor) { self.wrappedValue = wrappedValue }
}

/// A module that maps one tensor to one tensor, so it can sit in a `Sequential`.
public protocol UnaryLayer: Module {
    /// The forward pass.
    func callAsFunction(_ x: Tensor) -> Tensor
}
