import AnimeData
import Graphics
import Imaging

extension Evaluator {
    /// The sample sheet: one row per value of the first categorical group (hair colour, say),
    /// one column per fixed noise vector and fixed other tags, so a row shows one value across
    /// faces and a column one face across values. Without groups: random tags, 8 rows.
    func sampleSheet() throws -> Figure {
        let vocabulary = sampler.vocabulary
        let columns = max(1, options.sheetColumns)
        let seed = options.seed &+ 0x5348_4545_54
        let base = Self.requestedLabels(vocabulary: vocabulary, count: columns, seed: seed)
        let noise = sampler.latents(count: columns, seed: seed, truncation: options.truncation)
        var labels: [TagLabels] = []
        var latents: [[Float]] = []
        let caption: String
        if let group = vocabulary.groups.first {
            for value in group.values.indices {
                for column in 0..<columns {
                    var entry = base[column]
                    entry.groupIndices[0] = value
                    labels.append(entry)
                    latents.append(noise[column])
                }
            }
            caption = "Rows: \(group.name) (\(group.values.joined(separator: ", "))); columns: one noise vector "
                + "and one draw of the other tags each (seed \(options.seed))."
        } else {
            labels = Self.requestedLabels(vocabulary: vocabulary, count: 8 * columns, seed: seed)
            latents = sampler.latents(count: 8 * columns, seed: seed &+ 1, truncation: options.truncation)
            caption = "Random tags and noise (seed \(options.seed))."
        }
        let images = sampler.generate(labels: labels, latents: latents)
        let sheet = try RGBImage.grid(images, rows: (images.count + columns - 1) / columns, columns: columns)
        return try Figure(image: sheet, caption: caption)
    }

    /// The interpolation strip: from one (tags, noise) draw to another, latents by spherical and
    /// tags by linear interpolation.
    func interpolationStrip() throws -> Figure {
        let vocabulary = sampler.vocabulary
        let seed = options.seed &+ 0x494E_5445_52
        let labels = Self.requestedLabels(vocabulary: vocabulary, count: 2, seed: seed)
        let latents = sampler.latents(count: 2, seed: seed, truncation: options.truncation)
        let steps = max(2, options.interpolationSteps)
        let images = sampler.interpolate(from: (labels[0], latents[0]), to: (labels[1], latents[1]), steps: steps)
        let strip = try RGBImage.grid(images, rows: 1, columns: steps)
        return try Figure(image: strip, caption: "From \"\(vocabulary.text(for: labels[0]))\" to "
            + "\"\(vocabulary.text(for: labels[1]))\" in \(steps) steps (seed \(options.seed)).")
    }
}
