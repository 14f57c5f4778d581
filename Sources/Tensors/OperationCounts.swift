import Synchronization

/// How many times each heavy operation ran and how many multiply-adds it did: convolutions
/// (`conv2d` and its two gradient operations) and matrix products (`matmul`, so `linear`).
/// Benchmarks turn the counts into FLOPs per image; tests use them to check that a computation
/// runs only the kernels it needs.
public struct OperationCounts: Sendable, Equatable {
    /// One operation's tally.
    public struct Tally: Sendable, Equatable {
        /// Calls of the operation.
        public var calls = 0
        /// Multiply-adds done by those calls.
        public var multiplyAdds = 0
        public init(calls: Int = 0, multiplyAdds: Int = 0) {
            self.calls = calls
            self.multiplyAdds = multiplyAdds
        }
    }

    /// Tallies by operation name (`conv2d`, `conv2dBackwardInput`, `conv2dBackwardWeight`, `matmul`).
    public var byOperation: [String: Tally] = [:]

    public init(byOperation: [String: Tally] = [:]) {
        self.byOperation = byOperation
    }

    /// Multiply-adds of every counted operation.
    public var multiplyAdds: Int { byOperation.values.reduce(0) { $0 + $1.multiplyAdds } }

    /// Calls of `operation` (0 when it never ran).
    public func calls(_ operation: String) -> Int { byOperation[operation]?.calls ?? 0 }

    /// The counter the operations of `withOperationCounts` add to (task-local, so concurrent
    /// work elsewhere is not counted).
    @TaskLocal static var current: OperationCounter?

    /// Adds one call of `operation` doing `multiplyAdds`, when counting.
    static func record(_ operation: String, multiplyAdds: Int) {
        current?.add(operation, multiplyAdds: multiplyAdds)
    }
}

/// The tallies of one `withOperationCounts` scope.
final class OperationCounter: Sendable {
    private let counts = Mutex(OperationCounts())

    func add(_ operation: String, multiplyAdds: Int) {
        counts.withLock {
            $0.byOperation[operation, default: OperationCounts.Tally()].calls += 1
            $0.byOperation[operation, default: OperationCounts.Tally()].multiplyAdds += multiplyAdds
        }
    }

    var snapshot: OperationCounts { counts.withLock { $0 } }
}

/// Runs `body` and returns what it computed together with the operations it ran (including
/// those of any backward pass inside it).
public func withOperationCounts<Result>(_ body: () throws -> Result) rethrows -> (Result, OperationCounts) {
    let counter = OperationCounter()
    let result = try OperationCounts.$current.withValue(counter, operation: body)
    return (result, counter.snapshot)
}
