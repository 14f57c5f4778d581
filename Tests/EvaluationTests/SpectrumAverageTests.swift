import Foundation
import Imaging
import Testing
import Evaluation

/// Averages over faces, the centred spectrum, the figure, and the report's ratios.
@Suite struct SpectrumAverageTests {
    /// An RGB face whose three channels all hold `levels` (so its grey level is `levels` too,
    /// as 0.299 + 0.587 + 0.114 = 1).
    static func face(_ levels: [Double]) -> [UInt8] {
        levels.flatMap { level in [UInt8](repeating: UInt8(level), count: 3) }
    }

    static func checkerboard(side: Int, low: Double = 60, high: Double = 180) -> [UInt8] {
        face(GreySpectrumTests.checkerboard(side: side).map { $0 > 0 ? high : low })
    }

    static func stripes(side: Int) -> [UInt8] {
        face(GreySpectrumTests.period4Stripes(side: side).map { $0 > 0 ? 200 : 20 })
    }

    static func flat(side: Int) -> [UInt8] { [UInt8](repeating: 77, count: side * side * 3) }

    @Test func meanSharesAreTheMeanOfEachFacesShares() throws {
        // Checkerboard (1, 0), stripes (0, 1), flat (0, 0): means (1/3, 1/3).
        let faces = [Self.checkerboard(side: 8), Self.stripes(side: 8), Self.flat(side: 8)]
        let average = try SpectrumAverage.measure(faces: faces, side: 8, threads: 1)
        #expect(average.count == 3)
        let shares = try #require(average.meanShares)
        #expect(abs(shares.period2 - 1.0 / 3) < 1e-12)
        #expect(abs(try #require(shares.period4) - 1.0 / 3) < 1e-12)
    }

    @Test func theResultDoesNotDependOnTheThreadCount() throws {
        // 150 faces: three chunks of 64, 64 and 22.
        let faces = (0..<150).map { TestImages.pattern(width: 16, height: 16, seed: UInt64($0)).bytes }
        let one = try SpectrumAverage.measure(faces: faces, side: 16, threads: 1)
        let three = try SpectrumAverage.measure(faces: faces, side: 16, threads: 3)
        #expect(one.meanShares == three.meanShares)
        #expect(one.meanAmplitude == three.meanAmplitude)
        // And it is the plain mean of the faces, added one by one.
        var sequential = try SpectrumAverage(side: 16)
        for face in faces { try sequential.add(rgb: face) }
        let expected = try #require(sequential.meanShares)
        let measured = try #require(one.meanShares)
        #expect(abs(measured.period2 - expected.period2) <= 1e-12 * expected.period2)
    }

    @Test func meanAmplitudeIsTheMeanOfModuliAndCentringMovesPeriodTwoToTheCorner() throws {
        // Checkerboards of contrast 120 and 40: amplitudes at (4, 4) of 60 * 64 and 20 * 64
        // (half the contrast times S^2), mean 40 * 64; nothing elsewhere.
        let faces = [Self.checkerboard(side: 8), Self.checkerboard(side: 8, low: 100, high: 140)]
        let average = try SpectrumAverage.measure(faces: faces, side: 8)
        let amplitude = average.meanAmplitude
        #expect(abs(amplitude[4 * 8 + 4] - 40 * 64) < 1e-9)
        #expect(amplitude.enumerated().filter { $0.offset != 36 }.allSatisfy { $0.element < 1e-9 })
        // fftshift: frequency S/2 goes to index 0 (top row, left column); zero frequency to the centre.
        let centred = average.centredMeanAmplitude
        #expect(abs(centred[0] - 40 * 64) < 1e-9)
        // Stripes of period 4: energy at (0, 2) and (0, 6) moves to (4, 6) and (4, 2).
        let stripes = try SpectrumAverage.measure(faces: [Self.stripes(side: 8)], side: 8).centredMeanAmplitude
        let bright = stripes.indices.filter { stripes[$0] > 1 }
        #expect(bright == [4 * 8 + 2, 4 * 8 + 6])
    }

    @Test func figureShowsBothSpectraSideBySideOnOneScale() throws {
        // Checkerboard of +-100: one cell of amplitude 100 * 256. Stripes of +-90 with period 4:
        // two cells of amplitude 90 * 256 / sqrt(2) (a period of (1, 1, -1, -1) sums to 2 - 2i
        // at frequency S/4).
        let generated = try SpectrumAverage.measure(faces: [Self.checkerboard(side: 16, low: 20, high: 220)], side: 16)
        let real = try SpectrumAverage.measure(faces: [Self.stripes(side: 16)], side: 16)
        let figure = try SpectrumAverage.amplitudeFigure(generated: generated, real: real)
        let image = try RGBImage(pngData: figure.pngData)
        // Two 256-pixel panels (16 cells enlarged 16 times) with 8-pixel margins.
        #expect(image.width == 2 * 256 + 3 * 8 && image.height == 256 + 2 * 8)
        // Left panel: the checkerboard's only cell, frequency (8, 8), is the top-left 16x16 block,
        // white as the largest amplitude of both panels; its neighbour is black.
        let white = RGBColor(red: 255, green: 255, blue: 255), black = RGBColor(red: 0, green: 0, blue: 0)
        #expect(image[8, 8] == white && image[8 + 15, 8 + 15] == white)
        #expect(image[8 + 16, 8] == black)
        // Right panel, same scale: the stripes' cells at centred (row 8, columns 4 and 12).
        let right = 8 + 256 + 8
        let expected = (log10(90.0 * 256 / 2.0.squareRoot()) - log10(100.0 * 256) + 4) / 4 * 255
        for column in [4, 12] {
            let level = Double(image[right + column * 16 + 7, 8 + 8 * 16 + 7].red)
            #expect(abs(level - expected) <= 1, "\(level) vs \(expected)")
        }
        #expect(image[right + 5 * 16, 8 + 8 * 16] == black)
        #expect(figure.caption.contains("period 2") && figure.caption.contains("period 4"))
        #expect(throws: EvaluationError.self) {
            try SpectrumAverage.amplitudeFigure(generated: generated, real: try SpectrumAverage(side: 8))
        }
    }

    @Test func reportRatiosAreGeneratedOverReal() throws {
        let report = SpectralArtefactReport(side: 64, generatedCount: 10, realCount: 20,
                                            generated: PeriodicEnergyShares(period2: 0.09, period4: 0.03),
                                            real: PeriodicEnergyShares(period2: 0.01, period4: 0.02))
        #expect(abs(try #require(report.period2Ratio) - 9) < 1e-12)
        #expect(abs(try #require(report.period4Ratio) - 1.5) < 1e-12)
        #expect(report.ratioTarget == 1.5)
        let noRealEnergy = SpectralArtefactReport(side: 6, generatedCount: 1, realCount: 1,
                                                  generated: PeriodicEnergyShares(period2: 0.5, period4: nil),
                                                  real: PeriodicEnergyShares(period2: 0, period4: nil))
        #expect(noRealEnergy.period2Ratio == nil && noRealEnergy.period4Ratio == nil)
        // From two measured sets.
        let measured = try SpectralArtefactReport(
            generated: try SpectrumAverage.measure(faces: [Self.checkerboard(side: 8), Self.flat(side: 8)], side: 8),
            real: try SpectrumAverage.measure(faces: [Self.checkerboard(side: 8), Self.stripes(side: 8),
                                                      Self.stripes(side: 8), Self.stripes(side: 8)], side: 8))
        #expect(measured.generatedCount == 2 && measured.realCount == 4)
        #expect(abs(try #require(measured.period2Ratio) - (0.5 / 0.25)) < 1e-12)
        #expect(abs(try #require(measured.period4Ratio)) < 1e-12)
        #expect(throws: EvaluationError.self) {
            try SpectralArtefactReport(generated: try SpectrumAverage(side: 8),
                                       real: try SpectrumAverage.measure(faces: [Self.flat(side: 8)], side: 8))
        }
    }
}
