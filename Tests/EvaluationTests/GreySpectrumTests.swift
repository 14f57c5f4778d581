import Foundation
import Testing
import Evaluation

/// The separable DFT against the direct O(S^4) sum, and the periodic energy shares against
/// patterns whose spectra are known by hand.
@Suite struct GreySpectrumTests {
    /// The direct sum F(u, v) = sum_y sum_x g(y, x) exp(-2 pi i (u y + v x) / S): the oracle.
    static func naiveTransform(_ grey: [Double], side: Int) -> (real: [Double], imaginary: [Double]) {
        var real = [Double](repeating: 0, count: side * side), imaginary = real
        for u in 0..<side {
            for v in 0..<side {
                for y in 0..<side {
                    for x in 0..<side {
                        let angle = -2 * Double.pi * Double(u * y + v * x) / Double(side)
                        real[u * side + v] += grey[y * side + x] * cos(angle)
                        imaginary[u * side + v] += grey[y * side + x] * sin(angle)
                    }
                }
            }
        }
        return (real, imaginary)
    }

    static func randomGrey(side: Int, seed: UInt64) -> [Double] {
        var rng = ReferenceLCG(seed: seed)
        return (0..<(side * side)).map { _ in Double(rng.next() >> 40) / Double(1 << 24) * 255 }
    }

    /// +1/-1 alternating in both directions: all its energy is at (S/2, S/2).
    static func checkerboard(side: Int) -> [Double] {
        (0..<(side * side)).map { ($0 / side + $0 % side) % 2 == 0 ? 1 : -1 }
    }

    /// Vertical stripes 2 pixels wide (1, 1, -1, -1, ...): energy at v = S/4 and 3S/4, u = 0 only.
    static func period4Stripes(side: Int) -> [Double] {
        (0..<(side * side)).map { ($0 % side) % 4 < 2 ? 1 : -1 }
    }

    @Test func separableTransformAgreesWithTheDirectSum() throws {
        let grey = Self.randomGrey(side: 8, seed: 11)
        let fast = try GreySpectrum(side: 8).transform(grey)
        let naive = Self.naiveTransform(grey, side: 8)
        let largest = zip(naive.real, naive.imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }.max()!
        #expect(largest > 100)
        for index in 0..<64 {
            #expect(abs(fast.real[index] - naive.real[index]) <= 1e-9 * largest, "real \(index)")
            #expect(abs(fast.imaginary[index] - naive.imaginary[index]) <= 1e-9 * largest, "imaginary \(index)")
        }
        // The sign convention matters for the imaginary part only: check one cell by hand.
        // For a single 1 at (y, x) = (0, 1), F(u, v) = exp(-2 pi i v / S), so Im F(0, 1) = -sin(pi / 4).
        var impulse = [Double](repeating: 0, count: 64)
        impulse[1] = 1
        let single = try GreySpectrum(side: 8).transform(impulse)
        #expect(abs(single.imaginary[1] + sin(Double.pi / 4)) < 1e-12)
        #expect(abs(single.real[1] - cos(Double.pi / 4)) < 1e-12)
    }

    @Test func powerSpectrumRemovesTheMeanAndKeepsParseval() throws {
        let grey = Self.randomGrey(side: 8, seed: 12)
        let power = try GreySpectrum(side: 8).powerSpectrum(grey)
        #expect(power[0] == 0)
        // Parseval: sum |F|^2 = S^2 sum (g - mean)^2.
        let mean = grey.reduce(0, +) / 64
        let energy = grey.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let total = power.reduce(0, +)
        #expect(abs(total - 64 * energy) <= 1e-9 * total)
    }

    @Test func checkerboardIsAllPeriodTwo() throws {
        for side in [8, 64] {
            let power = try GreySpectrum(side: side).powerSpectrum(Self.checkerboard(side: side))
            let shares = try PeriodicEnergyShares(powerSpectrum: power, side: side)
            #expect(abs(shares.period2 - 1) < 1e-12, "side \(side)")
            #expect(abs(try #require(shares.period4)) < 1e-12, "side \(side)")
        }
    }

    @Test func period4StripesAreAllPeriodFour() throws {
        for side in [8, 64] {
            let power = try GreySpectrum(side: side).powerSpectrum(Self.period4Stripes(side: side))
            let shares = try PeriodicEnergyShares(powerSpectrum: power, side: side)
            #expect(abs(try #require(shares.period4) - 1) < 1e-12, "side \(side)")
            #expect(abs(shares.period2) < 1e-12, "side \(side)")
        }
    }

    @Test func constantImageHasNoEnergyAndSharesZero() throws {
        let spectrum = try GreySpectrum(side: 64)
        let grey = [Double](repeating: 0.299 * 37 + 0.587 * 201 + 0.114 * 90, count: 64 * 64)
        let power = try spectrum.powerSpectrum(grey)
        #expect(power.allSatisfy { $0 == 0 })
        #expect(try PeriodicEnergyShares(powerSpectrum: power, side: 64) == PeriodicEnergyShares(period2: 0, period4: 0))
        // The same through the RGB path.
        let rgb = [UInt8]((0..<(64 * 64)).flatMap { _ in [UInt8(37), 201, 90] })
        let viaBytes = try rgb.withUnsafeBufferPointer { try spectrum.powerSpectrum(rgb: $0) }
        #expect(viaBytes.allSatisfy { $0 == 0 })
    }

    @Test func sharesIgnoreAddedConstantsAndScale() throws {
        let spectrum = try GreySpectrum(side: 16)
        let grey = Self.randomGrey(side: 16, seed: 13)
        let base = try PeriodicEnergyShares(powerSpectrum: spectrum.powerSpectrum(grey), side: 16)
        #expect(base.period2 > 0 && base.period2 < 1)
        for transformed in [grey.map { $0 + 37.5 }, grey.map { $0 * 3 - 100 }] {
            let shares = try PeriodicEnergyShares(powerSpectrum: spectrum.powerSpectrum(transformed), side: 16)
            #expect(abs(shares.period2 - base.period2) <= 1e-12 * base.period2)
            #expect(abs(try #require(shares.period4) - base.period4!) <= 1e-12 * base.period4!)
        }
    }

    /// The shares count each cell once: a hand-made spectrum with energy only where the period-2
    /// row and column cross, and on one plain cell.
    @Test func crossingCellsCountOnce() throws {
        var power = [Double](repeating: 0, count: 64)
        power[4 * 8 + 4] = 3      // u = v = S/2: on the period-2 row and column
        power[2 * 8 + 6] = 2      // u = S/4, v = 3S/4: on a period-4 row and column
        power[4 * 8 + 2] = 4      // u = S/2, v = S/4: period 2 and period 4
        power[1 * 8 + 1] = 1      // neither
        let shares = try PeriodicEnergyShares(powerSpectrum: power, side: 8)
        #expect(shares.period2 == 7.0 / 10)
        #expect(shares.period4 == 6.0 / 10)
    }

    @Test func anyEvenSideWorksAndOddSidesAreRefused() throws {
        // 6 is even but not a multiple of 4: period 2 is measured, period 4 has no bin.
        let power = try GreySpectrum(side: 6).powerSpectrum(Self.checkerboard(side: 6))
        let shares = try PeriodicEnergyShares(powerSpectrum: power, side: 6)
        #expect(abs(shares.period2 - 1) < 1e-12)
        #expect(shares.period4 == nil)
        let naive = Self.naiveTransform(Self.randomGrey(side: 6, seed: 3), side: 6)
        let fast = try GreySpectrum(side: 6).transform(Self.randomGrey(side: 6, seed: 3))
        for index in 0..<36 { #expect(abs(fast.real[index] - naive.real[index]) < 1e-9 * 255 * 36) }
        for side in [0, 1, 7, -2] {
            #expect(throws: EvaluationError.self, "\(side)") { try GreySpectrum(side: side) }
        }
        #expect(throws: EvaluationError.self) { try GreySpectrum(side: 8).transform([1, 2, 3]) }
    }

    @Test func greyLevelIsBT601LumaOnTheByteScale() throws {
        let rgb: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]
        let grey = try GreySpectrum(side: 2).greyLevels(rgb: rgb)
        let expected = [0.299 * 255, 0.587 * 255, 0.114 * 255, 0.299 * 10 + 0.587 * 20 + 0.114 * 30]
        for (value, want) in zip(grey, expected) { #expect(abs(value - want) < 1e-12) }
        #expect(throws: EvaluationError.self) { try GreySpectrum(side: 2).greyLevels(rgb: [1, 2, 3]) }
    }
}
