/// Whether tensor operations record the graph that `gradients(of:withRespectTo:)` walks.
///
/// Recording is on by default; it is switched off inside `withoutGradients` (inference) and
/// while a backward pass runs without `createGraph` (so the backward computation itself is not
/// recorded). It is task-local, so concurrent inference and training do not interfere.
public enum GradientMode {
    @TaskLocal static var isRecording = true

    /// Whether operations are recorded right now.
    public static var isEnabled: Bool { isRecording }
}

/// Runs `body` without recording operations: no graph is kept, activations are freed as soon
/// as they are no longer used. Use it for inference.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isRecording.withValue(false, operation: body)
}
