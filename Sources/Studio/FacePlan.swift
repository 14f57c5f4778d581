import ACGAN
import AnimeData

/// A validated face specification: everything checked against the model, random seeds
/// chosen, ready to turn into conditions and latents.
public struct FacePlan: Sendable, Equatable {
    /// The chosen attributes; `nil` entries are random.
    public var selection: TagSelection
    /// Noise seed, or `nil` when `latent` is given.
    public var seed: UInt64?
    /// Explicit latent, or `nil` when `seed` is given.
    public var latent: [Float]?
    /// Seed for the attributes left random.
    public var attributeSeed: UInt64
    /// Truncation threshold for seeded noise.
    public var truncation: Double?

    /// Checks `specification` against the model's vocabulary and latent size. `field` prefixes
    /// the names in error messages ("from.seed"). Missing seeds are drawn from `randomSource`.
    public init<Source: RandomNumberGenerator>(
        _ specification: FaceSpecification, vocabulary: TagVocabulary, latentSize: Int,
        field: String = "", randomSource: inout Source
    ) throws {
        if specification.tags != nil, specification.attributes != nil {
            throw StudioError.conflictingTags(
                "give \(field)tags (text) or \(field)attributes (an object), not both")
        }
        if let text = specification.tags {
            selection = try Self.parse(text, vocabulary: vocabulary)
        } else {
            selection = try Self.selection(
                from: specification.attributes ?? [:], vocabulary: vocabulary, field: field)
        }
        if specification.seed != nil, specification.latent != nil {
            throw StudioError.seedAndLatent
        }
        if let latent = specification.latent {
            guard latent.count == latentSize else {
                throw StudioError.invalidLatent(
                    "\(field)latent has \(latent.count) floats; this model takes \(latentSize)")
            }
            let largest = Double(Float.greatestFiniteMagnitude)
            if let index = latent.firstIndex(where: { !(abs($0) <= largest) }) {
                throw StudioError.invalidLatent(
                    "\(field)latent[\(index)] is \(latent[index]), beyond the float range ±\(largest)")
            }
            self.latent = latent.map(Float.init)
            seed = nil
        } else {
            latent = nil
            seed = try specification.seed.map { try Self.seed($0, field: "\(field)seed") }
                ?? randomSource.next() % StudioLimits.seedModulus
        }
        attributeSeed = try specification.attributeSeed.map {
            try Self.seed($0, field: "\(field)attributeSeed")
        } ?? randomSource.next() % StudioLimits.seedModulus
        if let truncation = specification.truncation {
            guard StudioLimits.truncation.contains(truncation) else {
                throw StudioError.outOfRange(
                    field: "\(field)truncation", value: "\(truncation)",
                    allowed: "between \(StudioLimits.truncation.lowerBound) and \(StudioLimits.truncation.upperBound)")
            }
        }
        truncation = specification.truncation
    }

    /// The face at `offset` in a grid: seeds advance by `offset` (mod 2^53), an explicit
    /// latent is shared by every face.
    public func face(at offset: Int, vocabulary: TagVocabulary, latentSize: Int) -> PlannedFace {
        let faceSeed = seed.map { ($0 + UInt64(offset)) % StudioLimits.seedModulus }
        let faceAttributeSeed = (attributeSeed + UInt64(offset)) % StudioLimits.seedModulus
        let labels = AttributeDraw.labels(
            for: selection, vocabulary: vocabulary, seed: faceAttributeSeed)
        let faceLatent = latent ?? LatentNoise.latent(
            seed: faceSeed ?? 0, size: latentSize, truncation: truncation)
        return PlannedFace(
            labels: labels, condition: vocabulary.condition(for: labels), latent: faceLatent,
            seed: faceSeed, attributeSeed: faceAttributeSeed)
    }

    /// Tag text to a selection, with the vocabulary's errors turned into API errors.
    static func parse(_ text: String, vocabulary: TagVocabulary) throws -> TagSelection {
        do {
            return try vocabulary.parse(text)
        } catch let error as TagVocabularyError {
            switch error {
            case .unknownTag(let word, _, let known):
                throw StudioError.unknownTag(word, known: known)
            case .unknownAttribute(let name, _, let known):
                throw StudioError.unknownAttribute(name, known: known)
            case .valueOutOfRange(let name, let value, let minimum, let maximum):
                throw StudioError.outOfRange(field: "tags (\(name))", value: ContinuousAttribute.format(value),
                                             allowed: "a number from \(ContinuousAttribute.format(minimum)) to \(ContinuousAttribute.format(maximum))")
            default:
                throw StudioError.conflictingTags(error.description)
            }
        }
    }

    /// An attributes object to a selection. Names and values match case-insensitively.
    static func selection(
        from attributes: [String: AttributeChoice], vocabulary: TagVocabulary, field: String
    ) throws -> TagSelection {
        var selection = TagSelection(allRandomFor: vocabulary)
        let knownNames = vocabulary.groups.map(\.name) + vocabulary.binaryTags.map(\.name) + vocabulary.continuous.map(\.name)
        // Sorted so that the first error reported does not depend on dictionary order.
        for (name, choice) in attributes.sorted(by: { $0.key < $1.key }) {
            let key = name.lowercased()
            if let groupIndex = vocabulary.groups.firstIndex(where: { $0.name.lowercased() == key }) {
                let group = vocabulary.groups[groupIndex]
                switch choice {
                case .random:
                    selection.groupIndices[groupIndex] = nil
                case .number:
                    throw StudioError.malformedJSON(
                        reason: "\(field)attributes.\(group.name) must be one of its values "
                            + "(\(group.values.joined(separator: ", "))) or null, not a number")
                case .value(let phrase):
                    guard let valueIndex = group.values.firstIndex(where: {
                        $0.lowercased() == phrase.lowercased()
                    }) else {
                        throw StudioError.unknownTag(phrase, known: group.values)
                    }
                    selection.groupIndices[groupIndex] = valueIndex
                case .flag:
                    throw StudioError.malformedJSON(
                        reason: "\(field)attributes.\(group.name) must be one of its values "
                            + "(\(group.values.joined(separator: ", "))) or null, not true/false")
                }
            } else if let tagIndex = vocabulary.binaryTags.firstIndex(where: { $0.name.lowercased() == key }) {
                switch choice {
                case .random:
                    selection.binaryTags[tagIndex] = nil
                case .flag(let on):
                    selection.binaryTags[tagIndex] = on
                case .value(let text):
                    throw StudioError.malformedJSON(
                        reason: "\(field)attributes.\(vocabulary.binaryTags[tagIndex].name) must be "
                            + "true, false or null, not \"\(text)\"")
                case .number(let number):
                    throw StudioError.malformedJSON(
                        reason: "\(field)attributes.\(vocabulary.binaryTags[tagIndex].name) must be "
                            + "true, false or null, not \(ContinuousAttribute.format(number))")
                }
            } else if let index = vocabulary.continuous.firstIndex(where: { $0.name == key }) {
                let attribute = vocabulary.continuous[index]
                let allowed = "a number from \(ContinuousAttribute.format(attribute.minimum)) to \(ContinuousAttribute.format(attribute.maximum))"
                switch choice {
                case .random:
                    selection.continuous[index] = nil
                case .number(let number):
                    guard attribute.contains(number) else {
                        throw StudioError.outOfRange(field: "\(field)attributes.\(attribute.name)",
                                                     value: ContinuousAttribute.format(number), allowed: allowed)
                    }
                    selection.continuous[index] = number
                case .value, .flag:
                    throw StudioError.malformedJSON(reason: "\(field)attributes.\(attribute.name) must be \(allowed) or null")
                }
            } else {
                throw StudioError.unknownAttribute(name, known: knownNames)
            }
        }
        return selection
    }

    /// A seed read as a JSON number: an integer in 0..<2^53.
    static func seed(_ value: Double, field: String) throws -> UInt64 {
        guard value >= 0, value <= Double(StudioLimits.maxSeed), value.rounded() == value else {
            throw StudioError.outOfRange(
                field: field, value: Int64(exactly: value).map(String.init) ?? "\(value)",
                allowed: "an integer from 0 to \(StudioLimits.maxSeed)")
        }
        return UInt64(value)
    }
}

/// One face ready for the generator, with what a person needs to reproduce it.
public struct PlannedFace: Sendable, Equatable {
    /// The attributes, random ones drawn.
    public var labels: TagLabels
    /// The condition vector of `labels`.
    public var condition: [Float]
    /// The latent.
    public var latent: [Float]
    /// The noise seed, or `nil` for an explicit latent.
    public var seed: UInt64?
    /// The attribute seed this face's random attributes were drawn with.
    public var attributeSeed: UInt64
}
