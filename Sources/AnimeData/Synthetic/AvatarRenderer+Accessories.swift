import Graphics

/// Accessories: glasses over the eyes, a ribbon bow at the side of the head, a hat on top.
extension AvatarRenderer {
    func drawGlasses(_ style: AvatarStyle, on canvas: Canvas) {
        let frame = style.nuisance.glassesColor
        for mirrored in [false, true] {
            mirror(mirrored, on: canvas) {
                roundedRectangle(x: 31.5, y: 50.5, width: 16, height: 15, radius: 4, on: canvas)
                canvas.setColor(AvatarColor(235, 245, 255), alpha: 0.2)
                canvas.fillPreserve()
                canvas.setColor(frame)
                canvas.setLineWidth(1.7)
                canvas.stroke()
                canvas.move(31.5, 55)
                canvas.line(25, 54)
                canvas.stroke()
            }
        }
        canvas.move(47.5, 56)
        canvas.quad(50, 54.5, 52.5, 56)
        canvas.setColor(frame)
        canvas.setLineWidth(1.5)
        canvas.stroke()
    }

    func drawRibbon(_ style: AvatarStyle, on canvas: Canvas) {
        let color = style.nuisance.ribbonColor
        let outline = color.darker(0.55)
        canvas.save()
        canvas.translate(73, 31)
        canvas.rotate(0.35)
        // Two tails, two loops, a knot.
        canvas.move(-1, 1)
        canvas.line(-5, 9)
        canvas.line(-2, 8.5)
        canvas.line(0.5, 2)
        canvas.line(3, 8.5)
        canvas.line(6, 9)
        canvas.line(1, 1)
        canvas.close()
        canvas.fill(color.darker(0.15), outline: outline, width: 0.8)
        for side in [-1.0, 1.0] {
            canvas.move(0, 0)
            canvas.curve(side * 3, -6, side * 10, -7, side * 10, -1)
            canvas.curve(side * 10, 4, side * 4, 4, 0, 0)
            canvas.close()
            canvas.fill(color, outline: outline, width: 0.9)
        }
        canvas.ellipse(0, 0, 2.2, 2.2)
        canvas.fill(color.darker(0.1), outline: outline, width: 0.8)
        canvas.restore()
    }

    func drawHat(_ style: AvatarStyle, on canvas: Canvas) {
        let color = style.nuisance.hatColor
        let outline = color.darker(0.6).mixed(with: style.ink, amount: 0.3)
        // Brim: a wide flat ellipse; crown: a dome standing on it; a band in contrast. The
        // whole hat sits a little low so that it reads as worn, not floating above the hair.
        canvas.save()
        canvas.translate(0, 3)
        canvas.ellipse(50, 22, 35, 7.5)
        canvas.fill(color, outline: outline, width: style.line)
        canvas.move(30, 22)
        canvas.curve(29, 1, 71, 1, 70, 22)
        canvas.quad(50, 26, 30, 22)
        canvas.close()
        canvas.fill(color.lighter(0.08), outline: outline, width: style.line)
        let band = color.red + color.green + color.blue > 1.8 ? AvatarColor(150, 30, 40)
                                                               : color.lighter(0.55)
        canvas.move(30.2, 19)
        canvas.quad(50, 23, 69.8, 19)
        canvas.setColor(band)
        canvas.setLineWidth(3)
        canvas.stroke()
        canvas.restore()
    }

    private func roundedRectangle(x: Double, y: Double, width: Double, height: Double,
                                  radius: Double, on canvas: Canvas) {
        canvas.move(x + radius, y)
        canvas.line(x + width - radius, y)
        canvas.quad(x + width, y, x + width, y + radius)
        canvas.line(x + width, y + height - radius)
        canvas.quad(x + width, y + height, x + width - radius, y + height)
        canvas.line(x + radius, y + height)
        canvas.quad(x, y + height, x, y + height - radius)
        canvas.line(x, y + radius)
        canvas.quad(x, y, x + radius, y)
        canvas.close()
    }
}
