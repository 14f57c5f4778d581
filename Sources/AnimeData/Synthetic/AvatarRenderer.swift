import Graphics
import Imaging

/// Draws synthetic anime avatars on Graphics' cairo `Canvas`: one face per call, from tags plus nuisance
/// parameters, as tightly packed RGB bytes.
///
/// All geometry lives in a 100 x 100 design space (the head centred near (50, 46), the chin at
/// y = 81, the eyes at y = 58); cairo scales it to `size` pixels with anti-aliasing. Layers are
/// painted back to front: background, back hair, shoulders, face, cheeks, eyes, mouth, front
/// hair, glasses, hat, ribbon. Nothing here uses fonts or the system random generator, so the
/// same inputs give the same bytes.
public struct AvatarRenderer: Sendable {
    /// Width and height of the output in pixels.
    public let size: Int

    /// A renderer for `size` x `size` images (default 64, the model's size).
    public init(size: Int = 64) throws(SyntheticAvatarError) {
        guard (8...2048).contains(size) else { throw .invalidSize(size) }
        self.size = size
    }

    /// The avatar as RGB bytes, row by row (`size * size * 3` bytes, HWC).
    public func renderPixels(_ attributes: AvatarAttributes, nuisance: AvatarNuisance = .reference)
        throws(SyntheticAvatarError) -> [UInt8] {
        guard let canvas = Canvas(width: size, height: size) else { throw .cairoFailed(size: size) }
        canvas.scale(Double(size) / 100, Double(size) / 100)   // the 100 x 100 design space
        draw(attributes, nuisance: nuisance, on: canvas)
        return canvas.rgbBytes()
    }

    func draw(_ attributes: AvatarAttributes, nuisance: AvatarNuisance, on canvas: Canvas) {
        drawBackground(nuisance, on: canvas)
        let style = AvatarStyle(attributes: attributes, nuisance: nuisance)
        canvas.save()
        // Tilt and scale about the neck so the figure stays anchored to the shoulders.
        canvas.translate(50 + nuisance.offsetX, 60 + nuisance.offsetY)
        canvas.rotate(nuisance.tilt)
        canvas.scale(nuisance.faceScale, nuisance.faceScale)
        canvas.translate(-50, -60)
        drawBackHair(style, on: canvas)
        drawShoulders(style, on: canvas)
        drawFace(style, on: canvas)
        if attributes.has(.blush) { drawBlush(style, on: canvas) }
        drawEyes(style, on: canvas)
        drawNoseAndMouth(style, on: canvas)
        drawFrontHair(style, on: canvas)
        if attributes.has(.glasses) { drawGlasses(style, on: canvas) }
        if attributes.has(.hat) { drawHat(style, on: canvas) }
        // The ribbon goes on last, so that with a hat it sits on the brim instead of under it.
        if attributes.has(.ribbon) { drawRibbon(style, on: canvas) }
        canvas.restore()
    }

    private func drawBackground(_ nuisance: AvatarNuisance, on canvas: Canvas) {
        canvas.setColor(nuisance.backgroundColor)
        canvas.paint()
        canvas.setColor(nuisance.backgroundAccent)
        switch nuisance.backgroundPattern {
        case .plain:
            return
        case .verticalGradient:
            canvas.setVerticalGradient(fromY: 0, top: nuisance.backgroundColor,
                                       toY: 100, bottom: nuisance.backgroundAccent)
            canvas.paint()
        case .diagonalStripes:
            for start in stride(from: -100.0, to: 100, by: 16) {
                canvas.move(start, 0)
                canvas.line(start + 8, 0)
                canvas.line(start + 108, 100)
                canvas.line(start + 100, 100)
                canvas.close()
            }
            canvas.fill()
        case .dots:
            for row in 0..<8 {
                for column in 0..<8 {
                    let shift = row % 2 == 0 ? 0.0 : 7
                    canvas.ellipse(Double(column) * 14 + shift, Double(row) * 14 + 3, 2.6, 2.6)
                }
            }
            canvas.fill()
        case .checker:
            for row in 0..<8 {
                for column in 0..<8 where (row + column) % 2 == 0 {
                    canvas.rectangle(Double(column) * 12.5, Double(row) * 12.5, 12.5, 12.5)
                }
            }
            canvas.fill()
        }
    }

    private func drawShoulders(_ style: AvatarStyle, on canvas: Canvas) {
        canvas.move(6, 104)
        canvas.curve(8, 93, 24, 89, 40, 87)
        canvas.line(60, 87)
        canvas.curve(76, 89, 92, 93, 94, 104)
        canvas.close()
        canvas.fill(style.nuisance.clothingColor, outline: style.ink, width: style.line)
        // Neck, with a shadow band under the chin.
        canvas.move(44, 70)
        canvas.line(44, 86)
        canvas.quad(50, 92, 56, 86)
        canvas.line(56, 70)
        canvas.close()
        canvas.fill(style.skin.darker(0.07), outline: style.ink, width: style.line * 0.8)
        canvas.move(44, 78)
        canvas.quad(50, 83, 56, 78)
        canvas.line(56, 72)
        canvas.line(44, 72)
        canvas.close()
        canvas.setColor(style.skin.darker(0.2))
        canvas.fill()
    }

    private func drawFace(_ style: AvatarStyle, on canvas: Canvas) {
        facePath(on: canvas)
        canvas.fill(style.skin, outline: style.ink, width: style.line)
    }

    /// The face outline: wide cheeks narrowing to a pointed chin at (50, 81).
    func facePath(on canvas: Canvas) {
        canvas.move(29, 44)
        canvas.curve(29, 56, 30, 64, 36, 71)
        canvas.curve(41, 77, 46, 80.5, 50, 81)
        canvas.curve(54, 80.5, 59, 77, 64, 71)
        canvas.curve(70, 64, 71, 56, 71, 44)
        canvas.curve(71, 26, 29, 26, 29, 44)
        canvas.close()
    }
}

/// Colours and widths shared by the drawing steps of one avatar.
struct AvatarStyle {
    let attributes: AvatarAttributes
    let nuisance: AvatarNuisance
    let hair: AvatarColor
    let skin: AvatarColor
    /// The outline colour: a warm dark brown, softer than black, as in anime line art.
    let ink = AvatarColor(70, 40, 40)
    /// The outline width in design units.
    let line: Double

    init(attributes: AvatarAttributes, nuisance: AvatarNuisance) {
        self.attributes = attributes
        self.nuisance = nuisance
        hair = attributes.hairColor.color
        skin = nuisance.skinColor
        line = 1.25 * nuisance.lineWidth
    }

    /// Hair outlines: a darker version of the hair colour, never pure black.
    var hairOutline: AvatarColor { hair.darker(0.55).mixed(with: ink, amount: 0.3) }
}

extension AvatarRenderer {
    /// The avatar for `labels` of `TagVocabulary.syntheticAvatars` (or another vocabulary with
    /// the same phrases) as an image.
    public func render(_ labels: TagLabels, vocabulary: TagVocabulary = .syntheticAvatars,
                       nuisance: AvatarNuisance = .reference) throws(SyntheticAvatarError) -> RGBImage {
        try render(AvatarAttributes(labels: labels, vocabulary: vocabulary), nuisance: nuisance)
    }

    /// The avatar for `attributes` as an image.
    public func render(_ attributes: AvatarAttributes, nuisance: AvatarNuisance = .reference)
        throws(SyntheticAvatarError) -> RGBImage {
        RGBImage(width: size, height: size, pixels: try renderPixels(attributes, nuisance: nuisance))
    }
}
