import Dispatch
import Foundation
import Testing
import Tensors

/// Batch norm over a batch split between two "processes" (two threads here, summing through
/// `ThreadPairReducer` as MPI_Allreduce would): every part must see the whole batch's
/// statistics, so the parts' outputs and input gradients are the whole batch's, and their
/// gamma/beta gradients add up to the whole batch's.
@Suite struct TensorBatchNormAcrossProcessesTests {
    @Test func twoHalvesComputeTheWholeBatch() throws {
        let x = GradientCheck.random([4, 3, 5, 5], seed: 71, scale: 2) + 1
        let gamma = GradientCheck.random([3], seed: 72)
        let beta = GradientCheck.random([3], seed: 73)
        let weights = GradientCheck.random([4, 3, 5, 5], seed: 74)

        let leaves = [x, gamma, beta].map { $0.copy().requiringGradient() }
        let whole = batchNormTraining(leaves[0], gamma: leaves[1], beta: leaves[2], epsilon: 1e-5)
        let wholeGradients = gradients(of: (whole.output * weights).sum(), withRespectTo: leaves)

        let reducer = ThreadPairReducer()
        let box = PartsBox()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            let rows = (part * 2)..<(part * 2 + 2)
            let mine = [x.slice(alongAxis: 0, range: rows), gamma, beta].map { $0.copy().requiringGradient() }
            let result = batchNormTraining(mine[0], gamma: mine[1], beta: mine[2], epsilon: 1e-5,
                                           reducer: reducer.participant(part))
            let loss = (result.output * weights.slice(alongAxis: 0, range: rows)).sum()
            let partGradients = gradients(of: loss, withRespectTo: mine)
            box.lock.withLock { box.parts[part] = (result, partGradients) }
        }
        let first = try #require(box.parts[0]), second = try #require(box.parts[1])
        #expect(first.result.mean == second.result.mean && first.result.unbiasedVariance == second.result.unbiasedVariance)
        GradientCheck.expectClose(first.result.mean, whole.mean, tolerance: 1e-6, "mean")
        GradientCheck.expectClose(first.result.unbiasedVariance, whole.unbiasedVariance, tolerance: 1e-5, "unbiased variance")
        GradientCheck.expectClose(first.result.output.scalars + second.result.output.scalars, whole.output.scalars,
                                  tolerance: 1e-5, "output")
        GradientCheck.expectClose(first.gradients[0].scalars + second.gradients[0].scalars, wholeGradients[0].scalars,
                                  tolerance: 1e-4, "input gradient")
        for (index, name) in [(1, "gamma"), (2, "beta")] {
            let sum = zip(first.gradients[index].scalars, second.gradients[index].scalars).map { $0 + $1 }
            GradientCheck.expectClose(sum, wholeGradients[index].scalars, tolerance: 1e-4, "\(name) gradient")
        }
    }

    /// One process alone (a reducer that adds nothing) is the fused kernel.
    @Test func aSingleProcessMatchesTheFusedKernel() {
        let x = GradientCheck.random([3, 2, 4, 4], seed: 75, scale: 3) - 1
        let gamma = GradientCheck.random([2], seed: 76), beta = GradientCheck.random([2], seed: 77)
        let weights = GradientCheck.random([3, 2, 4, 4], seed: 78)
        func run(_ reducer: BatchStatisticsReducer?) -> (BatchNormResult, [Tensor]) {
            let leaves = [x, gamma, beta].map { $0.copy().requiringGradient() }
            let result = batchNormTraining(leaves[0], gamma: leaves[1], beta: leaves[2], epsilon: 1e-5, reducer: reducer)
            return (result, gradients(of: (result.output * weights).sum(), withRespectTo: leaves))
        }
        let (fused, fusedGradients) = run(nil)
        let (split, splitGradients) = run(ThreadPairReducer.Alone())
        GradientCheck.expectClose(split.output.scalars, fused.output.scalars, tolerance: 1e-6, "output")
        GradientCheck.expectClose(split.unbiasedVariance, fused.unbiasedVariance, tolerance: 1e-6, "unbiased variance")
        for i in 0..<3 {
            GradientCheck.expectClose(splitGradients[i].scalars, fusedGradients[i].scalars, tolerance: 1e-5, "gradient \(i)")
        }
    }
}

/// What each thread computed.
final class PartsBox: @unchecked Sendable {
    let lock = NSLock()
    var parts: [(result: BatchNormResult, gradients: [Tensor])?] = [nil, nil]
}

/// Two threads that sum their buffers as two MPI ranks would: each call waits for the other
/// thread's call of the same turn, and both get the sum.
final class ThreadPairReducer: @unchecked Sendable {
    private let condition = NSCondition()
    private var deposited: [[Double]?] = [nil, nil]
    private var results: [[Double]?] = [nil, nil]

    final class Participant: BatchStatisticsReducer {
        let pair: ThreadPairReducer, index: Int
        init(pair: ThreadPairReducer, index: Int) { self.pair = pair; self.index = index }
        func sumAcrossProcesses(_ values: UnsafeMutableBufferPointer<Double>) {
            let sum = pair.exchange(Array(values), from: index)
            for i in values.indices { values[i] = sum[i] }
        }
    }

    /// A process with no partner: its sums are its own.
    final class Alone: BatchStatisticsReducer {
        func sumAcrossProcesses(_ values: UnsafeMutableBufferPointer<Double>) {}
    }

    func participant(_ index: Int) -> Participant { Participant(pair: self, index: index) }

    private func exchange(_ values: [Double], from index: Int) -> [Double] {
        condition.lock()
        defer { condition.unlock() }
        while deposited[index] != nil || results[index] != nil { condition.wait() }
        deposited[index] = values
        if let other = deposited[1 - index] {
            let sum = zip(values, other).map { $0 + $1 }
            results = [sum, sum]
            deposited = [nil, nil]
            condition.broadcast()
        }
        while results[index] == nil { condition.wait() }
        let sum = results[index]!
        results[index] = nil
        condition.broadcast()
        return sum
    }
}
