import Dispatch
import Foundation
import Imaging
import Synchronization

extension AnimeDataset {
    /// Loads a data folder: detects its layout, reads the tags, decodes every image once
    /// (on all cores), centre-crops it to a square, resizes it to `imageSize`, and caches the
    /// pixels in one binary file that later runs memory-map instead of decoding.
    ///
    /// Vocabulary when `vocabulary` is nil: in layouts 1 and 3 (tags.csv), a built-in one when
    /// it labels at least 95% of the lines (hair/eye colours built from the data, the 12 + 10
    /// of `TagVocabulary.animeFaces` plus e.g. "gray eyes" if present, with observed priors;
    /// or `TagVocabulary.syntheticAvatars`), otherwise one inferred from the tags
    /// (`TagVocabulary.inferred`, tags on fewer than `minimumTagCount` lines left out, observed
    /// priors); layout 2 uses `animeFaces` with observed priors; layout 4 makes one group
    /// "class" of the folder names. A given vocabulary is used as is. The choice and its
    /// reason are in `report.vocabularyChoice`.
    ///
    /// Images that fail to decode and lines with unknown tags are skipped and listed in
    /// `report`. The cache goes to `cacheDirectory`, by default `<directory>/.acgan-cache/`;
    /// if it cannot be written, loading still succeeds with the pixels in memory.
    /// - Throws: `AnimeDataError` when the folder is unreadable, has no known layout, or
    ///   yields no usable image.
    public static func load(from directory: URL, imageSize: Int = 64, vocabulary: TagVocabulary? = nil,
                            minimumTagCount: Int = TagVocabulary.defaultMinimumTagCount,
                            cacheDirectory: URL? = nil) throws -> AnimeDataset {
        guard (1...1024).contains(imageSize) else { throw AnimeDataError.invalidImageSize(imageSize) }
        let index = try DatasetIndex.read(directory: directory, vocabulary: vocabulary, minimumTagCount: minimumTagCount)
        guard !index.entries.isEmpty else {
            throw AnimeDataError.emptyDataset(path: directory.path, layout: index.layout,
                                              reasons: emptyReasons(index.rejectedLines, fallback: "no labelled images"))
        }
        let key = try DatasetCache.key(index: index, imageSize: imageSize)
        let cacheURL = DatasetCache.fileURL(in: cacheDirectory ?? directory.appendingPathComponent(".acgan-cache"),
                                            imageSize: imageSize)

        if let cached = DatasetCache.read(cacheURL, key: key, imageSize: imageSize, entryCount: index.entries.count) {
            return make(index: index, directory: directory, imageSize: imageSize, metadata: cached.metadata,
                        storage: cached.storage, pixelOffset: cached.pixelOffset, cacheFile: cacheURL.path, fromCache: true)
        }

        var (pixels, metadata) = decodeAll(index.entries, imageSize: imageSize)
        guard !metadata.keptEntries.isEmpty else {
            throw AnimeDataError.emptyDataset(path: directory.path, layout: index.layout,
                                              reasons: emptyReasons(metadata.rejectedImages, fallback: "no image decoded"))
        }
        let keptBytes = metadata.keptEntries.count * imageSize * imageSize * 3
        let writeError = pixels.withUnsafeBytes { raw -> DatasetCache.WriteError? in
            do throws(DatasetCache.WriteError) {
                try DatasetCache.write(cacheURL, key: key, metadata: metadata,
                                       pixels: UnsafeRawBufferPointer(rebasing: raw[0..<keptBytes]))
                return nil
            } catch {
                return error
            }
        }
        if writeError == nil, let cached = DatasetCache.read(cacheURL, key: key, imageSize: imageSize, entryCount: index.entries.count) {
            metadata = cached.metadata
            return make(index: index, directory: directory, imageSize: imageSize, metadata: metadata,
                        storage: cached.storage, pixelOffset: cached.pixelOffset, cacheFile: cacheURL.path, fromCache: false)
        }
        pixels.removeLast(pixels.count - keptBytes)
        let warning = "the pixel cache could not be written ("
            + (writeError?.description ?? "\(cacheURL.path): written but unreadable")
            + "); the images are decoded in memory and will be decoded again next time"
        return make(index: index, directory: directory, imageSize: imageSize, metadata: metadata,
                    storage: Data(pixels), pixelOffset: 0, cacheFile: nil, fromCache: false, cacheWarning: warning)
    }

    /// Up to five distinct reasons, for the empty-data-set error.
    private static func emptyReasons(_ rejections: [LoadReport.Rejection], fallback: String) -> [String] {
        let reasons = rejections.prefix(5).map { "\($0.file): \($0.reason)" }
        return reasons.isEmpty ? [fallback] : reasons
    }

    private static func make(index: DatasetIndex, directory: URL, imageSize: Int, metadata: DatasetCache.Metadata,
                             storage: Data, pixelOffset: Int, cacheFile: String?, fromCache: Bool,
                             cacheWarning: String? = nil) -> AnimeDataset {
        let kept = metadata.keptEntries.map { index.entries[$0] }
        let report = LoadReport(layout: index.layout, imageCount: kept.count, rejectedImages: metadata.rejectedImages,
                                rejectedLines: index.rejectedLines, originalSizes: metadata.originalSizes,
                                cacheFile: cacheFile, loadedFromCache: fromCache, cacheWarning: cacheWarning,
                                vocabularyChoice: index.choice)
        let labels = kept.map(\.labels)
        let vocabulary = index.usesObservedPriors
            ? DatasetIndex.withObservedPriors(index.vocabulary, labels: labels) : index.vocabulary
        return AnimeDataset(directory: directory, vocabulary: vocabulary, imageSize: imageSize,
                            labels: labels, fileNames: kept.map(\.name), report: report,
                            storage: storage, pixelOffset: pixelOffset)
    }

    /// Decodes and resizes every entry on all cores. Returns the kept images' pixels packed at
    /// the front of the buffer (in entry order) and what decoding learnt.
    private static func decodeAll(_ entries: [DatasetIndex.Entry], imageSize: Int) -> ([UInt8], DatasetCache.Metadata) {
        enum Outcome { case decoded(width: Int, height: Int), failed(String) }
        let bytesPerImage = imageSize * imageSize * 3
        var pixels = [UInt8](repeating: 0, count: entries.count * bytesPerImage)
        let outcomes = Mutex<[Int: Outcome]>([:])
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, entries.count))
        pixels.withUnsafeMutableBufferPointer { buffer in
            let output = DisjointWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var local: [(Int, Outcome)] = []
                for entryIndex in stride(from: worker, to: entries.count, by: workers) {
                    do {
                        let image = try RGBImage(contentsOf: entries[entryIndex].url)
                        let prepared = prepare(image, size: imageSize)
                        output.copy(prepared.pixels, to: entryIndex * bytesPerImage)
                        local.append((entryIndex, .decoded(width: image.width, height: image.height)))
                    } catch {
                        local.append((entryIndex, .failed("\(error)")))
                    }
                }
                outcomes.withLock { all in for (entryIndex, outcome) in local { all[entryIndex] = outcome } }
            }
        }
        var metadata = DatasetCache.Metadata(imageSize: imageSize, keptEntries: [], rejectedImages: [], originalSizes: [:])
        let results = outcomes.withLock { $0 }
        for entryIndex in entries.indices {
            switch results[entryIndex] {
            case let .decoded(width, height):
                // Pack kept images to the front; the target never lies after the source.
                let target = metadata.keptEntries.count * bytesPerImage
                if target != entryIndex * bytesPerImage {
                    pixels.withUnsafeMutableBufferPointer { buffer in
                        let base = buffer.baseAddress!
                        (base + target).update(from: base + entryIndex * bytesPerImage, count: bytesPerImage)
                    }
                }
                metadata.keptEntries.append(entryIndex)
                metadata.originalSizes["\(width)x\(height)", default: 0] += 1
            case let .failed(reason):
                metadata.rejectedImages.append(.init(file: entries[entryIndex].name, reason: reason))
            case nil:
                metadata.rejectedImages.append(.init(file: entries[entryIndex].name, reason: "not decoded"))
            }
        }
        return (pixels, metadata)
    }
}

/// A buffer that several threads write into at disjoint offsets (each image slot is written
/// by exactly one worker, and read only after `concurrentPerform` returns), which is why the
/// unchecked `Sendable` is sound.
private struct DisjointWrites: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<UInt8>

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    func copy(_ bytes: [UInt8], to offset: Int) {
        bytes.withUnsafeBufferPointer { source in
            (buffer.baseAddress! + offset).update(from: source.baseAddress!, count: source.count)
        }
    }
}
