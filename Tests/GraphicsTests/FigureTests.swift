import Foundation
import Graphics
import Imaging
import Testing

@Suite struct FigureTests {
    @Test func figuresArePNGsWithADataURI() throws {
        let image = RGBImage(width: 3, height: 2, pixels: (0..<18).map { UInt8($0 * 14) })
        let figure = try Figure(image: image, caption: "face")
        #expect(Array(figure.pngData.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(try RGBImage(pngData: figure.pngData) == image)
        #expect(figure.dataURI == "data:image/png;base64," + figure.pngData.base64EncodedString())
        #expect(figure.dataURI.hasPrefix("data:image/png;base64,iVBORw0KGgo"))
        #expect(figure.caption == "face")
    }
}
