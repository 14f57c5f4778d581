import Dispatch
import Synchronization
import Randomness

/// Serves shuffled training batches from an `AnimeDataset`, preparing the next batch on a
/// background thread while the caller trains on the current one.
///
/// Epoch `e` visits the images in a permutation drawn from `(seed, e)`; each image of that
/// epoch is mirrored with probability 1/2 when `horizontalFlip` is on (drawn from the same
/// generator); a mirrored image's continuous values that change sign in a mirror are negated
/// (in its labels and conditions). The last partial batch of an epoch is dropped, so every batch has `batchSize`
/// images. A batch depends only on (seed, epoch, batch index): the same seed gives the same
/// batches, with or without prefetching. Call `next()` from one thread at a time.
///
/// A loader may serve only `slots` of every batch (one process's rows when a batch is split
/// over several processes): the batches are still those of `batchSize`, so the images a
/// process gets do not depend on how many processes there are.
public final class BatchLoader: Sendable {
    /// The images and labels batches are drawn from.
    public let dataset: AnimeDataset
    /// Images per batch.
    public let batchSize: Int
    /// Seed of the shuffles and flips.
    public let seed: UInt64
    /// Whether images are mirrored at random.
    public let horizontalFlip: Bool
    /// The positions of every batch this loader returns (all of `0..<batchSize` by default).
    public let slots: Range<Int>

    /// The (epoch, batch index) `next()` returns next, and the batch being prepared for it.
    private struct State {
        var epoch = 0
        var batchIndex = 0
        var pending: PendingBatch?
    }
    private let state = Mutex(State())
    /// The last epoch's order and flips, so consecutive batches do not reshuffle.
    private let epochPlan = Mutex<(epoch: Int, order: [Int], flips: [Bool])?>(nil)

    /// Creates a loader.
    /// - Throws: `AnimeDataError.invalidBatchSize` unless `1 <= batchSize <= dataset.count`;
    ///   `.flipWithoutMirror` for flips of a data set with continuous attributes whose mirror
    ///   behaviour is not stated.
    /// - Precondition: `slots`, when given, is a non-empty part of `0..<batchSize`.
    public init(dataset: AnimeDataset, batchSize: Int, seed: UInt64, horizontalFlip: Bool = false,
                slots: Range<Int>? = nil) throws {
        guard batchSize >= 1, batchSize <= dataset.count else {
            throw AnimeDataError.invalidBatchSize(batchSize: batchSize, datasetCount: dataset.count)
        }
        let unmarked = dataset.vocabulary.continuousWithoutMirror
        if horizontalFlip, !unmarked.isEmpty { throw AnimeDataError.flipWithoutMirror(attributes: unmarked.map(\.name)) }
        let slots = slots ?? 0..<batchSize
        precondition(!slots.isEmpty && slots.clamped(to: 0..<batchSize) == slots, "slots \(slots) of a batch of \(batchSize)")
        self.slots = slots
        self.dataset = dataset
        self.batchSize = batchSize
        self.seed = seed
        self.horizontalFlip = horizontalFlip
    }

    /// Full batches per epoch (`dataset.count / batchSize`; the remainder is dropped).
    public var batchesPerEpoch: Int { dataset.count / batchSize }

    /// The (epoch, batch index) of the batch `next()` will return.
    public var position: (epoch: Int, batchIndex: Int) {
        state.withLock { ($0.epoch, $0.batchIndex) }
    }

    /// Moves to the start of `epoch` (e.g. when resuming training); drops any prefetched batch.
    public func seek(epoch: Int, batchIndex: Int = 0) {
        precondition(epoch >= 0 && (0..<batchesPerEpoch).contains(batchIndex), "position out of range")
        state.withLock { $0 = State(epoch: epoch, batchIndex: batchIndex, pending: nil) }
    }

    /// The next batch (epoch 0 batch 0 first, then onwards across epochs). Starts preparing the
    /// following batch in the background before returning.
    public func next() -> Batch {
        let (epoch, batchIndex, pending) = state.withLock { current -> (Int, Int, PendingBatch?) in
            let taken = (current.epoch, current.batchIndex, current.pending)
            current.pending = nil
            current.batchIndex += 1
            if current.batchIndex == batchesPerEpoch {
                current.batchIndex = 0
                current.epoch += 1
            }
            return taken
        }
        let batch: Batch
        if let pending, pending.epoch == epoch, pending.batchIndex == batchIndex {
            batch = pending.wait()
        } else {
            batch = self.batch(epoch: epoch, index: batchIndex)
        }
        let upcoming = state.withLock { current -> PendingBatch in
            let upcoming = PendingBatch(epoch: current.epoch, batchIndex: current.batchIndex)
            current.pending = upcoming
            return upcoming
        }
        DispatchQueue.global(qos: .userInitiated).async {
            upcoming.fulfil(with: self.batch(epoch: upcoming.epoch, index: upcoming.batchIndex))
        }
        return batch
    }

    /// Batch `index` of `epoch` (its `slots`), computed directly (no prefetching; `next()` uses
    /// this too).
    public func batch(epoch: Int, index: Int) -> Batch {
        precondition(epoch >= 0 && (0..<batchesPerEpoch).contains(index), "batch \(index) of epoch \(epoch) out of range")
        let (order, flips) = plan(for: epoch)
        let size = dataset.imageSize
        let plane = size * size
        let conditionLength = dataset.vocabulary.conditionLength
        let count = slots.count
        var pixels = [Float](repeating: 0, count: count * 3 * plane)
        var conditions = [Float](repeating: 0, count: count * conditionLength)
        var labels: [TagLabels] = []
        var indices: [Int] = []
        var flipped: [Bool] = []
        for (slot, slotInBatch) in slots.enumerated() {
            let position = index * batchSize + slotInBatch
            let imageIndex = order[position]
            let mirror = flips[position]
            dataset.withImageBytes(at: imageIndex) { bytes in
                // HWC bytes -> CHW floats in [-1, 1], mirrored columns if asked.
                let base = slot * 3 * plane
                for y in 0..<size {
                    for x in 0..<size {
                        let source = (y * size + (mirror ? size - 1 - x : x)) * 3
                        let target = base + y * size + x
                        pixels[target] = Float(bytes[source]) / 127.5 - 1
                        pixels[target + plane] = Float(bytes[source + 1]) / 127.5 - 1
                        pixels[target + 2 * plane] = Float(bytes[source + 2]) / 127.5 - 1
                    }
                }
            }
            let label = mirror ? dataset.labels[imageIndex].mirrored(under: dataset.vocabulary) : dataset.labels[imageIndex]
            dataset.vocabulary.writeCondition(for: label, into: &conditions, at: slot * conditionLength)
            labels.append(label)
            indices.append(imageIndex)
            flipped.append(mirror)
        }
        return Batch(count: count, imageSize: size, pixels: pixels, conditions: conditions, labels: labels,
                     datasetIndices: indices, flipped: flipped)
    }

    /// The image order and flips of `epoch`: a Fisher-Yates shuffle, then one flip draw per
    /// position (all false without augmentation), from the generator of (seed, epoch).
    private func plan(for epoch: Int) -> (order: [Int], flips: [Bool]) {
        if let cached = epochPlan.withLock({ $0 }), cached.epoch == epoch { return (cached.order, cached.flips) }
        var rng = SplitMix64(seed: seed, stream: UInt64(epoch))
        var order = Array(0..<dataset.count)
        for position in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(position, Int(rng.next() % UInt64(position + 1)))
        }
        let flips = order.map { _ in horizontalFlip && rng.next() >> 63 == 1 }
        epochPlan.withLock { $0 = (epoch, order, flips) }
        return (order, flips)
    }
}

/// A batch being computed on another thread: `wait()` blocks until `fulfil` has run.
private final class PendingBatch: Sendable {
    let epoch: Int
    let batchIndex: Int
    private let ready = DispatchSemaphore(value: 0)
    private let result = Mutex<Batch?>(nil)

    init(epoch: Int, batchIndex: Int) {
        self.epoch = epoch
        self.batchIndex = batchIndex
    }

    func fulfil(with batch: Batch) {
        result.withLock { $0 = batch }
        ready.signal()
    }

    func wait() -> Batch {
        ready.wait()
        return result.withLock { $0! }
    }
}
