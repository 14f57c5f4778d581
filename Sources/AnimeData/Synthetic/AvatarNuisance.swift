import Randomness
/// Variation that the tags do not describe: a classifier (or a conditional GAN) has to learn
/// the tagged attributes despite these.
public struct AvatarNuisance: Sendable, Equatable {
    /// Background patterns behind the figure.
    public enum BackgroundPattern: Int, CaseIterable, Sendable {
        case plain, verticalGradient, diagonalStripes, dots, checker
    }

    /// Skin colour (a range of light anime skin tones).
    public var skinColor: AvatarColor
    /// Scale of the whole figure, 1 = reference size.
    public var faceScale: Double
    /// Shift of the head centre in design units (the canvas is 100 units wide).
    public var offsetX: Double, offsetY: Double
    /// Head tilt in radians (positive turns clockwise).
    public var tilt: Double
    /// The two background colours and the pattern that combines them.
    public var backgroundColor: AvatarColor, backgroundAccent: AvatarColor
    /// How the background colours are laid out.
    public var backgroundPattern: BackgroundPattern
    /// Outline width multiplier, 1 = reference.
    public var lineWidth: Double
    /// Clothing colour of the shoulders.
    public var clothingColor: AvatarColor
    /// Hat and ribbon colours (only drawn when those tags are on).
    public var hatColor: AvatarColor, ribbonColor: AvatarColor
    /// Glasses frame colour (only drawn when glasses is on).
    public var glassesColor: AvatarColor
    /// Where the skin colour lies between pale (0) and tan (1): the draw `skinColor` is mixed
    /// from (recorded for `acgan synth --continuous`; drawing uses `skinColor`).
    public var skinTone: Double
    /// The hue (0 ..< 1) `backgroundColor` was made with (recorded like `skinTone`).
    public var backgroundHue: Double

    /// The reference avatar: centred, upright, plain light background; tests use it to see one
    /// attribute change at a time.
    public static let reference = AvatarNuisance(
        skinColor: AvatarColor(255, 232, 216), faceScale: 1, offsetX: 0, offsetY: 0, tilt: 0,
        backgroundColor: AvatarColor(226, 232, 240), backgroundAccent: AvatarColor(210, 218, 230),
        backgroundPattern: .plain, lineWidth: 1, clothingColor: AvatarColor(60, 64, 96),
        hatColor: AvatarColor(60, 40, 30), ribbonColor: AvatarColor(226, 30, 60),
        glassesColor: AvatarColor(40, 30, 36))

    /// A memberwise initialiser for callers that set everything.
    public init(skinColor: AvatarColor, faceScale: Double, offsetX: Double, offsetY: Double,
                tilt: Double, backgroundColor: AvatarColor, backgroundAccent: AvatarColor,
                backgroundPattern: BackgroundPattern, lineWidth: Double,
                clothingColor: AvatarColor, hatColor: AvatarColor, ribbonColor: AvatarColor,
                glassesColor: AvatarColor, skinTone: Double = 0, backgroundHue: Double = 0) {
        self.skinColor = skinColor
        self.faceScale = faceScale
        self.offsetX = offsetX
        self.offsetY = offsetY
        self.tilt = tilt
        self.backgroundColor = backgroundColor
        self.backgroundAccent = backgroundAccent
        self.backgroundPattern = backgroundPattern
        self.lineWidth = lineWidth
        self.clothingColor = clothingColor
        self.hatColor = hatColor
        self.ribbonColor = ribbonColor
        self.glassesColor = glassesColor
        self.skinTone = skinTone
        self.backgroundHue = backgroundHue
    }

    /// Draws every nuisance parameter from `rng`.
    public static func random(using rng: inout SplitMix64) -> AvatarNuisance {
        let pale = AvatarColor(255, 238, 226), tan = AvatarColor(236, 196, 160)
        let skinTone = rng.uniform(0...1)
        let skin = pale.mixed(with: tan, amount: skinTone)
        // Backgrounds are pastel and muted so that hair colour stays the most saturated thing
        // in the picture; hue is free. (Drawn in the order of the arguments, as always.)
        let backgroundHue = rng.uniform(0...1)
        let background = pastel(hue: backgroundHue, saturation: rng.uniform(0.05...0.35),
                                value: rng.uniform(0.78...0.97))
        let accent = rng.chance(0.5) ? background.darker(rng.uniform(0.06...0.16))
                                           : background.lighter(rng.uniform(0.3...0.6))
        let pattern = BackgroundPattern.allCases[rng.index(below: BackgroundPattern.allCases.count)]
        let clothing = pastel(hue: rng.uniform(0...1), saturation: rng.uniform(0.2...0.6),
                              value: rng.uniform(0.25...0.85))
        let hats = [AvatarColor(58, 40, 30), AvatarColor(30, 34, 70), AvatarColor(120, 24, 36),
                    AvatarColor(232, 212, 160), AvatarColor(40, 40, 44), AvatarColor(70, 30, 100)]
        let ribbons = [AvatarColor(228, 28, 56), AvatarColor(250, 96, 160), AvatarColor(40, 90, 230),
                       AvatarColor(250, 200, 30), AvatarColor(140, 40, 200)]
        let frames = [AvatarColor(36, 28, 32), AvatarColor(150, 30, 40), AvatarColor(40, 50, 120)]
        return AvatarNuisance(
            skinColor: skin, faceScale: rng.uniform(0.94...1.1),
            offsetX: rng.uniform(-5...5), offsetY: rng.uniform(-4...4),
            tilt: rng.uniform(-0.18...0.18),
            backgroundColor: background, backgroundAccent: accent, backgroundPattern: pattern,
            lineWidth: rng.uniform(0.7...1.35), clothingColor: clothing,
            hatColor: hats[rng.index(below: hats.count)],
            ribbonColor: ribbons[rng.index(below: ribbons.count)],
            glassesColor: frames[rng.index(below: frames.count)],
            skinTone: skinTone, backgroundHue: backgroundHue)
    }

    /// HSV to RGB (all in [0, 1]).
    static func pastel(hue: Double, saturation: Double, value: Double) -> AvatarColor {
        let sector = (hue * 6).truncatingRemainder(dividingBy: 6)
        let fraction = sector - sector.rounded(.down)
        let p = value * (1 - saturation), q = value * (1 - saturation * fraction)
        let t = value * (1 - saturation * (1 - fraction))
        switch Int(sector) {
        case 0: return AvatarColor(red: value, green: t, blue: p)
        case 1: return AvatarColor(red: q, green: value, blue: p)
        case 2: return AvatarColor(red: p, green: value, blue: t)
        case 3: return AvatarColor(red: p, green: q, blue: value)
        case 4: return AvatarColor(red: t, green: p, blue: value)
        default: return AvatarColor(red: value, green: p, blue: q)
        }
    }
}
