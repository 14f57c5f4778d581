import AnimeData
import Foundation
import Studio
import Testing

@Suite struct SplitMix64Tests {
    /// The published SplitMix64 reference outputs for seed 0 (Vigna's splitmix64.c).
    @Test func matchesSplitMix64ReferenceOutputs() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func unitIntervalUsesTheTop53Bits() {
        var generator = SplitMix64(seed: 0)
        let expected = Double(UInt64(0xE220_A839_7B1D_CDAF) >> 11) / 9_007_199_254_740_992
        #expect(generator.nextUnit() == expected)
    }

    @Test func boxMullerFromTheFirstTwoUniforms() {
        var uniforms = SplitMix64(seed: 5)
        let u1 = uniforms.nextUnit(), u2 = uniforms.nextUnit()
        var generator = SplitMix64(seed: 5)
        let expected = (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
        #expect(generator.nextStandardNormal() == expected)
    }

    @Test func normalDrawsHaveMeanZeroAndVarianceOne() {
        var generator = SplitMix64(seed: 2024)
        let count = 40_000
        var sum = 0.0, sumOfSquares = 0.0
        for _ in 0..<count {
            let value = generator.nextStandardNormal()
            sum += value
            sumOfSquares += value * value
        }
        let mean = sum / Double(count)
        let variance = sumOfSquares / Double(count) - mean * mean
        // Standard errors: 1/sqrt(n) = 0.005 for the mean, sqrt(2/n) = 0.007 for the variance.
        #expect(abs(mean) < 0.025)
        #expect(abs(variance - 1) < 0.035)
    }
}
