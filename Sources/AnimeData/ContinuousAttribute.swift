/// A continuous attribute of a vocabulary, such as a face's size or tilt: written in tags.csv
/// as a token `name=value` ("face_size=0.72 tilt=-0.3"), fed to the model scaled to [-1, 1].
///
/// In a vocabulary's JSON (`acgan vocabulary` prints it, `--vocabulary` reads it back):
///
/// ```json
/// {"name": "tilt", "minimum": -0.18, "maximum": 0.18, "mirror": "negate",
///  "quantiles": [-0.18, -0.162, ..., 0.18]}
/// ```
///
/// `mirror` says what a horizontal mirror does to the value: `"negate"` (a tilt or a
/// horizontal offset changes sign), `"keep"` (a size or a colour stays). An attribute without
/// it turns flip augmentation off (training says so), since a flipped image would be paired
/// with a value it no longer has. `quantiles`, when present, is the observed distribution
/// (evenly spaced probabilities from 0 to 1, so the first is the minimum and the last the
/// maximum): a value left "random" is drawn from it; without it, uniformly over the range.
///
/// A model trained with `acgan train --info-codes K` has K more of them at the end of its
/// vocabulary, `"learned": true`, named `code1` ... `codeK`, each in [-1, 1]: codes no data set
/// labels, whose meaning the model learned (InfoGAN's continuous codes, `learnedCode(_:)`).
public struct ContinuousAttribute: Codable, Sendable, Equatable {
    /// What a horizontal mirror does to an attribute's value.
    public enum Mirror: String, Codable, Sendable, Equatable, CaseIterable {
        /// The value changes sign (tilt, horizontal offset). The range is then symmetric about 0,
        /// so that a negated value stays inside it.
        case negate
        /// The value stays (size, skin tone, background hue).
        case keep
    }

    /// The name as written before `=` in tag text (lowercase), e.g. "face_size".
    public var name: String
    /// The smallest value accepted; scaled to -1.
    public var minimum: Double
    /// The largest value accepted; scaled to +1.
    public var maximum: Double
    /// What a mirror does to the value; nil when unknown (flips are then turned off).
    public var mirror: Mirror?
    /// The observed distribution as quantiles at evenly spaced probabilities 0 ... 1 (at least
    /// two, the first `minimum` and the last `maximum`), or nil (uniform over the range).
    public var quantiles: [Double]?
    /// Whether this is a learned code (InfoGAN) rather than an attribute of the data: no image
    /// is labelled with it; the generator is given it and D learns to read it back.
    public var learned: Bool

    /// Creates an attribute; for `.negate` the range should be symmetric about 0.
    public init(name: String, minimum: Double, maximum: Double, mirror: Mirror? = nil, quantiles: [Double]? = nil,
                learned: Bool = false) {
        self.name = name
        self.minimum = minimum
        self.maximum = maximum
        self.mirror = mirror
        self.quantiles = quantiles
        self.learned = learned
    }

    private enum CodingKeys: String, CodingKey {
        case name, minimum, maximum, mirror, quantiles, learned
    }

    /// Decodes an attribute; "learned" is absent for the data's own attributes.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        minimum = try c.decode(Double.self, forKey: .minimum)
        maximum = try c.decode(Double.self, forKey: .maximum)
        mirror = try c.decodeIfPresent(Mirror.self, forKey: .mirror)
        quantiles = try c.decodeIfPresent([Double].self, forKey: .quantiles)
        learned = try c.decodeIfPresent(Bool.self, forKey: .learned) ?? false
    }

    /// Encodes the attribute; "learned" only for a learned code, so a data attribute's JSON is
    /// what it was before codes existed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(minimum, forKey: .minimum)
        try c.encode(maximum, forKey: .maximum)
        try c.encodeIfPresent(mirror, forKey: .mirror)
        try c.encodeIfPresent(quantiles, forKey: .quantiles)
        if learned { try c.encode(true, forKey: .learned) }
    }

    /// Learned code `index` (from 0): "code1", "code2", ..., uniform over [-1, 1]. A mirror
    /// keeps it (codes are only given to the generator, never read from a flipped real image).
    public static func learnedCode(_ index: Int) -> ContinuousAttribute {
        ContinuousAttribute(name: "code\(index + 1)", minimum: -1, maximum: 1, mirror: .keep, learned: true)
    }

    /// The number of quantiles `observed(name:values:mirror:)` stores: every 5%.
    public static let quantileCount = 21

    /// An attribute whose range and distribution are those of `values` (at least one, all
    /// finite). With `.negate` the range is widened to be symmetric, [-m, m] with m the largest
    /// magnitude, so that mirrored values stay in range.
    public static func observed(name: String, values: [Double], mirror: Mirror?) -> ContinuousAttribute {
        precondition(!values.isEmpty, "attribute \(name): no values to observe")
        let sorted = values.sorted()
        var minimum = sorted.first!, maximum = sorted.last!
        if mirror == .negate {
            let magnitude = max(abs(minimum), abs(maximum))
            (minimum, maximum) = (-magnitude, magnitude)
        }
        var quantiles = (0..<quantileCount).map { quantile(of: sorted, at: Double($0) / Double(quantileCount - 1)) }
        // The range may have been widened: the ends of the distribution are the range's ends.
        quantiles[0] = minimum
        quantiles[quantileCount - 1] = maximum
        return ContinuousAttribute(name: name, minimum: minimum, maximum: maximum, mirror: mirror, quantiles: quantiles)
    }

    /// The `p`-quantile of sorted values, linearly interpolated between order statistics
    /// (Hyndman & Fan type 7, NumPy's default): h = (n - 1) p, x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).
    static func quantile(of sorted: [Double], at p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// Whether `value` is inside the range (ends included).
    public func contains(_ value: Double) -> Bool { value >= minimum && value <= maximum }

    /// `value` scaled so that the range maps onto [-1, 1]: 2 (v - min) / (max - min) - 1
    /// (0 for an attribute whose range is one value).
    public func scaled(_ value: Double) -> Float {
        guard maximum > minimum else { return 0 }
        return Float(2 * (value - minimum) / (maximum - minimum) - 1)
    }

    /// The value of a scaled one: the inverse of `scaled`, min + (s + 1)(max - min) / 2.
    public func value(scaled: Float) -> Double {
        minimum + (Double(scaled) + 1) * (maximum - minimum) / 2
    }

    /// The value whose quantile is `uniform` (in [0, 1)): the inverse of the stored
    /// distribution's piecewise-linear CDF, or min + u (max - min) without one.
    public func value(quantile uniform: Double) -> Double {
        guard let quantiles, quantiles.count >= 2 else { return minimum + uniform * (maximum - minimum) }
        let position = uniform * Double(quantiles.count - 1)
        let low = min(Int(position.rounded(.down)), quantiles.count - 2)
        return quantiles[low] + (position - Double(low)) * (quantiles[low + 1] - quantiles[low])
    }

    /// The value a horizontal mirror gives: negated for `.negate`, else unchanged.
    public func mirrored(_ value: Double) -> Double { mirror == .negate ? -value : value }

    /// The range for people, "face_size=0.94...1.1".
    public var rangeDescription: String { "\(name)=\(Self.format(minimum))...\(Self.format(maximum))" }

    /// A value as written in tag text: the shortest decimal that reads back the same.
    public static func format(_ value: Double) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Why the attribute cannot be used, or nil: a name tag text could not spell, a range that
    /// is not finite or has its ends swapped, a `.negate` range not symmetric about 0, quantiles
    /// that are fewer than two, unsorted, or do not start at the minimum and end at the maximum.
    var problem: String? {
        if name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "=" || $0 == "," }) || name != name.lowercased() {
            return "continuous attribute \"\(name)\" needs a lowercase name without spaces, commas or \"=\""
        }
        guard minimum.isFinite, maximum.isFinite, minimum <= maximum else {
            return "continuous attribute \"\(name)\" needs finite \"minimum\" <= \"maximum\", got \(minimum) and \(maximum)"
        }
        if mirror == .negate, minimum != -maximum {
            return "continuous attribute \"\(name)\" is mirrored by negation, so its range must be symmetric about 0 (-m ... m), got \(minimum) ... \(maximum)"
        }
        if let quantiles {
            guard quantiles.count >= 2, quantiles.allSatisfy(\.isFinite), zip(quantiles, quantiles.dropFirst()).allSatisfy({ $0 <= $1 }),
                  quantiles.first == minimum, quantiles.last == maximum else {
                return "continuous attribute \"\(name)\": \"quantiles\" must be at least two sorted values from \"minimum\" to \"maximum\""
            }
        }
        return nil
    }
}
