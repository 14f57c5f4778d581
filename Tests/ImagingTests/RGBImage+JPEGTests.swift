import Foundation
import Imaging
import Testing

@Test func jpegRoundTripIsCloseAtHighQuality() throws {
    // A smooth image: JPEG at quality 100 with 4:4:4 chroma stays within a few levels.
    var image = RGBImage(width: 16, height: 16, fill: .black)
    for y in 0..<16 {
        for x in 0..<16 {
            image[x, y] = RGBColor(red: UInt8(8 * x + 60), green: UInt8(8 * y + 40), blue: 120)
        }
    }
    let data = try image.jpegData(quality: 100)
    #expect(Array(data.prefix(3)) == [0xFF, 0xD8, 0xFF])
    let decoded = try RGBImage(decoding: data)
    #expect(decoded.width == 16 && decoded.height == 16)
    let largestError = zip(decoded.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
    #expect(largestError <= 3)
}

@Test func jpegOfAFlatColourKeepsTheColour() throws {
    let image = RGBImage(width: 8, height: 8, fill: RGBColor(red: 200, green: 30, blue: 90))
    let decoded = try RGBImage(jpegData: image.jpegData(quality: 90))
    for index in stride(from: 0, to: decoded.pixels.count, by: 3) {
        #expect(abs(Int(decoded.pixels[index]) - 200) <= 2)
        #expect(abs(Int(decoded.pixels[index + 1]) - 30) <= 2)
        #expect(abs(Int(decoded.pixels[index + 2]) - 90) <= 2)
    }
}

@Test func jpegQualityChangesSizeAndIsValidated() throws {
    let image = gradientImage(width: 24, height: 24)
    #expect(try image.jpegData(quality: 10).count < image.jpegData(quality: 100).count)
    #expect(throws: ImagingError.self) { try image.jpegData(quality: 0) }
    #expect(throws: ImagingError.self) { try image.jpegData(quality: 101) }
}

@Test func jpegTruncatedAndGarbageGiveTypedErrors() throws {
    let valid = try gradientImage(width: 16, height: 16).jpegData(quality: 90)
    for cut in [3, 20, valid.count / 2, valid.count - 2] {
        do {
            _ = try RGBImage(decoding: valid.prefix(cut), source: "cut.jpg")
            Issue.record("a JPEG cut to \(cut) of \(valid.count) bytes decoded")
        } catch let error as ImagingError {
            guard case .corrupt(source: "cut.jpg", format: .jpeg, _) = error else {
                Issue.record("unexpected error \(error)")
                continue
            }
        }
    }
    #expect(throws: ImagingError.empty(source: "memory")) { try RGBImage(jpegData: Data()) }
}
