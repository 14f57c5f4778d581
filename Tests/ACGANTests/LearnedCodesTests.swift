import ACGAN
import AnimeData
import Foundation
import Tensors
import Testing
import Randomness

/// Learned codes (InfoGAN, `acgan train --info-codes`) and the Gaussian regression term.
@Suite(.serialized) struct LearnedCodesTests {
    /// One group of 3, two binary tags, one data attribute and two learned codes; 4 faces. The
    /// logits carry 3 log-variance columns after the condition's 8.
    static func example() -> (logits: Tensor, labels: ConditionBatch) {
        var rng = RandomGenerator(seed: 5)
        let layout = ConditionLayout(groupSizes: [3], binaryCount: 2, continuousCount: 3, codeCount: 2)
        let logits = Tensor.randomNormal([4, layout.length + 3], using: &rng)
        let labels = ConditionBatch(layout: layout, groupIndices: [[0, 2, 1, 1]],
                                    binaryTags: [[true, false], [false, true], [true, true], [false, false]],
                                    continuous: [[0.5, -1, 0.25], [0.25, 0, -0.5], [-0.75, 1, 1], [1, 0.125, -0.25]])
        return (logits, labels)
    }

    /// sum over attributes `columns` (indices among the continuous ones) of the batch mean of
    /// `term(output, target, raw log-variance)`, in Double.
    static func oracle(_ logits: Tensor, _ labels: ConditionBatch, columns: Range<Int>,
                       _ term: (Double, Double, Double) -> Double) -> Double {
        let x = logits.scalars.map(Double.init), t = labels.continuousTargets!.scalars.map(Double.init)
        let width = logits.shape[1], layout = labels.layout, n = logits.shape[0]
        var total = 0.0
        for k in columns {
            total += (0..<n).map { row in
                term(x[row * width + layout.continuousOffset + k], t[row * 3 + k], x[row * width + layout.length + k])
            }.reduce(0, +) / Double(n)
        }
        return total
    }

    @Test func theInformationTermIsAUnitGaussiansNegativeLogLikelihoodOfTheCodesOnly() {
        let (logits, labels) = Self.example()
        let information = ACGANLoss.information(logits, labels: labels)
        let expected = Self.oracle(logits, labels, columns: 1..<3) { p, t, _ in 0.5 * (p - t) * (p - t) }
        #expect(abs(Double(information.item) - expected) < 1e-5)
        // Lc's regression term reads the data attribute alone, never the codes.
        let regression = ACGANLoss.continuousRegression(logits, labels: labels, targets: labels.continuousTargets!)
        let data = Self.oracle(logits, labels, columns: 0..<1) { p, t, _ in (p - t) * (p - t) }
        #expect(abs(Double(regression.item) - data) < 1e-5)
        let withoutCodes = ConditionLayout(groupSizes: [3], binaryCount: 2, continuousCount: 3)
        #expect(ACGANLoss.information(logits, labels: ConditionBatch(layout: withoutCodes, groupIndices: labels.groupIndices,
                                                                     binaryTags: [[true, false], [false, true], [true, true], [false, false]],
                                                                     continuous: [[0.5, -1, 0.25], [0.25, 0, -0.5], [-0.75, 1, 1], [1, 0.125, -0.25]])).item == 0)
    }

    @Test func theGaussianTermMatchesItsFormulaAndFiniteDifferences() {
        let (base, labels) = Self.example()
        let bound = Double(ACGANLoss.logVarianceBound)
        func nll(_ p: Double, _ t: Double, _ raw: Double) -> Double {
            let s = bound * Foundation.tanh(raw / bound)
            return 0.5 * (s + (p - t) * (p - t) * Foundation.exp(-s))
        }
        let data = ACGANLoss.regression(base, layout: labels.layout, targets: labels.continuousTargets!, attributes: 0..<1,
                                        loss: .gaussian)
        #expect(abs(Double(data.item) - Self.oracle(base, labels, columns: 0..<1, nll)) < 1e-5)
        let codes = ACGANLoss.information(base, labels: labels, continuousLoss: .gaussian)
        #expect(abs(Double(codes.item) - Self.oracle(base, labels, columns: 1..<3, nll)) < 1e-5)
        // Gradients of Lc + the information term against central differences, every logit.
        func loss(_ logits: Tensor) -> Tensor {
            ACGANLoss.classification(logits, labels: labels, binaryWeighting: .perTag, continuousLoss: .gaussian)
                + ACGANLoss.information(logits, labels: labels, continuousLoss: .gaussian)
        }
        let logits = base.detached().requiringGradient()
        let analytic = gradients(of: loss(logits), withRespectTo: [logits])[0].scalars
        let h: Float = 1e-2
        var touched = 0
        for index in 0..<base.count {
            var plus = base.scalars, minus = base.scalars
            plus[index] += h
            minus[index] -= h
            let numeric = (Double(loss(Tensor(shape: base.shape, scalars: plus)).item)
                - Double(loss(Tensor(shape: base.shape, scalars: minus)).item)) / (2 * Double(h))
            #expect(abs(Double(analytic[index]) - numeric) < 3e-3, "entry \(index)")
            if analytic[index] != 0 { touched += 1 }
        }
        // Every column has a gradient: tags, values, codes and the three log-variances.
        #expect(touched == base.count)
    }

    @Test func realLabelsWithoutCodeValuesReadZeroAndFakesDrawCodesUniformly() {
        let vocabulary = try! continuousDataset().vocabulary.withLearnedCodes(2)
        let layout = ConditionLayout(vocabulary)
        #expect(layout.codeCount == 2 && layout.dataContinuousCount == 1 && layout.length == vocabulary.conditionLength)
        let real = ConditionBatch(labels: [TagLabels(groupIndices: [1], binaryTags: [], continuous: [0.5])], vocabulary: vocabulary)
        #expect(real.continuousTargets!.scalars == [0, 0, 0] && Array(real.condition.scalars) == [0, 1, 0, 0, 0])
        var rng = RandomGenerator(seed: 3)
        let fake = ConditionBatch.uniform(layout: layout, count: 50, using: &rng)
        let codes = (0..<50).flatMap { Array(fake.continuousTargets!.scalars[($0 * 3 + 1)..<($0 * 3 + 3)]) }
        #expect(codes.allSatisfy { (-1...1).contains($0) } && codes.min()! < -0.8 && codes.max()! > 0.8)
    }

    @Test func aRunWithCodesSavesThemReadsThemBackAndResumes() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        var options = tinyOptions(iterations: 40)
        options.sampleEvery = 40
        options.checkpointEvery = 20
        options.infoCodes = 2
        options.step.continuousLoss = .gaussian
        options.step.infoWeight = 2
        let trainer = try Trainer(dataset: continuousDataset(), options: options, runDirectory: run, resume: false)
        #expect(trainer.vocabulary.continuous.map(\.name) == ["light", "code1", "code2"])
        #expect(trainer.options.model.conditionLength == 2 + 3 && trainer.options.model.varianceOutputs == 3)
        #expect(trainer.discriminator.clsHead.weight!.shape[0] == 8)
        try trainer.run()
        let records = try metrics(in: run)
        let information = records.compactMap(\.informationLoss).map(Double.init)
        #expect(information.count == 40 && records.allSatisfy { $0.regressionLoss != nil })
        // D learns to read the codes: the term falls from its start (a Gaussian of unit variance
        // around random outputs) as D's reading and its log-variance improve.
        let first = information.prefix(5).reduce(0, +) / 5, last = information.suffix(5).reduce(0, +) / 5
        #expect(last < first, "information term \(first) -> \(last)")

        // The generator file carries the codes; generation sets them, or draws them.
        let sampler = try Sampler(checkpoint: trainer.generatorURL)
        #expect(sampler.vocabulary.learnedCodes.map(\.name) == ["code1", "code2"])
        let low = try sampler.faces(selection: sampler.vocabulary.parseCodes("-1,0.5"), count: 2, seed: 3)
        let high = try sampler.faces(selection: sampler.vocabulary.parseCodes("1,0.5"), count: 2, seed: 3)
        #expect(low.faces.map { Array($0.condition.suffix(2)) } == [[-1, 0.5], [-1, 0.5]])
        #expect(high.faces[0].tags.hasSuffix("code1=1 code2=0.5"))
        #expect(low.images != high.images)
        let drawn = try sampler.faces(selection: sampler.vocabulary.parseCodes(",0.5"), count: 2, seed: 3, attributeSeed: 9)
        let again = try sampler.faces(selection: sampler.vocabulary.parseCodes("random,0.5"), count: 2, seed: 3, attributeSeed: 9)
        #expect(drawn.faces == again.faces && drawn.faces[0].condition.suffix(2).first != drawn.faces[1].condition.suffix(2).first)

        // Resuming keeps the codes and the Gaussian head; the data is read without the codes.
        var more = options
        more.iterations = 60
        let resumed = try Trainer(dataset: continuousDataset(), options: more, runDirectory: run, resume: true) { $0.iterations = 60 }
        #expect(resumed.vocabulary == trainer.vocabulary && resumed.options.model == trainer.options.model)
        #expect(resumed.options.step.infoWeight == 2 && resumed.options.infoCodes == 2)
        try resumed.run()
        #expect(try metrics(in: run).count == 60)
    }

    @Test func newRunsUseTheGaussianTermAndOldOptionsKeepTheSquaredError() throws {
        #expect(StepOptions().continuousLoss == .gaussian)
        var squared = StepOptions()
        squared.continuousLoss = .squaredError
        let written = try JSONEncoder().encode(squared)
        #expect(!String(decoding: written, as: UTF8.self).contains("continuousLoss"))
        #expect(try JSONDecoder().decode(StepOptions.self, from: written).continuousLoss == .squaredError)
        let gaussian = try JSONEncoder().encode(StepOptions())
        #expect(try JSONDecoder().decode(StepOptions.self, from: gaussian) == StepOptions())
        // A data set without continuous attributes gets no variance outputs either way.
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        #expect(try Trainer(dataset: tinyDataset(), options: tinyOptions(iterations: 1), runDirectory: run, resume: false)
            .options.model.varianceOutputs == 0)
        #expect(try Trainer(dataset: continuousDataset(), options: tinyOptions(iterations: 1), runDirectory: run, resume: false)
            .options.model.varianceOutputs == 1)
    }

    @Test func codeValuesAreCheckedWithClearErrors() throws {
        let vocabulary = try continuousDataset().vocabulary.withLearnedCodes(2)
        #expect(throws: TagVocabularyError.badCodes(reason: "3 values for 2 learned codes (code1, code2)")) {
            try vocabulary.parseCodes("0,0,0")
        }
        #expect(throws: TagVocabularyError.valueOutOfRange(name: "code2", value: 1.5, minimum: -1, maximum: 1)) {
            try vocabulary.parseCodes("0,1.5")
        }
        #expect(throws: TagVocabularyError.badCodes(reason: "\"big\" is not a number; give values in [-1, 1] such as \"0.5,-1\"")) {
            try vocabulary.parseCodes("big")
        }
        #expect(throws: (any Error).self) { try continuousDataset().vocabulary.parseCodes("0") }
        #expect(try vocabulary.parse("code2=-0.5").continuous == [nil, nil, -0.5])
        // Names taken by the data, or codes added twice, are refused.
        let taken = TagVocabulary(groups: [.init(name: "color", values: ["red thing", "code1"])])
        #expect(throws: TagVocabularyError.learnedCodeNameTaken(name: "code1")) { try taken.withLearnedCodes(1) }
        #expect(throws: TagVocabularyError.learnedCodeNameTaken(name: "code1")) { try vocabulary.withLearnedCodes(1) }
        #expect(try taken.withLearnedCodes(0) == taken)
        // The JSON marks codes, and codes must come last.
        let json = String(decoding: try vocabulary.jsonData(), as: UTF8.self)
        #expect(json.components(separatedBy: "\"learned\" : true").count == 3)
        #expect(try TagVocabulary(jsonData: vocabulary.jsonData()) == vocabulary)
        #expect(vocabulary.withoutLearnedCodes == continuousDataset().vocabulary)
        var swapped = vocabulary
        swapped.continuous.swapAt(0, 2)
        #expect(throws: (any Error).self) { try TagVocabulary(jsonData: swapped.jsonData()) }
        // A code never turns flips off.
        #expect(vocabulary.continuousWithoutMirror.isEmpty)
    }
}
