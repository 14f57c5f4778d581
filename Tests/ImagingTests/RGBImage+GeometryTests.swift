import Imaging
import Testing

@Test func centerCropTakesTheMiddleRoundingDown() throws {
    let image = gradientImage(width: 5, height: 4)
    let crop = try image.centerCropped(width: 2, height: 2)
    // Offsets (5 - 2) / 2 = 1 and (4 - 2) / 2 = 1.
    #expect(crop[0, 0] == image[1, 1])
    #expect(crop[1, 1] == image[2, 2])
    #expect(image.centerCroppedToSquare() == (try image.centerCropped(width: 4, height: 4)))
    #expect(throws: ImagingError.self) { try image.centerCropped(width: 6, height: 1) }
}

@Test func horizontalFlipMirrorsColumns() {
    let image = gradientImage(width: 3, height: 2)
    let flipped = image.horizontallyFlipped()
    for y in 0..<2 {
        for x in 0..<3 {
            #expect(flipped[x, y] == image[2 - x, y])
        }
    }
    #expect(flipped.horizontallyFlipped() == image)
}
