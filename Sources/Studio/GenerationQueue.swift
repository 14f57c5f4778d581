import Dispatch
import Synchronization

/// A bounded queue that runs generation work one job at a time on its own thread.
///
/// Why its own thread: a generator forward pass is seconds of CPU work that would block one
/// of the few threads of Swift's cooperative pool (two on this machine), and with it the
/// handling of every other request, `/healthz` included. A serial dispatch queue keeps that
/// work off the pool; the model is free to parallelise inside one call.
///
/// Why bounded: admission is counted in images (a grid of 25 costs 25), and a job that would
/// push the total past `capacity` is refused at once with `StudioError.busy` (503), so a
/// flood of requests costs a counter increment each instead of queued memory.
public final class GenerationQueue: Sendable {
    /// Images admitted (waiting or running) at most.
    public let capacity: Int
    private let admittedImages = Mutex(0)
    private let worker = DispatchQueue(label: "acgan-studio.generation", qos: .userInitiated)
    /// Where rejections and finished jobs are counted (`GET /metrics`), if anywhere.
    let metrics: StudioMetrics?

    /// Creates a queue that admits at most `capacity` images at once.
    public init(capacity: Int, metrics: StudioMetrics? = nil) {
        self.capacity = capacity
        self.metrics = metrics
    }

    /// Images waiting or running right now.
    public var queuedImages: Int {
        admittedImages.withLock { $0 }
    }

    /// Runs `work` on the generation thread after the jobs before it, or throws
    /// `StudioError.busy` without waiting when `cost` more images would exceed the capacity.
    /// `kind` labels the job in the metrics (`generate`, `interpolate`).
    public func run<Result: Sendable>(
        cost: Int, kind: String = "generate", _ work: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        let admitted = admittedImages.withLock { admitted -> Bool in
            guard admitted + cost <= capacity else { return false }
            admitted += cost
            return true
        }
        guard admitted else {
            metrics?.recordRejection(kind: kind)
            throw StudioError.busy(queuedImages: queuedImages, capacity: capacity)
        }
        let admission = ContinuousClock.now
        return try await withCheckedThrowingContinuation { continuation in
            worker.async {
                let outcome = Swift.Result { try work() }
                self.admittedImages.withLock { $0 -= cost }
                if case .success = outcome {
                    self.metrics?.recordGeneration(kind: kind, images: cost, duration: ContinuousClock.now - admission)
                }
                continuation.resume(with: outcome)
            }
        }
    }
}
