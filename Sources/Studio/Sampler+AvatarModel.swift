import ACGAN
import Imaging
import Tensors

/// The ACGAN sampler is what the studio serves.
extension Sampler: AvatarModel {
    public func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        guard conditions.count == latents.count else {
            throw GenerationError.invalidRequest("\(conditions.count) conditions for \(latents.count) latents")
        }
        guard !conditions.isEmpty else { return [] }
        guard conditions.allSatisfy({ $0.count == vocabulary.conditionLength }), latents.allSatisfy({ $0.count == latentSize }) else {
            throw GenerationError.invalidRequest("conditions need \(vocabulary.conditionLength) values and latents \(latentSize)")
        }
        return generate(z: Tensor(shape: [latents.count, latentSize], scalars: latents.flatMap { $0 }),
                        condition: Tensor(shape: [conditions.count, vocabulary.conditionLength], scalars: conditions.flatMap { $0 }))
    }

    /// The sampler's generator as `acgan export --half` writes it (made once, then kept).
    public func browserWeights() throws -> GeneratorFile? { try generatorFile(half: true) }
}
