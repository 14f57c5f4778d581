import Distributed
import NeuralNetwork
import Optimizers
import Tensors

/// Data-parallel training over the processes of an MPI job (`mpirun -np N acgan train`).
///
/// The batch of `--batch` is the global batch. Every process makes every random draw of a step
/// for the whole global batch, exactly as one process would, and keeps its own rows
/// (`rows`, `localRows`): rank r of N holds rows r*B/N ..< (r+1)*B/N. After each backward
/// pass the gradients are averaged over the processes; batch statistics (batch norm, DRAGAN's
/// standard deviation) are summed across them, so they are the whole batch's. Since every
/// loss is a mean over the batch and every process holds as many rows, the average of the
/// processes' gradients is the gradient of the whole batch, and every process applies the same
/// update to the same weights: the run is one process's run, up to the order of float sums.
public final class DataParallel {
    /// The processes.
    public let group: ProcessGroup
    /// Images per step over all processes.
    public let globalBatchSize: Int
    /// This process's rows of every global batch.
    public let rows: Range<Int>
    /// What batch norm layers use to sum their statistics across processes.
    let statisticsReducer: ProcessGroupReducer
    /// The gradient allreduces so far (a part of `group.statistics`), for the end-of-run report.
    public internal(set) var gradientTraffic = CollectiveStatistics()

    /// Splits batches of `globalBatchSize` over `group`.
    /// - Throws: `TrainingError.batchNotDivisible` unless the batch splits evenly.
    public init(group: ProcessGroup, globalBatchSize: Int) throws {
        guard globalBatchSize % group.size == 0 else {
            throw TrainingError.batchNotDivisible(batchSize: globalBatchSize, processes: group.size)
        }
        let share = globalBatchSize / group.size
        self.group = group
        self.globalBatchSize = globalBatchSize
        rows = (group.rank * share)..<((group.rank + 1) * share)
        statisticsReducer = ProcessGroupReducer(group: group)
    }

    /// Rank 0 writes files and prints; the others only train.
    public var isRoot: Bool { group.isRoot }

    /// This process's rows of a tensor drawn for the global batch (first axis).
    func localRows(_ tensor: Tensor) -> Tensor {
        precondition(tensor.shape[0] == globalBatchSize, "a global batch has \(globalBatchSize) rows, got \(tensor.shape)")
        return tensor.slice(alongAxis: 0, range: rows)
    }

    /// This process's rows of labels drawn for the global batch.
    func localRows(_ labels: ConditionBatch) -> ConditionBatch {
        precondition(labels.count == globalBatchSize, "a global batch has \(globalBatchSize) rows, got \(labels.count)")
        return labels.rows(rows)
    }

    /// Makes every batch norm layer of `module` compute whole-batch statistics.
    func synchroniseBatchStatistics(of module: Module) {
        for (_, member) in module.namedMembers() {
            if case .module(let layer as BatchNorm2d) = member { layer.statisticsReducer = statisticsReducer }
        }
    }

    /// Copies rank 0's tensors into every process's (a fresh run's initial weights, a resumed
    /// run's state): after this, every process holds the same values, whatever it computed.
    func broadcastFromRoot(_ tensors: [Tensor]) {
        var bucket = GradientBuckets(shapes: tensors.map(\.shape))
        bucket.broadcast(tensors, group: group)
    }

    /// The metrics of the whole batch: the mean of the processes' (each a mean over as many
    /// rows).
    func averaged(_ metrics: StepMetrics) -> StepMetrics {
        var values: [Double] = [metrics.discriminatorLoss, metrics.generatorLoss, metrics.realAccuracy,
                                metrics.fakeAccuracy, metrics.penalty].map(Double.init)
        if let regression = metrics.regressionLoss { values.append(Double(regression)) }
        if let information = metrics.informationLoss { values.append(Double(information)) }
        values.withUnsafeMutableBufferPointer { group.sum($0) }
        let mean = values.map { Float($0 / Double(group.size)) }
        let regression = metrics.regressionLoss == nil ? nil : mean[5]
        let information = metrics.informationLoss == nil ? nil : mean[regression == nil ? 5 : 6]
        return StepMetrics(discriminatorLoss: mean[0], generatorLoss: mean[1], realAccuracy: mean[2],
                           fakeAccuracy: mean[3], penalty: mean[4], regressionLoss: regression, informationLoss: information)
    }

    /// Sums `values` across processes.
    func sum(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { group.sum($0) }
    }
}

/// The averaged gradients of one parameter list, through a few large flat buffers: the
/// gradients are copied into buckets of at most `bucketCapacity` floats, each bucket is summed
/// with one `MPI_Allreduce` and scaled by 1/N, and the results land in tensors allocated once.
///
/// Not overlapped with the backward pass: the engine's `gradients(of:withRespectTo:)` returns
/// all gradients at once, with no hook when one is final. A barrier before the first bucket
/// separates waiting for the slowest process from the transfer in `CollectiveStatistics`.
struct GradientBuckets {
    /// 4 M floats (16 MB): large enough that the per-call latency of MPI is small against the
    /// transfer, small enough that a big model's reduction is a few calls rather than one
    /// buffer as large as the model.
    static let bucketCapacity = 1 << 22

    /// Parameter index ranges of each bucket, and the buckets' storage.
    private(set) var buckets: [(parameters: Range<Int>, values: [Float])] = []
    /// The averaged gradients, one per parameter, reused every step.
    let averages: [Tensor]

    init(shapes: [[Int]]) {
        averages = shapes.map { Tensor.zeros($0) }
        var start = 0, size = 0
        for (index, shape) in shapes.enumerated() {
            let count = shape.reduce(1, *)
            if size > 0 && size + count > Self.bucketCapacity {
                buckets.append((start..<index, [Float](repeating: 0, count: size)))
                start = index
                size = 0
            }
            size += count
        }
        if start < shapes.count { buckets.append((start..<shapes.count, [Float](repeating: 0, count: size))) }
    }

    /// The mean over processes of each gradient (same order and shapes as at `init`).
    mutating func average(_ gradients: [Tensor], over dataParallel: DataParallel) -> [Tensor] {
        let group = dataParallel.group
        precondition(gradients.count == averages.count, "\(gradients.count) gradients for \(averages.count) parameters")
        let scale = 1 / Float(group.size), averages = self.averages
        // Wait for the slowest process first, so that the allreduce time is the transfer's.
        group.barrier()
        let before = group.statistics
        defer {
            let after = group.statistics
            dataParallel.gradientTraffic.allreduceCalls += after.allreduceCalls - before.allreduceCalls
            dataParallel.gradientTraffic.allreduceBytes += after.allreduceBytes - before.allreduceBytes
            dataParallel.gradientTraffic.allreduceSeconds += after.allreduceSeconds - before.allreduceSeconds
        }
        for b in buckets.indices {
            exchange(bucket: b, from: gradients, { group.sum($0) }) { i, summed in
                averages[i].withUnsafeMutablePointer { target in
                    for j in 0..<averages[i].count { target[j] = summed[j] * scale }
                }
            }
        }
        return averages
    }

    /// Copies rank 0's values of `tensors` into every process's `tensors`, bucket by bucket.
    mutating func broadcast(_ tensors: [Tensor], group: ProcessGroup) {
        for b in buckets.indices {
            exchange(bucket: b, from: tensors, { group.broadcast($0, from: 0) }) { i, received in
                tensors[i].withUnsafeMutablePointer { $0.update(from: received, count: tensors[i].count) }
            }
        }
    }

    /// Packs bucket `b`'s tensors of `sources` into its flat buffer, runs `collective` on the
    /// buffer, then hands each parameter index its slice of the result.
    private mutating func exchange(bucket b: Int, from sources: [Tensor],
                                   _ collective: (UnsafeMutableBufferPointer<Float>) -> Void,
                                   unpack: (Int, UnsafePointer<Float>) -> Void) {
        let parameters = buckets[b].parameters
        buckets[b].values.withUnsafeMutableBufferPointer { flat in
            var offset = 0
            for i in parameters {
                sources[i].withUnsafePointer { (flat.baseAddress! + offset).update(from: $0, count: sources[i].count) }
                offset += sources[i].count
            }
            collective(flat)
            offset = 0
            for i in parameters {
                unpack(i, flat.baseAddress! + offset)
                offset += sources[i].count
            }
        }
    }
}

/// Batch norm's statistics summed over the processes of a `ProcessGroup`.
final class ProcessGroupReducer: BatchStatisticsReducer {
    let group: ProcessGroup
    init(group: ProcessGroup) { self.group = group }
    func sumAcrossProcesses(_ values: UnsafeMutableBufferPointer<Double>) { group.sum(values) }
}
