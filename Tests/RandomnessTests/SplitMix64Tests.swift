import Foundation
import Randomness
import Testing

/// SplitMix64 decides every seed, share link, data order and synthetic avatar: its outputs are
/// pinned here against `Scripts/randomness_reference.py` (the published algorithm in Python
/// integers), so any change to it fails.
@Suite struct SplitMix64Tests {
    /// The published SplitMix64 reference outputs for seed 0 (Vigna's splitmix64.c).
    @Test func matchesSplitMix64ReferenceOutputs() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func pinnedOutputsOfEverySeeding() {
        var plain = SplitMix64(seed: 12345)
        #expect((0..<4).map { _ in plain.next() }
                == [0x2211_8258_A9D1_11A0, 0x346E_DCE5_F713_F8ED, 0x1E9A_57BC_80E6_721D, 0x2D16_0E7E_5C3F_42CA])
        var indexed = SplitMix64(seed: 7, index: 3)
        #expect((0..<3).map { _ in indexed.next() }
                == [0x80DA_0DFB_CA48_FE5C, 0x22C9_2362_7D94_04AE, 0xE383_01C5_A3F7_9ABA])
        var stream = SplitMix64(seed: 7, stream: 2)
        #expect((0..<3).map { _ in stream.next() }
                == [0xB434_B225_E96A_3B06, 0x7348_A912_F559_2473, 0x6DE6_E1D0_B019_C164])
        var normals = SplitMix64(seed: 99)
        for expected in [0.7633314164679424, 1.5187363213683973, 0.05874094524047746] {
            #expect(abs(normals.nextStandardNormal() - expected) < 1e-12)
        }
    }

    @Test func unitIntervalUsesTheTop53Bits() {
        var rng = SplitMix64(seed: 0)
        let expected = Double(UInt64(0xE220_A839_7B1D_CDAF) >> 11) / 9_007_199_254_740_992
        #expect(rng.nextUnit() == expected)
    }

    @Test func boxMullerFromTheFirstTwoUniforms() {
        var uniforms = SplitMix64(seed: 5)
        let u1 = uniforms.nextUnit(), u2 = uniforms.nextUnit()
        var rng = SplitMix64(seed: 5)
        let expected = (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
        #expect(rng.nextStandardNormal() == expected)
    }

    @Test func normalDrawsHaveMeanZeroAndVarianceOne() {
        var rng = SplitMix64(seed: 2024)
        let count = 40_000
        var sum = 0.0, sumOfSquares = 0.0
        for _ in 0..<count {
            let value = rng.nextStandardNormal()
            sum += value
            sumOfSquares += value * value
        }
        let mean = sum / Double(count)
        let variance = sumOfSquares / Double(count) - mean * mean
        // Standard errors: 1/sqrt(n) = 0.005 for the mean, sqrt(2/n) = 0.007 for the variance.
        #expect(abs(mean) < 0.025)
        #expect(abs(variance - 1) < 0.035)
    }

    @Test func indexedStreamsAreStableAndDistinct() {
        var first = SplitMix64(seed: 42, index: 7), again = SplitMix64(seed: 42, index: 7)
        var neighbour = SplitMix64(seed: 42, index: 8), otherSeed = SplitMix64(seed: 43, index: 7)
        let a = (0..<4).map { _ in first.next() }
        #expect(a == (0..<4).map { _ in again.next() })
        #expect(a != (0..<4).map { _ in neighbour.next() })
        #expect(a != (0..<4).map { _ in otherSeed.next() })
    }

    @Test func drawsStayInRangeAndFollowWeights() {
        var rng = SplitMix64(seed: 1)
        var counts = [0, 0, 0]
        for _ in 0..<30_000 {
            let unit = rng.nextUnit()
            #expect(unit >= 0 && unit < 1)
            counts[rng.weightedIndex([0.5, 0.3, 0.2])] += 1
        }
        // Expected 15000/9000/6000; binomial standard deviations are below 90, allow 5 of them.
        #expect(abs(counts[0] - 15_000) < 450)
        #expect(abs(counts[1] - 9_000) < 450)
        #expect(abs(counts[2] - 6_000) < 450)
        #expect((0..<1000).allSatisfy { _ in (0..<5).contains(rng.index(below: 5)) })
    }
}
