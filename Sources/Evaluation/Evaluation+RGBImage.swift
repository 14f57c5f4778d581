import Foundation
import Imaging

/// The metrics and report parts on `RGBImage`s (8-bit RGB, HWC), the images the sampler and the
/// data readers produce. Each forwards to the byte-buffer version.
extension MultiScaleSSIM {
    /// MS-SSIM of two RGB images of one size.
    public func score(_ first: RGBImage, _ second: RGBImage) throws -> Double {
        try evaluate(first, second).value
    }

    /// MS-SSIM of two RGB images with its per-scale terms.
    public func evaluate(_ first: RGBImage, _ second: RGBImage) throws -> Result {
        guard first.width == second.width, first.height == second.height else {
            throw EvaluationError.imageShapesDiffer(first: "\(first.width)x\(first.height)",
                                                    second: "\(second.width)x\(second.height)")
        }
        return try evaluate(first.pixels, second.pixels, width: first.width, height: first.height, channels: 3)
    }

    /// Mean MS-SSIM over `pairs` random pairs of distinct images, all of one size.
    public func meanPairwiseMSSSIM(images: [RGBImage], pairs: Int = 100, seed: UInt64) throws -> Double {
        let (width, height) = try Self.commonSize(images)
        return try meanPairwiseMSSSIM(images: images.map(\.pixels), width: width, height: height, channels: 3,
                                      pairs: pairs, seed: seed)
    }

    /// The one size shared by all images, or a typed error naming the first that differs.
    static func commonSize(_ images: [RGBImage]) throws -> (width: Int, height: Int) {
        guard let first = images.first else {
            throw EvaluationError.tooFewSamples(name: "images", count: 0, minimum: 1)
        }
        for image in images where image.width != first.width || image.height != first.height {
            throw EvaluationError.imageShapesDiffer(first: "\(first.width)x\(first.height)",
                                                    second: "\(image.width)x\(image.height)")
        }
        return (first.width, first.height)
    }
}

extension ClassImages {
    /// One class value's faces as RGB images.
    public init(attribute: String, value: String, generated: [RGBImage], real: [RGBImage]) {
        self.init(attribute: attribute, value: value, generated: generated.map(\.pixels), real: real.map(\.pixels))
    }
}

extension NearestNeighbors {
    /// RGB images of one size as flattened Float rows (0...255) for a pixel-space search.
    public static func pixelRows(_ images: [RGBImage]) throws -> (values: [Float], dimension: Int) {
        _ = try MultiScaleSSIM.commonSize(images)
        return try pixelRows(images.map(\.pixels))
    }
}

extension MemorisationImages {
    /// One memorisation row's faces from RGB images, PNG-encoded.
    public init(generated: RGBImage, pixelNeighbors: [RGBImage], featureNeighbors: [RGBImage]) throws {
        self.init(generated: try generated.pngData(), pixelNeighbors: try pixelNeighbors.map { try $0.pngData() },
                  featureNeighbors: try featureNeighbors.map { try $0.pngData() })
    }
}
