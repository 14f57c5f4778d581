import AnimeData
import Imaging
import Tensors
import Randomness

/// The sample sheet written during training: fixed noise, one row per value of each
/// categorical group (e.g. 13 hair colours x 8 noise vectors, then 5 hair styles, ...), so the
/// same faces can be compared across iterations and each attribute's effect is visible.
/// Everything not varied in a row (other groups, binary tags) is drawn once from the priors.
public struct SampleSheet {
    /// The labels of every cell, row by row.
    public let labels: [TagLabels]
    /// The latents, one per column, repeated in every row.
    public let latents: [[Float]]
    public let rows: Int
    public let columns: Int

    public init(vocabulary: TagVocabulary, latentSize: Int, columns: Int, seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        latents = (0..<columns).map { _ in (0..<latentSize).map { _ in rng.nextNormal() } }
        let base = (0..<columns).map { _ in TagSelection(allRandomFor: vocabulary).completed(vocabulary: vocabulary, using: &rng) }
        var cells: [TagLabels] = []
        var rowCount = 0
        for (g, group) in vocabulary.groups.enumerated() {
            for value in group.values.indices {
                for column in 0..<columns {
                    var labels = base[column]
                    labels.groupIndices[g] = value
                    cells.append(labels)
                }
                rowCount += 1
            }
        }
        // A data set without categorical groups: one row per binary tag switched on.
        if vocabulary.groups.isEmpty {
            for b in vocabulary.binaryTags.indices {
                for column in 0..<columns {
                    var labels = base[column]
                    labels.binaryTags[b] = true
                    cells.append(labels)
                }
                rowCount += 1
            }
        }
        labels = cells
        rows = max(rowCount, 1)
        self.columns = columns
        if cells.isEmpty { fatalError("a vocabulary with neither groups nor tags cannot condition a model") }
    }

    /// The sheet as one image, drawn by `sampler`.
    public func render(with sampler: Sampler) throws -> RGBImage {
        let faces = sampler.generate(labels: labels, latents: (0..<rows).flatMap { _ in latents })
        return try RGBImage.grid(faces, rows: rows, columns: columns, margin: 2)
    }
}
