extension SyntheticDataset {
    /// The hidden factors `acgan synth --continuous` writes as continuous attributes, in the
    /// order of its tags.csv words, with what a horizontal mirror does to each: the tilt and the
    /// horizontal offset change sign; size, skin tone, background hue and line width stay.
    public static let continuousMirrors: [(name: String, mirror: ContinuousAttribute.Mirror)] = [
        ("face_size", .keep), ("tilt", .negate), ("offset_x", .negate),
        ("skin_tone", .keep), ("background_hue", .keep), ("line_width", .keep),
    ]

    /// The values of `continuousMirrors` for a face drawn with `nuisance`: the figure's scale,
    /// the head's tilt in radians (positive clockwise), the head's horizontal shift in design
    /// units (the canvas is 100 wide; positive to the right), the skin between pale (0) and tan
    /// (1), the background's hue (0 ..< 1) and the outline width multiplier.
    public static func continuousValues(of nuisance: AvatarNuisance) -> [Double] {
        [nuisance.faceScale, nuisance.tilt, nuisance.offsetX, nuisance.skinTone, nuisance.backgroundHue, nuisance.lineWidth]
    }

    /// The `name=value` words of a face, values rounded to 4 decimals ("face_size=1.0213
    /// tilt=-0.0871 ...").
    public static func continuousText(of nuisance: AvatarNuisance) -> String {
        zip(continuousMirrors, continuousValues(of: nuisance)).map { attribute, value in
            "\(attribute.name)=\(ContinuousAttribute.format((value * 10_000).rounded() / 10_000))"
        }.joined(separator: " ")
    }
}
