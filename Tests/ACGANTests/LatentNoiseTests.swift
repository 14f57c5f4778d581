import ACGAN
import Foundation
import Testing
import Randomness

@Suite struct LatentNoiseTests {
    @Test func latentIsTheSeedsNormalDraws() {
        var rng = SplitMix64(seed: 77)
        let expected = (0..<6).map { _ in Float(rng.nextStandardNormal()) }
        #expect(LatentNoise.latent(seed: 77, size: 6) == expected)
        #expect(LatentNoise.latent(seed: 78, size: 6) != expected)
    }

    @Test func truncationRedrawsLargeComponents() {
        // Naive oracle: draw, and keep only values within the threshold.
        var rng = SplitMix64(seed: 3)
        var expected: [Float] = []
        while expected.count < 64 {
            let value = rng.nextStandardNormal()
            if abs(value) <= 0.5 { expected.append(Float(value)) }
        }
        let latent = LatentNoise.latent(seed: 3, size: 64, truncation: 0.5)
        #expect(latent == expected)
        #expect(latent.allSatisfy { abs($0) <= 0.5 })
    }

    @Test func truncationBelowTheMinimumIsATypedError() {
        for bad in [0, -1, 1e-30, 0.099, .nan, .infinity, -.infinity] as [Double] {
            #expect(throws: LatentNoiseError.self) { try LatentNoise.validate(truncation: bad) }
        }
        for good in [0.1, 0.7, 4, 100] as [Double] {
            #expect(throws: Never.self) { try LatentNoise.validate(truncation: good) }
        }
        let message = LatentNoiseError.invalidTruncation(0).description
        #expect(message.contains("0.1") && !message.contains("\n"))
    }

    @Test func anyThresholdReturnsAtOnce() {
        // Before the bound these looped forever (0, negative) or for ~10^30 draws (1e-30).
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for threshold in [0, -1, 1e-30, 1e-300] as [Double] {
                let latent = LatentNoise.latent(seed: 5, size: 128, truncation: threshold)
                #expect(latent.count == 128)
                #expect(latent.allSatisfy { abs(Double($0)) <= abs(threshold) * (1 + 1e-6) })
            }
        }
        #expect(elapsed < .seconds(5))
    }

    @Test func theDrawBoundNeverChangesAFaceAtTheMinimum() {
        // Oracle: the unbounded rejection loop. At the smallest allowed threshold the bound is
        // never reached, so seeds (share links, history) keep their faces.
        for seed in 0..<200 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            var expected: [Float] = []
            while expected.count < 32 {
                let value = rng.nextStandardNormal()
                if abs(value) <= LatentNoise.minimumTruncation { expected.append(Float(value)) }
            }
            #expect(LatentNoise.latent(seed: seed, size: 32, truncation: LatentNoise.minimumTruncation) == expected)
        }
    }

    @Test func slerpOfOrthogonalUnitVectors() {
        let halfway = LatentNoise.slerp(from: [1, 0], to: [0, 1], fraction: 0.5)
        #expect(abs(halfway[0] - Float(0.5.squareRoot())) < 1e-6)
        #expect(abs(halfway[1] - Float(0.5.squareRoot())) < 1e-6)
        // A third of the way turns 30 degrees.
        let third = LatentNoise.slerp(from: [2, 0], to: [0, 2], fraction: 1.0 / 3)
        #expect(abs(third[0] - 2 * Float(cos(Double.pi / 6))) < 1e-6)
        #expect(abs(third[1] - 2 * Float(sin(Double.pi / 6))) < 1e-6)
    }

    @Test func slerpEndsExactlyOnItsEnds() {
        let start = LatentNoise.latent(seed: 1, size: 16), end = LatentNoise.latent(seed: 2, size: 16)
        #expect(LatentNoise.slerp(from: start, to: end, fraction: 0) == start)
        #expect(LatentNoise.slerp(from: start, to: end, fraction: 1) == end)
    }

    @Test func slerpOfParallelVectorsIsAStraightLine() {
        let point = LatentNoise.slerp(from: [1, 2], to: [2, 4], fraction: 0.25)
        #expect(abs(point[0] - 1.25) < 1e-6 && abs(point[1] - 2.5) < 1e-6)
    }

    @Test func lerpBlendsConditions() {
        #expect(LatentNoise.lerp(from: [1, 0, 1], to: [0, 1, 1], fraction: 0.25) == [0.75, 0.25, 1])
    }
}
