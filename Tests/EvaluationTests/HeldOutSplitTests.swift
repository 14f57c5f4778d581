import Evaluation
import Testing

/// The held-out split: a partition, of the right size, reproducible from its seed.
@Suite struct HeldOutSplitTests {
    @Test func splitIsASeededPartitionOfTheRightSize() {
        let split = HeldOutSplit(datasetCount: 101, fraction: 0.1, seed: 4)
        #expect(split.heldOutCount == 11)   // ceil(10.1)
        #expect(split.heldOut.count == 11 && split.training.count == 90)
        #expect(Set(split.heldOut).isDisjoint(with: split.training))
        #expect((split.heldOut + split.training).sorted() == Array(0..<101))
        #expect(split.heldOut == HeldOutSplit(datasetCount: 101, fraction: 0.1, seed: 4).heldOut)
        #expect(split.heldOut != HeldOutSplit(datasetCount: 101, fraction: 0.1, seed: 5).heldOut)
        // Not simply the first or last indices.
        #expect(split.heldOut != Array(0..<11) && split.heldOut != Array(90..<101))
    }

    @Test func tinySetsKeepOneFaceOnEachSide() {
        #expect(HeldOutSplit(datasetCount: 2, fraction: 0.9, seed: 1).heldOutCount == 1)
        #expect(HeldOutSplit(datasetCount: 5, fraction: 0.01, seed: 1).heldOutCount == 1)
        #expect(HeldOutSplit(datasetCount: 1, fraction: 0.5, seed: 1).heldOutCount == 0)
    }
}
