import AnimeData
import Imaging
import Testing

/// Ten 4x4 images: image i has red = 20 i everywhere, green = 60 in column 0 only (to see
/// flips), blue = 255; labels cycle through three classes.
func numberedDataset() -> AnimeDataset {
    let vocabulary = TagVocabulary(groups: [.init(name: "class", values: ["a", "b", "c"])],
                                   binaryTags: [.init(name: "odd", prior: 0.5)])
    let images = (0..<10).map { index -> RGBImage in
        var image = RGBImage(width: 4, height: 4, fill: RGBColor(red: UInt8(20 * index), green: 0, blue: 255))
        for y in 0..<4 { image[0, y] = RGBColor(red: UInt8(20 * index), green: 60, blue: 255) }
        return image
    }
    let labels = (0..<10).map { TagLabels(groupIndices: [$0 % 3], binaryTags: [$0 % 2 == 1]) }
    return AnimeDataset(images: images, labels: labels, vocabulary: vocabulary)
}

@Test func batchesAreNCHWInMinusOneToOneWithMatchingConditions() throws {
    let dataset = numberedDataset()
    let loader = try BatchLoader(dataset: dataset, batchSize: 3, seed: 1)
    let batch = loader.next()
    #expect(batch.count == 3 && batch.imageSize == 4 && batch.pixels.count == 3 * 3 * 16)
    #expect(batch.conditions.count == 3 * 4)
    for slot in 0..<3 {
        let image = batch.datasetIndices[slot]
        let base = slot * 48
        // Red plane: 20 i / 127.5 - 1 everywhere; green plane: 60 at x = 0, else 0 -> -1; blue: 1.
        #expect(batch.pixels[base + 5] == Float(20 * image) / 127.5 - 1)
        #expect(batch.pixels[base + 16] == Float(60) / 127.5 - 1 && batch.pixels[base + 17] == -1)
        #expect(batch.pixels[base + 32 + 15] == 1)
        #expect(batch.labels[slot] == dataset.labels[image])
        #expect(Array(batch.conditions[(slot * 4)..<(slot * 4 + 4)]) == dataset.vocabulary.condition(for: dataset.labels[image]))
    }
}

@Test func everyEpochIsAPermutationAndSeedsAreDeterministic() throws {
    let dataset = numberedDataset()
    let loader = try BatchLoader(dataset: dataset, batchSize: 3, seed: 42)
    let again = try BatchLoader(dataset: dataset, batchSize: 3, seed: 42)
    let other = try BatchLoader(dataset: dataset, batchSize: 3, seed: 43)
    #expect(loader.batchesPerEpoch == 3)
    var epochs: [[Int]] = [[], []]
    var otherOrder: [Int] = []
    for step in 0..<6 {
        #expect(loader.position == (step / 3, step % 3))
        let batch = loader.next()
        let twin = again.next()
        #expect(batch.datasetIndices == twin.datasetIndices && batch.pixels == twin.pixels)
        #expect(batch.datasetIndices == loader.batch(epoch: step / 3, index: step % 3).datasetIndices)
        epochs[step / 3] += batch.datasetIndices
        otherOrder += other.next().datasetIndices
    }
    #expect(loader.position == (2, 0))
    // Nine distinct images per epoch (one of ten dropped with the partial batch).
    for order in epochs { #expect(Set(order).count == 9 && order.allSatisfy { (0..<10).contains($0) }) }
    #expect(epochs[0] != epochs[1])
    #expect(otherOrder != epochs[0] + epochs[1])
    loader.seek(epoch: 1)
    #expect(loader.next().datasetIndices == Array(epochs[1][0..<3]))
}

@Test func horizontalFlipMirrorsAboutHalfTheImages() throws {
    let dataset = numberedDataset()
    let plain = try BatchLoader(dataset: dataset, batchSize: 10, seed: 5)
    #expect(plain.batch(epoch: 0, index: 0).flipped.allSatisfy { !$0 })
    let loader = try BatchLoader(dataset: dataset, batchSize: 10, seed: 5, horizontalFlip: true)
    var flippedCount = 0
    for epoch in 0..<20 {
        let batch = loader.batch(epoch: epoch, index: 0)
        for slot in 0..<10 {
            let green = batch.pixels[slot * 48 + 16..<(slot * 48 + 20)]   // green plane, row 0
            let marker = Float(60) / 127.5 - 1
            #expect(Array(green) == (batch.flipped[slot] ? [-1, -1, -1, marker] : [marker, -1, -1, -1]))
            flippedCount += batch.flipped[slot] ? 1 : 0
        }
    }
    // 200 fair coin flips: mean 100, standard deviation ~7.
    #expect(flippedCount > 65 && flippedCount < 135)
}

@Test func batchSizeMustFitTheDataset() {
    let dataset = numberedDataset()
    #expect(throws: AnimeDataError.invalidBatchSize(batchSize: 11, datasetCount: 10)) {
        try BatchLoader(dataset: dataset, batchSize: 11, seed: 0)
    }
    #expect(throws: AnimeDataError.self) { try BatchLoader(dataset: dataset, batchSize: 0, seed: 0) }
}
