import Graphics
import Imaging
import Testing

/// The canvas paints known pixels: rectangles on pixel edges are exact, lines cover the pixels
/// they cross, dashes leave gaps, clips and gaps in polylines hold, and text never breaks the
/// shapes drawn after it.
@Suite struct CanvasTests {
    static let white = Color(255, 255, 255)

    /// A `width` x `height` canvas painted white.
    static func blank(width: Int = 16, height: Int = 12) throws -> Canvas {
        let canvas = try #require(Canvas(width: width, height: height))
        canvas.fillRectangle(x: 0, y: 0, width: Double(width), height: Double(height), color: white)
        return canvas
    }

    static func rgb(_ image: RGBImage, _ x: Int, _ y: Int) -> [UInt8] {
        let pixel = image[x, y]
        return [pixel.red, pixel.green, pixel.blue]
    }

    @Test func aNewCanvasIsBlackAndSizesOutsideCairosAreRefused() throws {
        let canvas = try #require(Canvas(width: 3, height: 2))
        #expect(canvas.rgbBytes() == [UInt8](repeating: 0, count: 3 * 2 * 3))
        #expect(Canvas(width: 0, height: 5) == nil)
        #expect(Canvas(width: 5, height: -1) == nil)
        #expect(Canvas(width: 40_000, height: 5) == nil)
    }

    @Test func aFilledRectangleOnPixelEdgesHasExactlyItsColour() throws {
        let canvas = try Self.blank()
        canvas.fillRectangle(x: 2, y: 3, width: 4, height: 5, color: Color(200, 30, 7))
        let image = canvas.image()
        #expect(image.width == 16 && image.height == 12)
        for y in 0..<12 {
            for x in 0..<16 {
                let inside = (2..<6).contains(x) && (3..<8).contains(y)
                #expect(Self.rgb(image, x, y) == (inside ? [200, 30, 7] : [255, 255, 255]), "(\(x), \(y))")
            }
        }
        // rgbBytes is the same pixels, red first, row by row.
        #expect(canvas.rgbBytes() == image.pixels)
        #expect(Array(canvas.rgbBytes()[((3 * 16) + 2) * 3..<((3 * 16) + 3) * 3]) == [200, 30, 7])
    }

    @Test func halfTransparentBlackOverWhiteIsMidGrey() throws {
        let canvas = try Self.blank()
        canvas.fillRectangle(x: 0, y: 0, width: 16, height: 12, color: Color(0, 0, 0), alpha: 0.5)
        let value = canvas.image()[5, 5].red
        #expect((127...128).contains(value))
    }

    @Test func aLineCoversThePixelsItCrosses() throws {
        let canvas = try Self.blank()
        // A 1-pixel line along the middle of row 4, from x = 2 to 12 (round caps add 0.5 at the ends).
        canvas.line(from: (2, 4.5), to: (12, 4.5), color: Color(0, 0, 255), lineWidth: 1)
        let image = canvas.image()
        for x in 2..<12 { #expect(Self.rgb(image, x, 4) == [0, 0, 255], "x \(x)") }
        for x in 0..<16 {
            #expect(Self.rgb(image, x, 3) == [255, 255, 255] && Self.rgb(image, x, 5) == [255, 255, 255])
        }
        #expect(Self.rgb(image, 0, 4) == [255, 255, 255] && Self.rgb(image, 13, 4) == [255, 255, 255])
        // The caps half-cover the pixels at either end.
        #expect((100...200).contains(image[1, 4].red) && image[1, 4].blue == 255)
    }

    @Test func aDashedLineIsFourOnFourOff() throws {
        let canvas = try Self.blank(width: 32, height: 4)
        canvas.line(from: (0, 1.5), to: (32, 1.5), color: Color(0, 0, 0), lineWidth: 1, dashed: true)
        let image = canvas.image()
        // Dashes on [0, 4), [8, 12), ...; the round caps reach 0.5 into the gaps.
        for x in [0, 1, 2, 3, 9, 10, 17, 26] { #expect(Self.rgb(image, x, 1) == [0, 0, 0], "x \(x)") }
        for x in [5, 6, 13, 14, 21, 22, 29, 30] { #expect(Self.rgb(image, x, 1) == [255, 255, 255], "x \(x)") }
        // The dash is gone afterwards: the next line is solid.
        canvas.line(from: (0, 2.5), to: (32, 2.5), color: Color(0, 0, 0), lineWidth: 1)
        #expect((0..<32).allSatisfy { canvas.image()[$0, 2].red == 0 })
    }

    @Test func polylinesLiftThePenAtGapsAndStayInsideTheirClip() throws {
        let canvas = try Self.blank(width: 20, height: 6)
        let points: [(x: Double, y: Double)?] = [(1, 2.5), (4, 2.5), nil, (9, 2.5), (12, 2.5), (.nan, 2.5), (16, 2.5), (19, 2.5)]
        canvas.polyline(points, color: Color(255, 0, 0), lineWidth: 1, clip: (x: 0, y: 0, width: 18, height: 6))
        let image = canvas.image()
        for x in [1, 2, 3, 9, 10, 11, 16] { #expect(Self.rgb(image, x, 2) == [255, 0, 0], "x \(x)") }
        // Gaps: 5...7 (nil) and 13...15 (NaN); right of the clip edge at 18 nothing.
        for x in [6, 7, 14, 18, 19] { #expect(Self.rgb(image, x, 2) == [255, 255, 255], "x \(x)") }
    }

    @Test func dotsAreFilledCircles() throws {
        let canvas = try Self.blank(width: 20, height: 20)
        canvas.dots([(x: 10, y: 10), (x: .infinity, y: 3)], radius: 4, color: Color(0, 128, 0),
                    clip: (x: 0, y: 0, width: 20, height: 20))
        let image = canvas.image()
        // Pixels whose square lies inside the circle are full green; the corners of its box are not touched.
        for (x, y) in [(10, 10), (9, 9), (7, 9), (12, 10), (9, 12)] { #expect(Self.rgb(image, x, y) == [0, 128, 0]) }
        for (x, y) in [(6, 6), (13, 13), (6, 13), (13, 6), (15, 10)] { #expect(Self.rgb(image, x, y) == [255, 255, 255]) }
    }

    @Test func scaledDesignUnitsAndPathsFill() throws {
        let canvas = try Self.blank(width: 40, height: 40)
        canvas.save()
        canvas.scale(0.4, 0.4)   // a 100 x 100 design space
        canvas.setColor(Color(0, 0, 0))
        canvas.rectangle(0, 0, 50, 100)   // the left half
        canvas.fill()
        canvas.move(50, 0)
        canvas.line(100, 0)
        canvas.line(100, 50)
        canvas.close()   // a triangle in the top right quarter, over the diagonal
        canvas.fill(Color(255, 0, 0), outline: Color(255, 0, 0), width: 0.1)
        canvas.restore()
        let image = canvas.image()
        #expect(Self.rgb(image, 0, 39) == [0, 0, 0] && Self.rgb(image, 19, 20) == [0, 0, 0])
        #expect(Self.rgb(image, 20, 20) == [255, 255, 255])
        #expect(Self.rgb(image, 38, 1) == [255, 0, 0] && Self.rgb(image, 21, 18) == [255, 255, 255])
        // After restore the units are pixels again.
        canvas.fillRectangle(x: 39, y: 39, width: 1, height: 1, color: Color(0, 0, 255))
        #expect(Self.rgb(canvas.image(), 39, 39) == [0, 0, 255])
    }

    @Test func ellipsesAndGradients() throws {
        let canvas = try Self.blank(width: 20, height: 20)
        canvas.setVerticalGradient(fromY: 0, top: Color(0, 0, 0), toY: 20, bottom: Color(255, 255, 255))
        canvas.paint()
        let gradient = canvas.image()
        #expect(gradient[3, 0].red < 10 && gradient[3, 19].red > 245)
        #expect(abs(Int(gradient[3, 10].red) - 134) <= 3)   // (10.5 / 20) of the way
        canvas.setColor(Color(255, 0, 0))
        canvas.ellipse(10, 10, 8, 3)
        canvas.fill()
        let image = canvas.image()
        #expect(Self.rgb(image, 4, 10) == [255, 0, 0] && Self.rgb(image, 15, 9) == [255, 0, 0])
        #expect(Self.rgb(image, 10, 5) != [255, 0, 0] && Self.rgb(image, 10, 14) != [255, 0, 0])
    }

    @Test func quadraticCurvesEndWhereTheyShould() throws {
        let canvas = try Self.blank(width: 20, height: 20)
        canvas.setColor(Color(0, 0, 0))
        canvas.setLineWidth(2)
        canvas.move(2, 18)
        canvas.quad(10, -14, 18, 18)   // apex at y = (18 + 2 * -14 + 18) / 4 = 2
        canvas.stroke()
        let image = canvas.image()
        #expect(image[10, 2].red < 60 && image[10, 0].red == 255 && image[10, 5].red == 255)
    }

    @Test func textIsDrawnOnItsOwnAndNeverBreaksTheShapesAfterIt() throws {
        let canvas = try Self.blank(width: 80, height: 30)
        let width = canvas.text("Hg 42", x: 4, y: 20, size: 14, color: Color(0, 0, 0))
        #expect(width == canvas.textWidth("Hg 42", size: 14))
        #expect(canvas.text("", x: 4, y: 20, size: 14, color: Color(0, 0, 0)) == 0)
        let inked = canvas.image().pixels.contains { $0 < 128 }
        // With a font, the glyphs leave dark pixels; without one (a bare container), nothing.
        #expect(inked == (width > 0))
        canvas.fillRectangle(x: 70, y: 20, width: 5, height: 5, color: Color(0, 255, 0))
        #expect(Self.rgb(canvas.image(), 72, 22) == [0, 255, 0])
    }
}
