import Foundation
import Testing
import Evaluation

/// MS-SSIM against Scripts/msssim_reference.py (independent 2-D scipy implementation).
@Suite struct MultiScaleSSIMTests {
    @Test func matchesReferenceScript() throws {
        let fixture = try loadFixture("msssim_golden")
        let cases = fixture["cases"] as! [[String: Any]]
        #expect(cases.count == 6)
        let metric = MultiScaleSSIM()
        for testCase in cases {
            let name = testCase["name"] as! String
            let first = TestImages.make(testCase["first"] as! [String: Any])
            let second = TestImages.make(testCase["second"] as! [String: Any])
            let result = try metric.evaluate(first.bytes, second.bytes,
                                             width: first.width, height: first.height)
            let expected = (testCase["msssim"] as! NSNumber).doubleValue
            #expect(abs(result.value - expected) < 1e-4, "\(name): \(result.value) vs \(expected)")
            let ssims = (testCase["ssimPerScale"] as! [NSNumber]).map(\.doubleValue)
            let css = (testCase["csPerScale"] as! [NSNumber]).map(\.doubleValue)
            for scale in 0..<5 {
                #expect(abs(result.ssimPerScale[scale] - ssims[scale]) < 1e-6, "\(name) ssim scale \(scale)")
                #expect(abs(result.contrastStructurePerScale[scale] - css[scale]) < 1e-6,
                        "\(name) cs scale \(scale)")
            }
        }
    }

    @Test func negativeCoarseScalesAreClippedToZero() throws {
        let image = TestImages.blocks(width: 64, height: 64, seed: 2)
        let inverted = image.bytes.map { 255 - $0 }
        let result = try MultiScaleSSIM().evaluate(image.bytes, inverted, width: 64, height: 64)
        #expect(result.contrastStructurePerScale.allSatisfy { $0 < 0 })
        #expect(result.value == 0)
    }

    @Test func evenWindowUsesHalfIntegerOffsets() {
        // A 4x4 plane: side 4, sigma 1.5 * 4 / 11, offsets -1.5, -0.5, 0.5, 1.5.
        let taps = MultiScaleSSIM().window(forWidth: 4, height: 4)
        let sigma = 1.5 * 4 / 11
        let raw = [-1.5, -0.5, 0.5, 1.5].map { exp(-$0 * $0 / (2 * sigma * sigma)) }
        let total = raw.reduce(0, +)
        #expect(taps.count == 4)
        for index in 0..<4 { #expect(abs(taps[index] - raw[index] / total) < 1e-15) }
        #expect(MultiScaleSSIM().window(forWidth: 64, height: 64).count == 11)
    }

    @Test func rejectsBadShapes() {
        let metric = MultiScaleSSIM()
        #expect(throws: EvaluationError.imageTooSmall(width: 8, height: 8, minimumSide: 16)) {
            try metric.score([UInt8](repeating: 0, count: 192), [UInt8](repeating: 0, count: 192),
                             width: 8, height: 8)
        }
        #expect(throws: EvaluationError.self) {
            try metric.score([UInt8](repeating: 0, count: 100), [UInt8](repeating: 0, count: 64 * 64 * 3),
                             width: 64, height: 64)
        }
    }
}
