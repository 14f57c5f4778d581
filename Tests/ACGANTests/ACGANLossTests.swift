import ACGAN
import Foundation
import Tensors
import Testing
import Randomness

@Suite struct ACGANLossTests {
    /// Two groups (3 and 2 values) and three binary tags, 5 faces, with random logits.
    static func example() -> (logits: Tensor, labels: ConditionBatch) {
        var rng = RandomGenerator(seed: 21)
        let layout = ConditionLayout(groupSizes: [3, 2], binaryCount: 3)
        let logits = Tensor.randomNormal([5, layout.length], using: &rng)
        let labels = ConditionBatch(layout: layout, groupIndices: [[0, 2, 1, 1, 0], [1, 0, 0, 1, 1]],
                                    binaryTags: [[true, false, false], [false, false, true], [true, true, false],
                                                 [false, false, false], [true, false, true]])
        return (logits, labels)
    }

    /// The oracle, in Double from the formulas: the mean cross-entropy of each group, and each
    /// binary tag's mean BCE (log(1 + e^x) - t x), over the faces.
    static func naiveTerms(_ logits: Tensor, _ labels: ConditionBatch) -> (groups: [Double], tags: [Double]) {
        let x = logits.scalars.map(Double.init), width = labels.layout.length, n = labels.count
        var groups: [Double] = [], start = 0
        for (g, size) in labels.layout.groupSizes.enumerated() {
            var total = 0.0
            for row in 0..<n {
                let values = (0..<size).map { x[row * width + start + $0] }
                let logSum = log(values.map { exp($0) }.reduce(0, +))
                total += logSum - values[Int(labels.groupIndices[g][row])]
            }
            groups.append(total / Double(n))
            start += size
        }
        let targets = labels.binaryTargets!.scalars.map(Double.init)
        let tags = (0..<labels.layout.binaryCount).map { tag in
            (0..<n).map { row -> Double in
                let v = x[row * width + start + tag], t = targets[row * labels.layout.binaryCount + tag]
                return log(1 + exp(v)) - t * v
            }.reduce(0, +) / Double(n)
        }
        return (groups, tags)
    }

    @Test func perTagWeighsEveryBinaryTagLikeAGroup() {
        let (logits, labels) = Self.example()
        let (groups, tags) = Self.naiveTerms(logits, labels)
        let perTag = Double(ACGANLoss.classification(logits, labels: labels, binaryWeighting: .perTag).item)
        let pooled = Double(ACGANLoss.classification(logits, labels: labels, binaryWeighting: .pooled).item)
        let groupSum = groups.reduce(0, +)
        #expect(abs(perTag - (groupSum + tags.reduce(0, +))) < 1e-5)
        #expect(abs(pooled - (groupSum + tags.reduce(0, +) / Double(tags.count))) < 1e-5)
    }

    @Test func perTagGradientOfOneTagIsThreeTimesThePooledOne() {
        // Three binary tags: each tag's logits get 3x the pooled gradient; group logits the same.
        let (base, labels) = Self.example()
        func gradient(_ weighting: BinaryTagWeighting) -> [Float] {
            let logits = base.detached().requiringGradient()
            let loss = ACGANLoss.classification(logits, labels: labels, binaryWeighting: weighting)
            return gradients(of: loss, withRespectTo: [logits])[0].scalars
        }
        let perTag = gradient(.perTag), pooled = gradient(.pooled)
        for (index, (a, b)) in zip(perTag, pooled).enumerated() {
            let isBinary = index % 8 >= 5
            #expect(abs(a - (isBinary ? 3 : 1) * b) < 1e-6, "entry \(index)")
        }
    }

    @Test func optionsSavedBeforeTheWeightingExistedKeepThePooledLoss() throws {
        let old = #"{"classLossWeight":1,"classLossOnFake":true,"penalty":"none","penaltyWeight":10}"#
        let decoded = try JSONDecoder().decode(StepOptions.self, from: Data(old.utf8))
        #expect(decoded.binaryTagWeighting == .pooled)
        #expect(StepOptions().binaryTagWeighting == .perTag)
        #expect(StepOptions.reference.binaryTagWeighting == .pooled)
        let roundTrip = try JSONDecoder().decode(StepOptions.self, from: JSONEncoder().encode(StepOptions()))
        #expect(roundTrip == StepOptions())
    }
}
