import AnimeData
import NeuralNetwork
import Tensors
import Randomness

/// One convolution stage of the classifier: Conv (no bias; batch norm follows) -> BatchNorm2d
/// -> LeakyReLU(0.2). Keys `conv.weight`, `norm.weight|bias|running_mean|...`.
public final class ClassifierStage: Module, UnaryLayer {
    /// The convolution.
    public let conv: Conv2d
    /// Its batch normalisation.
    public let norm: BatchNorm2d

    /// A stage with PyTorch's default initialisation from `rng`.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int, padding: Int,
                using rng: inout RandomGenerator) {
        conv = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize,
                      stride: stride, padding: padding, bias: false, using: &rng)
        norm = BatchNorm2d(channels: outputChannels)
    }

    /// x is (N, C, H, W); the result is (N, O, H / stride, W / stride).
    public func callAsFunction(_ x: Tensor) -> Tensor { norm(conv(x)).leakyRelu(slope: 0.2) }
}

/// The attribute classifier of the evaluation: a small CNN trained only on real faces,
/// independent of the GAN's discriminator, that says which tags a face shows. Its penultimate
/// layer also provides the features for FID, KID and the feature-space memorisation search.
///
/// Layout (64x64, width 16): stem Conv3x3 3->16 at 64x64, then 4 stages of Conv4x4 stride 2
/// (16->32->64->128->256 channels, 64 -> 4 pixels), each with BatchNorm and LeakyReLU(0.2);
/// flatten (4,096) -> Linear -> LeakyReLU = the 256 features; Linear -> `conditionLength`
/// logits laid out like the condition vector: one softmax block per categorical group, then
/// one sigmoid logit per binary tag, then one regression output per continuous attribute (its
/// value scaled to [-1, 1]).
///
/// Keys: `stem.*`, `stages.N.*`, `feature.weight|bias`, `head.weight|bias`.
public final class AttributeClassifier: Module {
    /// The first convolution, at full resolution (small details such as eye colour survive it).
    public let stem: ClassifierStage
    /// The downsampling stages.
    public let stages: Sequential
    /// The penultimate layer (flattened stages -> features).
    public let feature: Linear
    /// Features -> one logit per condition entry.
    public let head: Linear
    /// The shape it was built with.
    public let configuration: ClassifierConfiguration
    /// The tags it predicts, in condition-vector order.
    public let vocabulary: TagVocabulary
    /// How it was trained and its held-out accuracy, when known (read from its file).
    public var trainingSummary: ClassifierTrainingSummary?

    /// A classifier with PyTorch's default initialisation from `rng`.
    public init(configuration: ClassifierConfiguration, vocabulary: TagVocabulary,
                using rng: inout RandomGenerator) throws {
        try configuration.validate()
        guard vocabulary.conditionLength > 0 else {
            throw ClassifierError.invalidConfiguration("the vocabulary has no groups and no binary tags")
        }
        self.configuration = configuration
        self.vocabulary = vocabulary
        stem = ClassifierStage(inputChannels: 3, outputChannels: configuration.width, kernelSize: 3, stride: 1,
                               padding: 1, using: &rng)
        var layers: [any UnaryLayer] = []
        var channels = configuration.width
        for stage in 0..<configuration.stageCount {
            let output = configuration.stageChannels(stage)
            layers.append(ClassifierStage(inputChannels: channels, outputChannels: output, kernelSize: 4, stride: 2,
                                          padding: 1, using: &rng))
            channels = output
        }
        stages = Sequential(layers)
        feature = Linear(inputSize: configuration.flattenedSize, outputSize: configuration.featureSize, using: &rng)
        head = Linear(inputSize: configuration.featureSize, outputSize: vocabulary.conditionLength, using: &rng)
    }

    /// x is (N, 3, S, S) in [-1, 1]; returns the penultimate features (N, featureSize) and the
    /// logits (N, conditionLength).
    public func callAsFunction(_ x: Tensor) -> (features: Tensor, logits: Tensor) {
        let features = feature(stages(stem(x)).flattenedBatch()).leakyRelu(slope: 0.2)
        return (features, head(features))
    }

    /// The training loss for logits (N, conditionLength) against true labels: the softmax
    /// cross-entropy of each group (a mean over the batch) plus the sigmoid binary cross-entropy
    /// of each binary tag (a mean over the batch), summed over attributes, so that every
    /// attribute weighs the same. (ACGAN's Lc averages the binary tags into one term, which
    /// leaves six tags together the weight of one group and makes them slow to learn.) Each
    /// continuous attribute adds the mean over the batch of the squared error of its scaled value.
    public func loss(logits: Tensor, labels: [TagLabels]) -> Tensor {
        precondition(logits.shape == [labels.count, vocabulary.conditionLength],
                     "logits \(logits.shape) for \(labels.count) labels of \(vocabulary.conditionLength) entries")
        var total: Tensor? = nil
        var start = 0
        for (group, size) in vocabulary.groupSizes.enumerated() {
            let term = softmaxCrossEntropy(logits.slice(alongAxis: 1, range: start..<(start + size)),
                                           labels: labels.map { Int32($0.groupIndices[group]) })
            total = total.map { $0 + term } ?? term
            start += size
        }
        let tagCount = vocabulary.binaryTags.count
        if tagCount > 0 {
            let targets = Tensor(shape: [labels.count, tagCount],
                                 scalars: labels.flatMap { $0.binaryTags.map { $0 ? Float(1) : 0 } })
            let term = binaryCrossEntropyWithLogits(logits.slice(alongAxis: 1, range: start..<(start + tagCount)),
                                                    targets: targets) * Float(tagCount)
            total = total.map { $0 + term } ?? term
        }
        let attributeCount = vocabulary.continuous.count
        if attributeCount > 0 {
            let offset = vocabulary.tagConditionLength
            let targets = Tensor(shape: [labels.count, attributeCount], scalars: labels.flatMap { label in
                zip(vocabulary.continuous, label.continuous).map { $0.scaled($1) }
            })
            let term = meanSquaredError(logits.slice(alongAxis: 1, range: offset..<(offset + attributeCount)),
                                        targets: targets) * Float(attributeCount)
            total = total.map { $0 + term } ?? term
        }
        return total!
    }

    /// The predicted labels of logits (N, conditionLength): the arg-max of each group's block
    /// (ties: the first value), each binary tag on when its logit is above 0 (p > 0.5), and each
    /// continuous attribute's output, clamped to [-1, 1], in the attribute's units.
    public func predictions(logits: Tensor) -> [TagLabels] {
        let (rows, columns) = (logits.shape[0], logits.shape[1])
        precondition(columns == vocabulary.conditionLength, "logits have \(columns) columns, the vocabulary \(vocabulary.conditionLength)")
        let values = logits.scalars
        return (0..<rows).map { row in
            var start = row * columns
            var groups: [Int] = []
            for size in vocabulary.groupSizes {
                var best = 0
                for value in 1..<max(size, 1) where values[start + value] > values[start + best] { best = value }
                groups.append(best)
                start += size
            }
            let tags = vocabulary.binaryTags.indices.map { values[start + $0] > 0 }
            start += vocabulary.binaryTags.count
            let continuous = vocabulary.continuous.enumerated().map { k, attribute in
                attribute.value(scaled: max(-1, min(1, values[start + k])))
            }
            return TagLabels(groupIndices: groups, binaryTags: tags, continuous: continuous)
        }
    }

    /// Whether `other` names the same groups, values, binary tags and continuous attributes (a
    /// generator's learned codes aside) in the same order (priors
    /// may differ: a data set's observed frequencies are not part of what is predicted).
    public func predictsSameTags(as other: TagVocabulary) -> Bool {
        vocabulary.groups.map(\.name) == other.groups.map(\.name)
            && vocabulary.groups.map(\.values) == other.groups.map(\.values)
            && vocabulary.binaryTags.map(\.name) == other.binaryTags.map(\.name)
            && vocabulary.continuous.map(\.name) == other.withoutLearnedCodes.continuous.map(\.name)
    }
}
