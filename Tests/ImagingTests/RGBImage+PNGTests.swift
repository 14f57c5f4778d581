import Foundation
import Imaging
import Testing

/// A small image with distinct values everywhere: pixel (x, y) = (10x + y, 40 + 3y, 255 - 7x).
func gradientImage(width: Int, height: Int) -> RGBImage {
    var image = RGBImage(width: width, height: height, fill: .black)
    for y in 0..<height {
        for x in 0..<width {
            image[x, y] = RGBColor(red: UInt8(10 * x + y), green: UInt8(40 + 3 * y), blue: UInt8(255 - 7 * x))
        }
    }
    return image
}

@Test func pngRoundTripIsLossless() throws {
    let image = gradientImage(width: 7, height: 5)
    let data = try image.pngData()
    #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    #expect(try RGBImage(pngData: data) == image)
    #expect(try RGBImage(decoding: data) == image)
}

@Test func pngDecodesHandMadeRGB() throws {
    let data = HandMadePNG.make(width: 2, height: 1, bitDepth: 8, colorType: .rgb,
                                rows: [[1, 2, 3, 250, 251, 252]])
    let image = try RGBImage(pngData: data)
    #expect(image.width == 2 && image.height == 1)
    #expect(image.pixels == [1, 2, 3, 250, 251, 252])
}

@Test func pngGrayscaleAndPaletteBecomeRGB() throws {
    let gray = HandMadePNG.make(width: 3, height: 1, bitDepth: 8, colorType: .gray, rows: [[0, 128, 255]])
    #expect(try RGBImage(pngData: gray).pixels == [0, 0, 0, 128, 128, 128, 255, 255, 255])

    // 2-bit palette indices 2, 0, 1 packed into one byte: 0b10_00_01_00.
    let palette: [UInt8] = [10, 20, 30, 200, 100, 50, 7, 8, 9]
    let indexed = HandMadePNG.make(width: 3, height: 1, bitDepth: 2, colorType: .palette,
                                   rows: [[0b1000_0100]], palette: palette)
    #expect(try RGBImage(pngData: indexed).pixels == [7, 8, 9, 10, 20, 30, 200, 100, 50])
}

@Test func png16BitIsReducedToEightBits() throws {
    // 16-bit big-endian samples; 0xFFFF -> 255, 0x0000 -> 0, 0x8080 -> 128 (0x80 top byte).
    let data = HandMadePNG.make(width: 1, height: 2, bitDepth: 16, colorType: .rgb,
                                rows: [[0xFF, 0xFF, 0, 0, 0x80, 0x80], [0, 0, 0xFF, 0xFF, 0, 0]])
    let pixels = try RGBImage(pngData: data).pixels
    // Without gamma chunks the samples are read as sRGB, so 0x8080 / 257 = 128 exactly.
    #expect(pixels == [255, 0, 128, 0, 255, 0])
}

@Test func pngAlphaIsCompositedOntoWhite() throws {
    // Opaque red, fully transparent black, half-transparent black.
    let data = HandMadePNG.make(width: 3, height: 1, bitDepth: 8, colorType: .rgba,
                                rows: [[255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128]])
    let pixels = try RGBImage(pngData: data).pixels
    #expect(Array(pixels[0..<6]) == [255, 0, 0, 255, 255, 255])
    // Half-covered black on white: libpng composites in linear light. Alpha 128/255 leaves
    // linear 0.498 of white; sRGB-encoded, 1.055 * 0.498^(1/2.4) - 0.055 = 0.734 -> 187.
    #expect(abs(Int(pixels[6]) - 187) <= 1 && pixels[6] == pixels[7] && pixels[7] == pixels[8])
}

@Test func pngCorruptBytesGiveTypedErrors() throws {
    let valid = try gradientImage(width: 4, height: 4).pngData()
    #expect(throws: ImagingError.empty(source: "x.png")) { try RGBImage(pngData: Data(), source: "x.png") }
    #expect(throws: ImagingError.unknownFormat(source: "memory")) { try RGBImage(decoding: Data("hello".utf8)) }
    do {
        _ = try RGBImage(decoding: valid.prefix(valid.count - 20), source: "cut.png")
        Issue.record("a truncated PNG decoded")
    } catch let error as ImagingError {
        guard case let .corrupt(source, format, reason) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(source == "cut.png" && format == .png && !reason.isEmpty)
        #expect(error.description.contains("cut.png"))
    }
}
