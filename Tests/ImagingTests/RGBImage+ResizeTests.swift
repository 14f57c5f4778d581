import Imaging
import Testing

/// A one-row gray image from values (R = G = B).
func grayRow(_ values: [UInt8]) -> RGBImage {
    RGBImage(width: values.count, height: 1, pixels: values.flatMap { [$0, $0, $0] })
}

/// The red channel of every pixel.
func reds(_ image: RGBImage) -> [UInt8] {
    stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] }
}

@Test func areaDownscaleByTwoAveragesPairs() {
    let image = grayRow([10, 20, 100, 200])
    #expect(reds(image.resized(width: 2, height: 1)) == [15, 150])
}

@Test func areaDownscaleByANonIntegerFactorWeighsPartialPixels() {
    // 3 -> 2: output 0 covers source [0, 1.5) = 1 * p0 + 0.5 * p1, over 1.5.
    // (0 + 45) / 1.5 = 30 and (45 + 180) / 1.5 = 150.
    let image = grayRow([0, 90, 180])
    #expect(reds(image.resized(width: 2, height: 1)) == [30, 150])
    // 96 -> 64 keeps the mean of a random image (area filters preserve the integral).
    var state: UInt32 = 12_345
    let values = (0..<96).map { _ -> UInt8 in state = state &* 1_664_525 &+ 1_013_904_223; return UInt8(state >> 24) }
    let small = grayRow(values).resized(width: 64, height: 1)
    let meanBefore = Double(values.map(Int.init).reduce(0, +)) / 96
    let meanAfter = Double(reds(small).map(Int.init).reduce(0, +)) / 64
    #expect(abs(meanBefore - meanAfter) < 0.5)
}

@Test func areaDownscaleInTwoDimensionsMatchesBlockMeans() {
    // 4x4 -> 2x2: each output is the mean of a 2x2 block, rounded to nearest.
    let values: [UInt8] = [0, 4, 8, 12,
                           16, 20, 24, 28,
                           100, 101, 200, 201,
                           102, 103, 202, 203]
    let image = RGBImage(width: 4, height: 4, pixels: values.flatMap { [$0, 255 - $0, 7] })
    let small = image.resized(width: 2, height: 2)
    #expect(reds(small) == [10, 18, 102, 202])
    #expect(small.pixels[1] == 245 && small.pixels[2] == 7)
}

@Test func bilinearUpscaleUsesHalfPixelCentres() {
    // 2 -> 4 with align_corners=False: source positions -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    #expect(reds(grayRow([0, 100]).resized(width: 4, height: 1)) == [0, 25, 75, 100])
    // 1 -> 3 replicates.
    #expect(reds(grayRow([42]).resized(width: 3, height: 1)) == [42, 42, 42])
}

@Test func resizeMixesFiltersPerAxisAndKeepsSameSize() {
    let image = gradientImage(width: 5, height: 3)
    #expect(image.resized(width: 5, height: 3) == image)
    // Upscale rows 1 -> 2 (replicate) while shrinking columns 4 -> 2 (pair means).
    let wide = grayRow([10, 30, 50, 70]).resized(width: 2, height: 2)
    #expect(reds(wide) == [20, 60, 20, 60])
}
