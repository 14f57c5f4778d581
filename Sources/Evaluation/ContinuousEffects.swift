import AnimeData
import Foundation
import Graphics
import Imaging

/// What one learned code (`acgan train --info-codes`) moves: the Pearson correlation of the code
/// asked for with each continuous attribute the classifier reads back from the faces. A code
/// that learned "face size" correlates strongly with face_size and weakly with the rest.
public struct LearnedCodeEffect: Codable, Sendable, Equatable {
    /// The code's name ("code1").
    public var code: String
    /// Its correlation with each attribute the classifier reads, in the classifier's order.
    public var correlations: [ContinuousCorrelation]
    /// The attribute with the largest |r|, nil when none was measured.
    public var strongest: String? {
        correlations.filter { $0.pearson != nil }.max { abs($0.pearson!) < abs($1.pearson!) }?.name
    }

    public init(code: String, correlations: [ContinuousCorrelation]) {
        self.code = code
        self.correlations = correlations
    }
}

/// How requested continuous values relate to the values a classifier reads back.
public enum ContinuousEffects {
    /// For each continuous attribute of the generator's vocabulary that the classifier also
    /// reads (matched by name; learned codes are never read), the Pearson r of requested and
    /// read-back values.
    public static func correlations(requested: [TagLabels], generatorVocabulary: TagVocabulary,
                                    readBack: [[Double]], classifierVocabulary: TagVocabulary) -> [ContinuousCorrelation] {
        precondition(requested.count == readBack.count, "\(requested.count) requests, \(readBack.count) readings")
        return generatorVocabulary.continuous.enumerated().compactMap { k, attribute in
            guard !attribute.learned, let j = classifierVocabulary.continuous.firstIndex(where: { $0.name == attribute.name })
            else { return nil }
            return ContinuousCorrelation(name: attribute.name,
                                         pearson: pearsonCorrelation(requested.map { $0.continuous[k] }, readBack.map { $0[j] }),
                                         count: requested.count)
        }
    }

    /// For each learned code of the generator's vocabulary, its correlation with every
    /// attribute the classifier reads back (empty when there are no codes, or the classifier
    /// reads no continuous attribute).
    public static func learnedCodes(requested: [TagLabels], generatorVocabulary: TagVocabulary,
                                    readBack: [[Double]], classifierVocabulary: TagVocabulary) -> [LearnedCodeEffect] {
        precondition(requested.count == readBack.count, "\(requested.count) requests, \(readBack.count) readings")
        guard !classifierVocabulary.continuous.isEmpty else { return [] }
        return generatorVocabulary.continuous.enumerated().compactMap { k, code in
            guard code.learned else { return nil }
            let values = requested.map { $0.continuous[k] }
            return LearnedCodeEffect(code: code.name, correlations: classifierVocabulary.continuous.enumerated().map { j, factor in
                ContinuousCorrelation(name: factor.name, pearson: pearsonCorrelation(values, readBack.map { $0[j] }),
                                      count: requested.count)
            })
        }
    }
}

extension Evaluator {
    /// Columns of the continuous sweep: the values from each attribute's minimum to its maximum.
    static let sweepColumns = 9

    /// One row per continuous attribute (data attributes, then learned codes) swept from its
    /// minimum to its maximum in `sweepColumns` steps, every other input fixed (one noise vector,
    /// one draw of the tags and of the other values per row); nil without continuous attributes.
    func continuousSweep() throws -> Figure? {
        let vocabulary = sampler.vocabulary
        guard !vocabulary.continuous.isEmpty else { return nil }
        let seed = options.seed &+ 0x5357_4545_50
        let base = Self.requestedLabels(vocabulary: vocabulary, count: vocabulary.continuous.count, seed: seed)
        let noise = sampler.latents(count: vocabulary.continuous.count, seed: seed, truncation: options.truncation)
        var labels: [TagLabels] = [], latents: [[Float]] = []
        for (k, attribute) in vocabulary.continuous.enumerated() {
            for column in 0..<Self.sweepColumns {
                var entry = base[k]
                entry.continuous[k] = attribute.value(scaled: Float(2 * Double(column) / Double(Self.sweepColumns - 1) - 1))
                labels.append(entry)
                latents.append(noise[k])
            }
        }
        let images = sampler.generate(labels: labels, latents: latents)
        let sheet = try RGBImage.grid(images, rows: vocabulary.continuous.count, columns: Self.sweepColumns)
        let rows = vocabulary.continuous.map { $0.learned ? "\($0.name) (learned)" : $0.rangeDescription }
        return try Figure(image: sheet, caption: "Rows, top to bottom: " + rows.joined(separator: ", ")
            + "; each swept from its minimum (left) to its maximum (right) in \(Self.sweepColumns) steps, "
            + "with one noise vector and one draw of everything else per row (seed \(options.seed)).")
    }
}
