/// The shape of an `AttributeClassifier`: everything needed to rebuild it from its weights.
/// Stored as JSON in the classifier file's metadata.
public struct ClassifierConfiguration: Codable, Sendable, Equatable {
    /// Side of the square input images (a power of two from 8 to 256).
    public var imageSize: Int = 64
    /// Channels of the stem convolution; each downsampling stage doubles them.
    public var width: Int = 16
    /// Length of the penultimate feature vector (the features FID, KID and the feature
    /// nearest-neighbour search use).
    public var featureSize: Int = 256

    /// A configuration; the defaults are the classifier `acgan classifier train` builds.
    public init(imageSize: Int = 64, width: Int = 16, featureSize: Int = 256) {
        self.imageSize = imageSize
        self.width = width
        self.featureSize = featureSize
    }

    /// Stride-2 stages from `imageSize` down to 4x4: log2(imageSize / 4) (4 at 64x64).
    public var stageCount: Int {
        var stages = 0, side = imageSize
        while side > 4 { side /= 2; stages += 1 }
        return stages
    }

    /// Output channels of stage `k` (0-based): `width * 2^(k+1)`.
    public func stageChannels(_ stage: Int) -> Int { width << (stage + 1) }

    /// Values after the last stage, flattened: channels x 4 x 4.
    public var flattenedSize: Int { stageChannels(stageCount - 1) * 16 }

    /// Checks the values, with a message that says what is allowed.
    public func validate() throws {
        guard [8, 16, 32, 64, 128, 256].contains(imageSize) else {
            throw ClassifierError.invalidConfiguration("imageSize \(imageSize) must be a power of two from 8 to 256")
        }
        guard (1...256).contains(width) else {
            throw ClassifierError.invalidConfiguration("width \(width) must be in 1...256")
        }
        guard (2...4096).contains(featureSize) else {
            throw ClassifierError.invalidConfiguration("featureSize \(featureSize) must be in 2...4096")
        }
    }
}
