import AnimeData
import Imaging
import Tensors

/// What the classifier says about a set of faces.
public struct ClassifierOutput: Sendable, Equatable {
    /// One predicted label per face.
    public var predictions: [TagLabels]
    /// Penultimate features, flattened N x `featureSize` row-major.
    public var features: [Float]
    /// Length of one feature vector.
    public var featureSize: Int

    /// An output from its parts.
    public init(predictions: [TagLabels], features: [Float], featureSize: Int) {
        self.predictions = predictions
        self.features = features
        self.featureSize = featureSize
    }
}

extension AttributeClassifier {
    /// Faces per forward pass at inference; bounds memory for large sets.
    static let inferenceBatchSize = 100

    /// Predictions and features for RGB images, in eval mode (running batch-norm statistics),
    /// without gradients. Images of another size are resized to `configuration.imageSize`
    /// first (area averaging when shrinking), as the data loader does.
    public func classify(images: [RGBImage]) -> ClassifierOutput {
        let size = configuration.imageSize
        return classify(count: images.count) { index, body in
            let image = images[index]
            let fitted = image.width == size && image.height == size ? image
                : image.centerCroppedToSquare().resized(width: size, height: size)
            fitted.pixels.withUnsafeBufferPointer { body($0) }
        }
    }

    /// Predictions and features for images `indices` of `dataset` (read in place, not copied).
    /// - Throws: `ClassifierError.mismatch` if the data set's image size is not the classifier's.
    public func classify(dataset: AnimeDataset, indices: [Int]) throws -> ClassifierOutput {
        guard dataset.imageSize == configuration.imageSize else {
            throw ClassifierError.mismatch("the data set is \(dataset.imageSize)x\(dataset.imageSize), "
                + "the classifier takes \(configuration.imageSize)x\(configuration.imageSize)")
        }
        return classify(count: indices.count) { index, body in
            dataset.withImageBytes(at: indices[index]) { body($0) }
        }
    }

    /// The logits of RGB images, (N, conditionLength) row-major, in eval mode and without
    /// gradients; images are fitted to the input size as in `classify(images:)`. One row
    /// holds a block of softmax logits per categorical group, then one sigmoid logit per
    /// binary tag (the condition vector's layout).
    public func logits(images: [RGBImage]) -> [Float] {
        let size = configuration.imageSize
        var logits: [Float] = []
        logits.reserveCapacity(images.count * vocabulary.conditionLength)
        forward(count: images.count, bytes: { index, body in
            let image = images[index]
            let fitted = image.width == size && image.height == size ? image
                : image.centerCroppedToSquare().resized(width: size, height: size)
            fitted.pixels.withUnsafeBufferPointer { body($0) }
        }) { output, _ in logits += output.scalars }
        return logits
    }

    /// Runs the network over `count` faces whose HWC bytes `bytes(i, body)` hands to `body`.
    private func classify(count: Int,
                          bytes: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> ClassifierOutput {
        var predictions: [TagLabels] = []
        var features: [Float] = []
        predictions.reserveCapacity(count)
        features.reserveCapacity(count * configuration.featureSize)
        forward(count: count, bytes: bytes) { logits, batchFeatures in
            predictions += self.predictions(logits: logits)
            features += batchFeatures.scalars
        }
        return ClassifierOutput(predictions: predictions, features: features, featureSize: configuration.featureSize)
    }

    /// Runs the network in eval mode, without gradients, over `count` faces in batches of
    /// `inferenceBatchSize`, handing each batch's logits and features to `body` in order.
    private func forward(count: Int, bytes: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void,
                         body: (_ logits: Tensor, _ features: Tensor) -> Void) {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        let size = configuration.imageSize
        var start = 0
        while start < count {
            let end = min(count, start + Self.inferenceBatchSize)
            var pixels = [Float](repeating: 0, count: (end - start) * 3 * size * size)
            for index in start..<end {
                bytes(index) { ImagePixels.write($0, size: size, mirrored: false, into: &pixels, slot: index - start) }
            }
            let input = Tensor(shape: [end - start, 3, size, size], scalars: pixels)
            let output = withoutGradients { self(input) }
            body(output.logits, output.features)
            start = end
        }
    }
}

/// HWC bytes to the network's input layout.
enum ImagePixels {
    /// Writes one image's HWC bytes as CHW floats in [-1, 1] (`byte / 127.5 - 1`, as the data
    /// loader's batches) at position `slot` of an (N, 3, S, S) buffer, mirrored if asked.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, size: Int, mirrored: Bool, into pixels: inout [Float],
                      slot: Int) {
        let plane = size * size
        let base = slot * 3 * plane
        pixels.withUnsafeMutableBufferPointer { target in
            for y in 0..<size {
                for x in 0..<size {
                    let source = (y * size + (mirrored ? size - 1 - x : x)) * 3
                    let position = base + y * size + x
                    target[position] = Float(bytes[source]) / 127.5 - 1
                    target[position + plane] = Float(bytes[source + 1]) / 127.5 - 1
                    target[position + 2 * plane] = Float(bytes[source + 2]) / 127.5 - 1
                }
            }
        }
    }
}
