import Foundation
import Imaging

extension Evaluator {
    /// Training faces scored per pass of the nearest-neighbour search (bounds memory: 1,000
    /// 64x64 faces are 49 MB of Float pixels).
    static let memorisationChunk = 1000

    /// The first `memorisationCount` generated faces and their nearest faces among all of the
    /// data set's images, by pixel L2 (8-bit units) and by L2 between classifier features.
    /// The data set is streamed in chunks; its features are computed on the way.
    func memorisationCheck(generated: GeneratedFaces, generatedFeatures: [Float],
                           progress: (String) -> Void) throws -> (MemorisationReport, [MemorisationImages]) {
        let count = min(options.memorisationCount, generated.images.count)
        guard count > 0 else { return (MemorisationReport(trainingCount: dataset.count, rows: []), []) }
        let featureSize = classifier.configuration.featureSize
        let queries = Array(generated.images.prefix(count))
        var pixelSearch = try NearestNeighbors(queries: try NearestNeighbors.pixelRows(queries).values,
                                               dimension: dataset.bytesPerImage, neighborCount: options.neighborCount)
        var featureSearch = try NearestNeighbors(queries: Array(generatedFeatures.prefix(count * featureSize)),
                                                 dimension: featureSize, neighborCount: options.neighborCount)
        var start = 0
        while start < dataset.count {
            let end = min(dataset.count, start + Self.memorisationChunk)
            var pixels = [Float]()
            pixels.reserveCapacity((end - start) * dataset.bytesPerImage)
            for index in start..<end {
                dataset.withImageBytes(at: index) { bytes in pixels.append(contentsOf: bytes.lazy.map { Float($0) }) }
            }
            try pixelSearch.add(references: pixels, firstIndex: start)
            let features = try classifier.classify(dataset: dataset, indices: Array(start..<end)).features
            try featureSearch.add(references: features, firstIndex: start)
            progress("memorisation: searched \(end)/\(dataset.count) training faces")
            start = end
        }
        var rows: [MemorisationRow] = []
        var images: [MemorisationImages] = []
        for query in 0..<count {
            let pixelMatches = pixelSearch.matches[query], featureMatches = featureSearch.matches[query]
            func neighbors(_ matches: [NearestNeighbors.Match]) -> [TrainingNeighbor] {
                matches.map { TrainingNeighbor(match: $0, name: dataset.fileNames[$0.index]) }
            }
            rows.append(MemorisationRow(generatedIndex: query, tags: sampler.vocabulary.text(for: generated.labels[query]),
                                        pixelNeighbors: neighbors(pixelMatches),
                                        featureNeighbors: neighbors(featureMatches)))
            images.append(try MemorisationImages(generated: generated.images[query],
                                                 pixelNeighbors: pixelMatches.map { dataset.image(at: $0.index) },
                                                 featureNeighbors: featureMatches.map { dataset.image(at: $0.index) }))
        }
        return (MemorisationReport(trainingCount: dataset.count, rows: rows), images)
    }
}
