import Foundation
import Imaging
import Testing
import Evaluation

/// The RGBImage entry points agree with the byte-buffer ones.
@Suite struct EvaluationRGBImageTests {
    let first = TestImages.pattern(width: 32, height: 32, seed: 1)
    let second = TestImages.noisy(TestImages.pattern(width: 32, height: 32, seed: 1), seed: 3, amplitude: 30)

    func rgb(_ image: TestImage) -> RGBImage { RGBImage(width: image.width, height: image.height, pixels: image.bytes) }

    @Test func msssimOnImagesEqualsBytes() throws {
        let metric = MultiScaleSSIM()
        #expect(try metric.score(rgb(first), rgb(second))
                == metric.score(first.bytes, second.bytes, width: 32, height: 32))
        let images = [first, second, TestImages.blocks(width: 32, height: 32, seed: 4)]
        #expect(try metric.meanPairwiseMSSSIM(images: images.map(rgb), pairs: 10, seed: 2)
                == metric.meanPairwiseMSSSIM(images: images.map(\.bytes), width: 32, height: 32, pairs: 10, seed: 2))
        let small = RGBImage(width: 16, height: 32, fill: .white)
        #expect(throws: EvaluationError.imageShapesDiffer(first: "32x32", second: "16x32")) {
            try metric.score(rgb(first), small)
        }
    }
}
