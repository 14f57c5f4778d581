import ACGAN
import AnimeData
import Foundation
import Imaging
import ONNX
import Tensors
import Testing
import Randomness

/// 16 images of 32x32 whose brightness is a continuous attribute `light` (0 ... 1; kept in a
/// mirror) and whose colour is a group, so that D can learn to read the value back.
func continuousDataset() -> AnimeDataset {
    let light = ContinuousAttribute(name: "light", minimum: 0, maximum: 1, mirror: .keep)
    let vocabulary = TagVocabulary(groups: [.init(name: "color", values: ["red thing", "blue thing"])],
                                   continuous: [light])
    var rng = RandomGenerator(seed: 8)
    var images: [RGBImage] = [], labels: [TagLabels] = []
    for i in 0..<16 {
        let color = i % 2, value = Double(i / 2) / 7
        let level = UInt8(30 + 200 * value)
        let pixels = (0..<32 * 32).flatMap { _ -> [UInt8] in
            let noise = UInt8(rng.next() % 20)
            return color == 0 ? [level, noise, noise] : [noise, noise, level]
        }
        images.append(RGBImage(width: 32, height: 32, pixels: pixels))
        labels.append(TagLabels(groupIndices: [color], binaryTags: [], continuous: [value]))
    }
    return AnimeDataset(images: images, labels: labels, vocabulary: vocabulary)
}

@Suite(.serialized) struct ContinuousAttributesTests {
    /// Two groups, three binary tags and two continuous attributes, 5 faces, random logits.
    static func example() -> (logits: Tensor, labels: ConditionBatch) {
        var rng = RandomGenerator(seed: 31)
        let layout = ConditionLayout(groupSizes: [3, 2], binaryCount: 3, continuousCount: 2)
        let logits = Tensor.randomNormal([5, layout.length], using: &rng)
        let labels = ConditionBatch(layout: layout, groupIndices: [[0, 2, 1, 1, 0], [1, 0, 0, 1, 1]],
                                    binaryTags: [[true, false, false], [false, false, true], [true, true, false],
                                                 [false, false, false], [true, false, true]],
                                    continuous: [[0.5, -1], [0.25, 0], [-0.75, 1], [1, 0.125], [0, -0.5]])
        return (logits, labels)
    }

    @Test func theRegressionTermIsEachAttributesMeanSquaredErrorSummed() {
        let (logits, labels) = Self.example()
        #expect(labels.condition.shape == [5, 10])
        // The condition ends with the scaled values; the tag part is as without them.
        #expect(Array(labels.condition.scalars[8..<10]) == [0.5, -1] && Array(labels.condition.scalars[18..<20]) == [0.25, 0])
        let x = logits.scalars.map(Double.init), t = labels.continuousTargets!.scalars.map(Double.init)
        var oracle = 0.0
        for k in 0..<2 {
            oracle += (0..<5).map { row in pow(x[row * 10 + 8 + k] - t[row * 2 + k], 2) }.reduce(0, +) / 5
        }
        let regression = ACGANLoss.continuousRegression(logits, labels: labels, targets: labels.continuousTargets!)
        #expect(abs(Double(regression.item) - oracle) < 1e-5)
        // Lc is the tags' loss (as before) plus that term.
        let tagsOnly = ConditionBatch(layout: ConditionLayout(groupSizes: [3, 2], binaryCount: 3),
                                      groupIndices: labels.groupIndices,
                                      binaryTags: (0..<5).map { row in (0..<3).map { labels.binaryTargets!.scalars[row * 3 + $0] == 1 } })
        let tagLoss = ACGANLoss.classification(logits.slice(alongAxis: 1, range: 0..<8), labels: tagsOnly, binaryWeighting: .perTag)
        let full = ACGANLoss.classification(logits, labels: labels, binaryWeighting: .perTag)
        #expect(abs(Double(full.item) - (Double(tagLoss.item) + oracle)) < 1e-5)
    }

    @Test func theRegressionGradientMatchesFiniteDifferences() {
        let (base, labels) = Self.example()
        let logits = base.detached().requiringGradient()
        let analytic = gradients(of: ACGANLoss.classification(logits, labels: labels, binaryWeighting: .perTag),
                                 withRespectTo: [logits])[0].scalars
        let h: Float = 1e-2
        for index in 0..<base.count {
            var plus = base.scalars, minus = base.scalars
            plus[index] += h
            minus[index] -= h
            let up = ACGANLoss.classification(Tensor(shape: base.shape, scalars: plus), labels: labels, binaryWeighting: .perTag).item
            let down = ACGANLoss.classification(Tensor(shape: base.shape, scalars: minus), labels: labels, binaryWeighting: .perTag).item
            let numeric = (Double(up) - Double(down)) / (2 * Double(h))
            #expect(abs(Double(analytic[index]) - numeric) < 2e-3, "entry \(index)")
        }
        // The regression columns' gradient is 2 (p - t) / N exactly.
        let t = labels.continuousTargets!.scalars
        for row in 0..<5 {
            for k in 0..<2 {
                let expected = 2 * (base.scalars[row * 10 + 8 + k] - t[row * 2 + k]) / 5
                #expect(abs(analytic[row * 10 + 8 + k] - expected) < 1e-6)
            }
        }
    }

    @Test func fakeLabelsDrawContinuousValuesAfterEverythingElse() throws {
        let tags = ConditionLayout(groupSizes: [3, 2], binaryCount: 2)
        let both = ConditionLayout(groupSizes: [3, 2], binaryCount: 2, continuousCount: 3)
        var rngA = RandomGenerator(seed: 4), rngB = RandomGenerator(seed: 4)
        let a = ConditionBatch.uniform(layout: tags, count: 6, using: &rngA)
        let b = ConditionBatch.uniform(layout: both, count: 6, using: &rngB)
        #expect(a.groupIndices == b.groupIndices && a.binaryTargets!.scalars == b.binaryTargets!.scalars)
        let values = b.continuousTargets!.scalars
        #expect(values.count == 18 && values.allSatisfy { (-1...1).contains($0) })
        #expect(Set(values).count == 18)
        // A process's rows keep their values.
        let rows = b.rows(2..<4)
        #expect(rows.continuousTargets!.scalars == Array(values[6..<12]))
        #expect(rows.condition.scalars == Array(b.condition.scalars[(2 * 10)..<(4 * 10)]))
        // A layout written before continuous attributes existed reads with none.
        let old = #"{"groupSizes": [3, 2], "binaryCount": 2}"#
        #expect(try JSONDecoder().decode(ConditionLayout.self, from: Data(old.utf8)) == tags)
    }

    @Test func trainingOnAContinuousSetLowersDsRegressionLoss() throws {
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        var options = tinyOptions(iterations: 300)
        options.sampleEvery = 300
        options.checkpointEvery = 300
        options.discriminatorLearningRate = 1e-3
        let trainer = try Trainer(dataset: continuousDataset(), options: options, runDirectory: run, resume: false)
        #expect(trainer.options.horizontalFlip && trainer.notices.isEmpty)
        try trainer.run()
        let records = try metrics(in: run)
        #expect(records.count == 300)
        // At first D reads nothing (about the variance of the scaled values, 0.43).
        let losses = records.map { Double($0.regressionLoss!) }
        let first = losses.prefix(20).reduce(0, +) / 20, last = losses.suffix(20).reduce(0, +) / 20
        #expect(last < 0.5 * first, "regression loss \(first) -> \(last)")
        // The generator file carries the attribute: its sampler reads values and refuses others.
        let sampler = try Sampler(checkpoint: trainer.generatorURL)
        #expect(sampler.vocabulary.continuous.map(\.name) == ["light"])
        #expect(throws: TagVocabularyError.valueOutOfRange(name: "light", value: 1.5, minimum: 0, maximum: 1)) {
            try sampler.vocabulary.parse("red thing light=1.5")
        }
        let bright = try sampler.faces(selection: sampler.vocabulary.parse("light=1"), count: 2, seed: 3)
        let dark = try sampler.faces(selection: sampler.vocabulary.parse("light=0"), count: 2, seed: 3)
        #expect(bright.faces.map { $0.condition.last } == [1, 1] && dark.faces.map { $0.condition.last } == [-1, -1])
        #expect(bright.images != dark.images)
        #expect(bright.faces[0].tags.hasSuffix("light=1"))
    }

    @Test func flipsAreTurnedOffWithAMessageForAttributesWithoutAMirrorMark() throws {
        let marked = continuousDataset()
        var vocabulary = marked.vocabulary
        vocabulary.continuous[0].mirror = nil
        let dataset = AnimeDataset(images: (0..<marked.count).map { marked.image(at: $0) }, labels: marked.labels,
                                   vocabulary: vocabulary)
        let run = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        let trainer = try Trainer(dataset: dataset, options: tinyOptions(iterations: 1), runDirectory: run, resume: false)
        #expect(!trainer.options.horizontalFlip)
        var messages: [String] = []
        try trainer.run(message: { messages.append($0) })
        #expect(messages.first?.hasPrefix("horizontal flips are off: the vocabulary does not say what a mirror does to light") == true)
    }

    @Test func attributesLeftOutAreDrawnWithThePicksSeedAndTheFoldedGeneratorReadsThem() throws {
        var rng = RandomGenerator(seed: 12)
        let vocabulary = TagVocabulary(groups: [.init(name: "color", values: ["red thing", "blue thing"])],
                                       continuous: [.init(name: "size", minimum: 1, maximum: 3, mirror: .keep, quantiles: [1, 1.5, 3]),
                                                    .init(name: "tilt", minimum: -1, maximum: 1, mirror: .negate)])
        let configuration = ModelConfiguration(imageSize: 32, latentSize: 8, conditionLength: vocabulary.conditionLength,
                                               generatorWidth: 4, generatorBlocks: 1)
        let generator = Generator(configuration, using: &rng)
        let sampler = Sampler(generator: generator, vocabulary: vocabulary, modelName: "continuous")
        let selection = try vocabulary.parse("tilt=0.5")
        let result = try sampler.faces(selection: selection, count: 3, seed: 20, attributeSeed: 40)
        for (i, face) in result.faces.enumerated() {
            let expected = AttributeDraw.labels(for: selection, vocabulary: vocabulary, seed: 40 + UInt64(i))
            #expect(try vocabulary.labels(parsing: face.tags) == expected)
            #expect(expected.continuous[1] == 0.5)
            #expect(face.condition == vocabulary.condition(for: expected))
        }
        // The folded generator (what the sampler runs) gives the faces of the generator itself.
        generator.eval()
        let labels = try result.faces.map { try vocabulary.labels(parsing: $0.tags) }
        let z = Tensor(shape: [3, 8], scalars: result.faces.flatMap(\.latent))
        let c = Tensor(shape: [3, vocabulary.conditionLength], scalars: labels.flatMap { vocabulary.condition(for: $0) })
        let unfolded = Sampler.images(from: withoutGradients { generator(z, c) })
        for (a, b) in zip(unfolded, result.images) {
            #expect(zip(a.pixels, b.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
        }
        // The ONNX export says where the values go.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("continuous-\(UUID().uuidString).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try TrainingCheckpoint(generator: generator, vocabulary: vocabulary).writeONNX(to: url)
        let model = try Onnx_ModelProto(serializedBytes: Data(contentsOf: url))
        let inputs = try #require(model.metadataProps.first { $0.key == "inputs" }?.value)
        #expect(inputs.contains("its last 2 entries are the continuous attributes size=1...3, tilt=-1...1"))
    }

    @Test func theBundledModelsVocabularyIsReadAndWrittenAsBefore() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Models/\(BundledModel.fileName)")
        let checkpoint = try TrainingCheckpoint(contentsOf: url)
        #expect(checkpoint.vocabulary.continuous.isEmpty)
        #expect(checkpoint.configuration.conditionLength == checkpoint.vocabulary.tagConditionLength)
        // Written back, the vocabulary JSON has no new key: a generator file made from it
        // carries the same metadata as before continuous attributes existed.
        #expect(!String(decoding: try checkpoint.vocabulary.jsonData(), as: UTF8.self).contains("continuous"))
    }
}
