import Testing
import Evaluation

/// Mean pairwise MS-SSIM against the pairwise scores it averages.
@Suite struct MultiScaleSSIMDiversityTests {
    let images = [
        TestImages.pattern(width: 32, height: 32, seed: 1).bytes,
        TestImages.noisy(TestImages.pattern(width: 32, height: 32, seed: 1), seed: 2, amplitude: 40).bytes,
        TestImages.blocks(width: 32, height: 32, seed: 3).bytes,
        TestImages.noisy(TestImages.blocks(width: 32, height: 32, seed: 3), seed: 4, amplitude: 20).bytes,
    ]

    @Test func averagesTheDrawnPairs() throws {
        let metric = MultiScaleSSIM()
        let pairs = MultiScaleSSIM.randomPairs(count: images.count, pairs: 30, seed: 7)
        #expect(pairs.count == 30)
        #expect(pairs.allSatisfy { $0.0 != $0.1 && (0..<4).contains($0.0) && (0..<4).contains($0.1) })
        var total = 0.0
        for (first, second) in pairs {
            total += try metric.score(images[first], images[second], width: 32, height: 32)
        }
        let mean = try metric.meanPairwiseMSSSIM(images: images, width: 32, height: 32, pairs: 30, seed: 7)
        #expect(abs(mean - total / 30) < 1e-12)
        // Reproducible with the seed, and the seed matters.
        #expect(try metric.meanPairwiseMSSSIM(images: images, width: 32, height: 32, pairs: 30, seed: 7) == mean)
        #expect(MultiScaleSSIM.randomPairs(count: 4, pairs: 30, seed: 8).map { [$0.0, $0.1] }
                != pairs.map { [$0.0, $0.1] })
    }

    @Test func twoImagesAlwaysFormTheSamePair() throws {
        let metric = MultiScaleSSIM()
        let mean = try metric.meanPairwiseMSSSIM(images: Array(images[0..<2]), width: 32, height: 32, pairs: 5, seed: 1)
        let single = try metric.score(images[0], images[1], width: 32, height: 32)
        #expect(abs(mean - single) < 1e-12)
        #expect(throws: EvaluationError.tooFewSamples(name: "images for pairwise MS-SSIM", count: 1, minimum: 2)) {
            try metric.meanPairwiseMSSSIM(images: [images[0]], width: 32, height: 32, seed: 1)
        }
    }
}
