import AnimeData
import NeuralNetwork
import Randomness
import Tensors

extension Generator {
    /// Every batch norm layer in the generator, in module order.
    public var batchNormLayers: [BatchNorm2d] {
        var layers: [BatchNorm2d] = []
        func visit(_ module: Module) {
            if let layer = module as? BatchNorm2d { layers.append(layer) }
            module.children.forEach(visit)
        }
        visit(self)
        return layers
    }

    /// Replaces the batch-norm running statistics with "standing statistics" (Brock et al.
    /// 2019, BigGAN): the average over `batches` batches of `batchSize` faces of this very
    /// generator's batch statistics, run in training mode on noise and tags drawn from the
    /// vocabulary's priors (seeded). An exponential moving average of G's weights (EMA) gets
    /// running statistics that were measured on other weights; these match the averaged ones.
    /// The generator is left in eval mode; the weights do not change.
    public func recomputeBatchNormStatistics(vocabulary: TagVocabulary, batches: Int, batchSize: Int, seed: UInt64) {
        precondition(batches >= 1 && batchSize >= 2, "standing statistics need batches >= 1 of at least 2 faces")
        precondition(vocabulary.conditionLength == configuration.conditionLength, "the vocabulary is not the generator's")
        let layers = batchNormLayers
        let saved = layers.map(\.momentum)
        for layer in layers {
            layer.resetRunningStatistics()
            layer.momentum = nil
        }
        train()
        var rng = SplitMix64(seed: seed)
        let selection = TagSelection(allRandomFor: vocabulary)
        for _ in 0..<batches {
            var noise = RandomGenerator(seed: rng.next())
            let z = Tensor.randomNormal([batchSize, configuration.latentSize], using: &noise)
            let labels = (0..<batchSize).map { _ in selection.completed(vocabulary: vocabulary, using: &rng) }
            let c = Tensor(shape: [batchSize, vocabulary.conditionLength], scalars: labels.flatMap { vocabulary.condition(for: $0) })
            _ = withoutGradients { self(z, c) }
        }
        for (layer, momentum) in zip(layers, saved) { layer.momentum = momentum }
        eval()
    }
}
