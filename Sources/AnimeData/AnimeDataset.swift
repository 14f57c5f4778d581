import Foundation
import Imaging

/// A labelled set of square images, all decoded and resized to `imageSize`, ready for batching.
///
/// The pixels live in one block of bytes (HWC per image, images back to back): usually the
/// memory-mapped cache file, so a 36,740-image set costs no decoding and little memory on
/// later runs. Values are immutable and `Sendable`; share one dataset between threads.
public struct AnimeDataset: Sendable {
    /// The data folder (for in-memory sets, a placeholder URL).
    public let directory: URL
    /// The vocabulary the labels refer to (given, built from the data, or a default; see `load`).
    public let vocabulary: TagVocabulary
    /// Width and height of every image.
    public let imageSize: Int
    /// One label per image.
    public let labels: [TagLabels]
    /// One path per image, relative to `directory` (e.g. "images/17.jpg").
    public let fileNames: [String]
    /// What loading found and skipped.
    public let report: LoadReport
    /// The pixel bytes, `count * imageSize * imageSize * 3` of them from `pixelOffset`.
    let storage: Data
    /// Where the first image starts in `storage`.
    let pixelOffset: Int

    /// Number of images.
    public var count: Int { labels.count }
    /// The layout that was read.
    public var layout: DatasetLayout { report.layout }
    /// Bytes per image: `imageSize * imageSize * 3`.
    public var bytesPerImage: Int { imageSize * imageSize * 3 }

    /// Wraps pixel bytes that are already in place (the loader's constructor).
    init(directory: URL, vocabulary: TagVocabulary, imageSize: Int, labels: [TagLabels], fileNames: [String],
         report: LoadReport, storage: Data, pixelOffset: Int) {
        precondition(storage.count >= pixelOffset + labels.count * imageSize * imageSize * 3, "pixel storage too short")
        self.directory = directory
        self.vocabulary = vocabulary
        self.imageSize = imageSize
        self.labels = labels
        self.fileNames = fileNames
        self.report = report
        self.storage = storage
        self.pixelOffset = pixelOffset
    }

    /// A data set built from images in memory (for tests and tools); each image is centre-
    /// cropped to a square and resized to `imageSize` (default: the first image's width).
    /// - Precondition: one label per image, each label valid for `vocabulary`, at least one image.
    public init(images: [RGBImage], labels: [TagLabels], vocabulary: TagVocabulary, imageSize: Int? = nil) {
        precondition(!images.isEmpty && images.count == labels.count, "one label per image, at least one image")
        let size = imageSize ?? images[0].width
        var bytes = Data(capacity: images.count * size * size * 3)
        var sizes: [String: Int] = [:]
        for image in images {
            sizes["\(image.width)x\(image.height)", default: 0] += 1
            bytes.append(contentsOf: Self.prepare(image, size: size).pixels)
        }
        let report = LoadReport(layout: .inMemory, imageCount: images.count, rejectedImages: [], rejectedLines: [],
                                originalSizes: sizes, cacheFile: nil, loadedFromCache: false)
        self.init(directory: URL(fileURLWithPath: "/dev/null"), vocabulary: vocabulary, imageSize: size, labels: labels,
                  fileNames: images.indices.map { "memory-\($0)" }, report: report, storage: bytes, pixelOffset: 0)
    }

    /// The image at `index` as an `RGBImage` (a copy of its bytes).
    public func image(at index: Int) -> RGBImage {
        withImageBytes(at: index) { RGBImage(width: imageSize, height: imageSize, pixels: Array($0)) }
    }

    /// Calls `body` with the HWC bytes of image `index`, without copying them.
    public func withImageBytes<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        precondition(index >= 0 && index < count, "image index \(index) out of 0..<\(count)")
        return try storage.withUnsafeBytes { raw in
            let start = pixelOffset + index * bytesPerImage
            let bytes = UnsafeRawBufferPointer(rebasing: raw[start..<(start + bytesPerImage)])
            return try body(bytes.bindMemory(to: UInt8.self))
        }
    }

    /// How every loaded image is made square and sized: centre crop to the largest square,
    /// then area (down) or bilinear (up) resize to `size` x `size`.
    static func prepare(_ image: RGBImage, size: Int) -> RGBImage {
        image.centerCroppedToSquare().resized(width: size, height: size)
    }
}
