import Graphics

/// The features: eyes (the most important part of the style), blush, nose and mouth.
extension AvatarRenderer {
    func drawEyes(_ style: AvatarStyle, on canvas: Canvas) {
        let iris = style.attributes.eyeColor.color
        let lash = AvatarColor(38, 22, 28)
        for mirrored in [false, true] {
            mirror(mirrored, on: canvas) {
                // The eye white, between the upper lid (a high arch) and the lower lid.
                canvas.save()
                canvas.move(33.5, 56)
                canvas.curve(35, 51.5, 42, 50, 46, 54.5)
                canvas.curve(46, 59, 44, 64, 40, 64.5)
                canvas.curve(36.5, 64.5, 34, 61, 33.5, 56)
                canvas.close()
                canvas.setColor(AvatarColor(255, 255, 255))
                canvas.fillPreserve()
                canvas.clip()
                // Iris: tall ellipse, dark at the top (the lid's shadow), bright below.
                // The gradient is short so that most of the iris shows its true colour: at
                // 64x64 an iris is only about 40 pixels and must still tell ten colours apart.
                canvas.ellipse(40, 58.5, 4.9, 6.4)
                canvas.setVerticalGradient(fromY: 52, top: iris.darker(0.45), toY: 58, bottom: iris)
                canvas.fill()
                canvas.ellipse(40, 58.3, 1.7, 2.6)
                canvas.setColor(iris.darker(0.78))
                canvas.fill()
                // Catch lights: a big one up and out, a small one low and in.
                canvas.ellipse(38.2, 55.6, 1.6, 1.6)
                canvas.setColor(AvatarColor(255, 255, 255))
                canvas.fill()
                canvas.ellipse(41.8, 61.6, 0.8, 0.8)
                canvas.setColor(AvatarColor(255, 255, 255), alpha: 0.85)
                canvas.fill()
                canvas.restore()
                // Upper lash line, thick, with a flick at the outer corner.
                canvas.move(32.2, 57)
                canvas.curve(34.5, 51, 42, 49.5, 46.6, 54.6)
                canvas.setColor(lash)
                canvas.setLineWidth(2.1 * max(0.85, style.nuisance.lineWidth))
                canvas.stroke()
                canvas.move(33.6, 54.8)
                canvas.line(30.8, 53.2)
                canvas.setLineWidth(1.3)
                canvas.stroke()
                // Lower lid: a short thin line.
                canvas.move(37, 64.8)
                canvas.line(42.5, 64.4)
                canvas.setColor(lash, alpha: 0.6)
                canvas.setLineWidth(0.8)
                canvas.stroke()
            }
        }
    }

    func drawBlush(_ style: AvatarStyle, on canvas: Canvas) {
        for mirrored in [false, true] {
            mirror(mirrored, on: canvas) {
                canvas.ellipse(36.5, 67, 5.6, 2.5)
                canvas.setColor(AvatarColor(255, 96, 124), alpha: 0.55)
                canvas.fill()
                canvas.setColor(AvatarColor(226, 60, 90), alpha: 0.8)
                canvas.setLineWidth(0.6)
                for x in [34.0, 36.5, 39] {
                    canvas.move(x + 1, 65.6)
                    canvas.line(x - 0.4, 68.4)
                    canvas.stroke()
                }
            }
        }
    }

    func drawNoseAndMouth(_ style: AvatarStyle, on canvas: Canvas) {
        canvas.move(50.6, 64.8)
        canvas.line(49.8, 66.4)
        canvas.setColor(style.ink, alpha: 0.6)
        canvas.setLineWidth(0.8)
        canvas.stroke()

        let smile = style.attributes.has(.smile), open = style.attributes.has(.openMouth)
        let lip = AvatarColor(110, 40, 40)
        switch (smile, open) {
        case (true, true):
            // An open smile: flat top, round bottom, a tongue at the bottom.
            canvas.move(44.5, 71)
            canvas.line(55.5, 71)
            canvas.curve(55, 76, 52, 77.5, 50, 77.5)
            canvas.curve(48, 77.5, 45, 76, 44.5, 71)
            canvas.close()
            canvas.save()
            canvas.fill(AvatarColor(150, 32, 40), outline: lip, width: 0.8)
            canvas.restore()
            canvas.ellipse(50, 76.2, 3.4, 1.6)
            canvas.setColor(AvatarColor(240, 120, 130))
            canvas.fill()
        case (false, true):
            // Open but not smiling: a small round "o".
            canvas.ellipse(50, 73.5, 2.6, 3)
            canvas.fill(AvatarColor(150, 32, 40), outline: lip, width: 0.8)
        case (true, false):
            canvas.move(44.5, 71.2)
            canvas.quad(50, 76.5, 55.5, 71.2)
            canvas.setColor(lip)
            canvas.setLineWidth(1.3)
            canvas.stroke()
        case (false, false):
            // Neutral: a short straight line, wide enough to survive 64x64.
            canvas.move(46, 73)
            canvas.line(54, 73)
            canvas.setColor(lip)
            canvas.setLineWidth(1.5)
            canvas.stroke()
        }
    }
}
