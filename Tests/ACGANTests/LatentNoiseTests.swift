import ACGAN
import AnimeData
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
