import Graphics

/// Hair: the mass behind the head (whose silhouette tells the styles apart) and the front hair
/// (bangs and side locks) that frames the face.
extension AvatarRenderer {
    func drawBackHair(_ style: AvatarStyle, on canvas: Canvas) {
        // The back of the hair is a shade darker than the front, as anime shading does; only a
        // little darker, so that white hair stays clearly lighter than silver.
        let back = style.hair.darker(0.14)
        let outline = style.hairOutline
        func paint() { canvas.fill(back, outline: outline, width: style.line) }
        switch style.attributes.hairStyle {
        case .long:
            canvas.move(50, 10)
            canvas.curve(28, 10, 19, 25, 19, 45)
            canvas.curve(19, 66, 13, 84, 11, 104)
            canvas.line(89, 104)
            canvas.curve(87, 84, 81, 66, 81, 45)
            canvas.curve(81, 25, 72, 10, 50, 10)
            canvas.close()
            paint()
        case .short:
            bob(bottom: 70, on: canvas)
            paint()
        case .twinTail:
            for mirrored in [false, true] {
                mirror(mirrored, on: canvas) {
                    canvas.move(27, 25)
                    canvas.curve(10, 24, 2, 44, 5, 62)
                    canvas.curve(7, 78, 1, 90, 8, 103)
                    canvas.curve(14, 92, 21, 80, 19, 62)
                    canvas.curve(18, 48, 22, 38, 29, 33)
                    canvas.close()
                    paint()
                    tailStrands(on: canvas, style: style)
                }
            }
            bob(bottom: 62, on: canvas)
            paint()
        case .ponytail:
            canvas.move(64, 15)
            canvas.curve(86, 4, 100, 22, 95, 44)
            canvas.curve(92, 60, 98, 78, 91, 100)
            canvas.curve(86, 84, 82, 68, 84, 52)
            canvas.curve(85, 40, 80, 32, 70, 28)
            canvas.close()
            paint()
            canvas.move(88, 30)
            canvas.curve(92, 48, 86, 62, 90, 86)
            canvas.setColor(outline, alpha: 0.6)
            canvas.setLineWidth(style.line * 0.7)
            canvas.stroke()
            bob(bottom: 58, on: canvas)
            paint()
        case .drill:
            bob(bottom: 66, on: canvas)
            paint()
        }
    }

    func drawFrontHair(_ style: AvatarStyle, on canvas: Canvas) {
        let outline = style.hairOutline
        let locks: Double? = switch style.attributes.hairStyle {
        case .long: 100
        case .short: 68
        case .twinTail: 70
        case .ponytail: 64
        case .drill: nil
        }
        for mirrored in [false, true] {
            mirror(mirrored, on: canvas) {
                if let bottom = locks {
                    // A side lock from the temple down along the cheek, pointed at the end.
                    canvas.move(25, 34)
                    canvas.curve(21, 50, 22, bottom - 14, 24, bottom)
                    canvas.curve(28, bottom - 10, 31, 54, 33, 40)
                    canvas.close()
                    canvas.fill(style.hair, outline: outline, width: style.line)
                } else {
                    drill(style, on: canvas)
                }
            }
        }
        bangs(style, on: canvas)
        if style.attributes.hairStyle == .twinTail {
            for x in [25.0, 75.0] {
                canvas.ellipse(x, 27, 3, 3)
                canvas.fill(style.hair.darker(0.6), outline: style.ink, width: style.line * 0.6)
            }
        }
    }

    /// Bangs: the skull cap with a row of pointed strands over the forehead, a highlight band
    /// (the "angel ring") and a few strand lines.
    private func bangs(_ style: AvatarStyle, on canvas: Canvas) {
        // The shadow the bangs cast on the forehead: the same shape, a little lower, in a
        // darker skin tone, clipped to the face.
        canvas.save()
        facePath(on: canvas)
        canvas.clip()
        canvas.translate(0, 2.6)
        bangsPath(on: canvas)
        canvas.setColor(style.skin.darker(0.16))
        canvas.fill()
        canvas.restore()
        bangsPath(on: canvas)
        canvas.fill(style.hair, outline: style.hairOutline, width: style.line)
        // Highlight band across the crown.
        canvas.move(31, 27)
        canvas.quad(50, 19, 69, 27)
        canvas.setColor(style.hair.lighter(0.5), alpha: 0.85)
        canvas.setLineWidth(2.6)
        canvas.stroke()
        // Strand lines from the crown towards the notches.
        canvas.setColor(style.hair.darker(0.35), alpha: 0.55)
        canvas.setLineWidth(style.line * 0.6)
        for (x, y) in [(40.0, 36.0), (49, 34), (58, 35)] {
            canvas.move(50 + (x - 50) * 0.4, 16)
            canvas.quad(x + (x - 50) * 0.2, 26, x, y - 2)
            canvas.stroke()
        }
    }

    /// The bangs outline: the skull cap, then pointed strands right to left over the forehead.
    private func bangsPath(on canvas: Canvas) {
        canvas.move(22, 52)
        canvas.curve(17, 28, 30, 11, 50, 11)
        canvas.curve(70, 11, 83, 28, 78, 52)
        // Strand tips (x, y) and the notches between them, right to left.
        let tips: [(Double, Double)] = [(72, 48), (63, 49), (53, 47), (44, 49), (35, 48), (27, 47)]
        let notches: [(Double, Double)] = [(74, 36), (68, 37), (58, 35), (49, 34), (40, 36), (31, 37), (25, 38)]
        canvas.quad(75, 44, notches[0].0, notches[0].1)
        for index in tips.indices {
            let (tipX, tipY) = tips[index]
            let (fromX, fromY) = notches[index]
            let (toX, toY) = notches[index + 1]
            canvas.quad(fromX - 1, (fromY + tipY) / 2 + 2, tipX, tipY)
            canvas.quad(toX + 2, (toY + tipY) / 2, toX, toY)
        }
        canvas.quad(23, 44, 22, 52)
        canvas.close()
    }

    /// One ringlet ("drill") hanging from the left temple: stacked tilted lobes, each with a
    /// curl line, so the outline is bumpy and the whole reads as a spiral.
    private func drill(_ style: AvatarStyle, on canvas: Canvas) {
        for lobe in (0..<5).reversed() {
            let centerY = 38 + Double(lobe) * 12
            let radiusX = 9.5 - Double(lobe) * 0.9
            let centerX = 19 + Double(lobe) * 0.3
            canvas.ellipse(centerX, centerY, radiusX, 7.2, angle: -0.35)
            canvas.fill(style.hair, outline: style.hairOutline, width: style.line)
            canvas.move(centerX - radiusX * 0.8, centerY + 2)
            canvas.quad(centerX, centerY - 6, centerX + radiusX * 0.8, centerY - 1)
            canvas.setColor(style.hair.darker(0.4), alpha: 0.8)
            canvas.setLineWidth(style.line * 0.7)
            canvas.stroke()
        }
        // A pointed tip under the last lobe.
        canvas.move(15, 88)
        canvas.line(20, 99)
        canvas.line(25, 88)
        canvas.close()
        canvas.fill(style.hair, outline: style.hairOutline, width: style.line)
    }

    /// Two strand lines along a twin tail (drawn in the tail's own, possibly mirrored, frame).
    private func tailStrands(on canvas: Canvas, style: AvatarStyle) {
        canvas.setColor(style.hairOutline, alpha: 0.6)
        canvas.setLineWidth(style.line * 0.7)
        canvas.move(18, 34)
        canvas.curve(9, 46, 12, 66, 10, 88)
        canvas.stroke()
    }

    /// A rounded bob from the crown to `bottom`, the hair mass behind the head.
    private func bob(bottom: Double, on canvas: Canvas) {
        canvas.move(50, 10)
        canvas.curve(29, 10, 20, 25, 20, 44)
        canvas.curve(20, 56, 21, bottom - 8, 24, bottom)
        canvas.curve(30, bottom + 3, 36, bottom, 38, bottom - 4)
        canvas.line(62, bottom - 4)
        canvas.curve(64, bottom, 70, bottom + 3, 76, bottom)
        canvas.curve(79, bottom - 8, 80, 56, 80, 44)
        canvas.curve(80, 25, 71, 10, 50, 10)
        canvas.close()
    }

    /// Runs `body` in a frame mirrored about x = 50 when `mirrored` is true.
    func mirror(_ mirrored: Bool, on canvas: Canvas, _ body: () -> Void) {
        canvas.save()
        if mirrored {
            canvas.translate(100, 0)
            canvas.scale(-1, 1)
        }
        body()
        canvas.restore()
    }
}
