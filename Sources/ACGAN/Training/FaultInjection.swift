import Foundation

/// Deterministic crashes, to test that a killed run resumes: `ACGAN_FAULT=<point>[@<iteration>]`
/// makes training kill its own process with SIGKILL (nothing is flushed or cleaned up, as with
/// `kill -9` or the out-of-memory killer) the first time it reaches `point`, or when it
/// reaches it at `iteration`. Read here and nowhere else; unset, it costs one comparison.
public enum FaultPoint: String, CaseIterable, Sendable {
    /// In the middle of an iteration: after its D and G updates, before it is counted or logged.
    case duringStep = "during-step"
    /// While writing checkpoint.safetensors: half of the temporary file written, not renamed.
    case duringCheckpoint = "during-checkpoint"
    /// While drawing a sample sheet: rendered, not yet written.
    case duringSampleSheet = "during-sample-sheet"
}

/// The fault `ACGAN_FAULT` asks for, if any.
public struct FaultInjection: Sendable, Equatable {
    public var point: FaultPoint
    /// The iteration at which to fire; nil fires at the first time the point is reached.
    public var iteration: Int?

    /// Parses `<point>[@<iteration>]`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let point = FaultPoint(rawValue: String(parts[0])) else {
            throw TrainingError.invalidFault(text)
        }
        self.point = point
        if parts.count == 2 {
            guard let iteration = Int(parts[1]), iteration >= 1 else { throw TrainingError.invalidFault(text) }
            self.iteration = iteration
        }
    }

    /// The fault of this process's environment (`ACGAN_FAULT`), or nil.
    public static func fromEnvironment() throws -> FaultInjection? {
        guard let text = ProcessInfo.processInfo.environment["ACGAN_FAULT"], !text.isEmpty else { return nil }
        return try FaultInjection(parsing: text)
    }

    /// Kills this process with SIGKILL if this is the planned fault.
    func reached(_ point: FaultPoint, iteration: Int) {
        guard point == self.point, self.iteration.map({ $0 == iteration }) ?? true else { return }
        kill(getpid(), SIGKILL)
    }
}

extension Optional where Wrapped == FaultInjection {
    /// `fault?.reached(...)`, readable at the call sites.
    func reached(_ point: FaultPoint, iteration: Int) { self?.reached(point, iteration: iteration) }
}
