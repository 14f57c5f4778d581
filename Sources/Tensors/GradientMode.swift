/// Whether tensor operations record the graph that `gradients(of:withRespectTo:)` walks.
///
/// Recording is on by default; it is switched off inside `withoutGradients` (inference) and
/// while a backward pass runs without `createGraph` (so the backward computation itself is not
/// recorded). It is task-local, so concurrent inference and training do not interfere.
public enum GradientMode {
    @TaskLocal static var isRecording = true
    /// While `gradients(of:withRespectTo:)` runs backward passes: the tensors whose gradient it
    /// needs (the wanted inputs and every tensor on a path to one). Nil outside a backward pass.
    @TaskLocal static var neededGradients: Set<ObjectIdentifier>?

    /// Whether operations are recorded right now.
    public static var isEnabled: Bool { isRecording }
}

/// Runs `body` without recording operations: no graph is kept, activations are freed as soon
/// as they are no longer used. Use it for inference.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isRecording.withValue(false, operation: body)
}

extension Tensor {
    /// Whether a backward pass must compute this tensor's gradient: it requires one, and the
    /// running `gradients(of:withRespectTo:)` call needs it to reach an input it was asked for.
    /// Backward closures test this instead of `requiresGradient`, so a pass never computes a
    /// gradient that would be dropped (such as D's weight gradients in the G step).
    public var needsGradient: Bool {
        guard requiresGradient else { return false }
        guard let needed = GradientMode.neededGradients else { return true }
        return needed.contains(ObjectIdentifier(self))
    }
}
