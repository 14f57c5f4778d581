import Foundation

/// Multi-scale structural similarity (Wang, Simoncelli and Bovik 2003) pinned to the variant
/// GAN papers report at 64x64: the one in the progressive-GAN code (`metrics/ms_ssim.py`, adapted
/// from TensorFlow's `msssim.py`), which the ACGAN paper's diversity numbers follow.
///
/// Exactly:
/// - 5 scales with weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333 (they do not sum to 1; the
///   paper's values);
/// - at every scale a Gaussian window of size `min(11, height, width)` and sigma
///   `1.5 * size / 11`, sampled at integer offsets (half-integer offsets for even sizes, like
///   MATLAB's `fspecial`), applied in "valid" mode (no padding);
/// - C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2 on 8-bit values (data range 255);
/// - between scales a 2x2 average (an odd last row or column is dropped);
/// - SSIM and contrast-structure (cs) maps are averaged over positions and channels at each
///   scale, i.e. per channel then averaged, before the scales are combined.
///
/// Negative values: at coarse scales an unrelated or inverted pair can have a negative mean cs
/// or SSIM, and a negative number to a fractional power is undefined. Like the reference
/// implementation ("clip to zero, otherwise we get NaNs"), each scale's mean SSIM and cs are
/// clipped to be at least 0 before the weighted product, so such a pair scores exactly 0.
///
/// Result = prod over scales 1..4 of cs_s^w_s, times SSIM_5^w_5 (the luminance term only at the
/// coarsest scale).
public struct MultiScaleSSIM: Sendable {
    /// The per-scale exponents; the number of scales is their count.
    public var weights: [Double] = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
    /// Largest Gaussian window side; smaller images use their smaller side.
    public var filterSize: Int = 11
    /// Sigma of the 11-tap window; scaled by `size / filterSize` for smaller windows.
    public var filterSigma: Double = 1.5
    /// Luminance stabiliser constant.
    public var k1: Double = 0.01
    /// Contrast stabiliser constant.
    public var k2: Double = 0.03
    /// Dynamic range of the pixel values (255 for 8-bit images).
    public var maximumValue: Double = 255

    /// The pinned configuration described above.
    public init() {}

    /// The score and its per-scale ingredients (before clipping), for inspection and tests.
    public struct Result: Sendable, Equatable {
        /// The MS-SSIM value in [0, 1] (1 for identical images).
        public var value: Double
        /// Mean SSIM at each scale, finest first, averaged over positions and channels.
        public var ssimPerScale: [Double]
        /// Mean contrast-structure term at each scale, finest first.
        public var contrastStructurePerScale: [Double]
    }

    /// MS-SSIM of two 8-bit images stored row-major, interleaved (HWC), e.g. RGB with
    /// `channels` 3. Throws if the buffers do not match the shape or the image is smaller than
    /// 2^(scales-1) pixels on a side.
    public func score(_ first: [UInt8], _ second: [UInt8],
                      width: Int, height: Int, channels: Int = 3) throws -> Double {
        try evaluate(first, second, width: width, height: height, channels: channels).value
    }

    /// Like `score` but also returns the per-scale SSIM and cs means.
    public func evaluate(_ first: [UInt8], _ second: [UInt8],
                         width: Int, height: Int, channels: Int = 3) throws -> Result {
        try validate(width: width, height: height, channels: channels)
        let expected = width * height * channels
        guard first.count == expected else {
            throw EvaluationError.imageSizeMismatch(name: "first image", expectedBytes: expected,
                                                    actualBytes: first.count)
        }
        guard second.count == expected else {
            throw EvaluationError.imageSizeMismatch(name: "second image", expectedBytes: expected,
                                                    actualBytes: second.count)
        }
        var ssimSums = [Double](repeating: 0, count: weights.count)
        var csSums = [Double](repeating: 0, count: weights.count)
        var firstPlane = [Double](repeating: 0, count: width * height)
        var secondPlane = [Double](repeating: 0, count: width * height)
        var workspace = SSIMWorkspace()
        for channel in 0..<channels {
            for index in 0..<(width * height) {
                firstPlane[index] = Double(first[index * channels + channel])
                secondPlane[index] = Double(second[index * channels + channel])
            }
            var planeWidth = width, planeHeight = height
            var x = firstPlane, y = secondPlane
            for scale in 0..<weights.count {
                if scale > 0 {
                    x = Self.halve(x, width: planeWidth, height: planeHeight)
                    y = Self.halve(y, width: planeWidth, height: planeHeight)
                    planeWidth /= 2
                    planeHeight /= 2
                }
                let means = workspace.meanSSIM(x, y, width: planeWidth, height: planeHeight,
                                               window: window(forWidth: planeWidth, height: planeHeight),
                                               c1: pow(k1 * maximumValue, 2),
                                               c2: pow(k2 * maximumValue, 2))
                ssimSums[scale] += means.ssim
                csSums[scale] += means.contrastStructure
            }
        }
        let ssim = ssimSums.map { $0 / Double(channels) }
        let cs = csSums.map { $0 / Double(channels) }
        var value = 1.0
        let last = weights.count - 1
        for scale in 0..<last {
            value *= pow(max(cs[scale], 0), weights[scale])
        }
        value *= pow(max(ssim[last], 0), weights[last])
        return Result(value: value, ssimPerScale: ssim, contrastStructurePerScale: cs)
    }

    /// The normalised 1-D Gaussian taps for a plane of this size; the 2-D window is their outer
    /// product, which equals the normalised 2-D `fspecial` window because the Gaussian factorises.
    public func window(forWidth width: Int, height: Int) -> [Double] {
        let size = min(filterSize, width, height)
        let sigma = filterSigma * Double(size) / Double(filterSize)
        // Offsets -r...r for odd sizes, -(r-0.5)...(r-0.5) for even sizes.
        let centre = Double(size - 1) / 2
        var taps = (0..<size).map { index -> Double in
            let offset = Double(index) - centre
            return exp(-(offset * offset) / (2 * sigma * sigma))
        }
        let total = taps.reduce(0, +)
        for index in taps.indices { taps[index] /= total }
        return taps
    }

    private func validate(width: Int, height: Int, channels: Int) throws {
        guard channels > 0 else {
            throw EvaluationError.invalidParameter(name: "channels", value: "\(channels)",
                                                   reason: "must be at least 1")
        }
        guard !weights.isEmpty else {
            throw EvaluationError.invalidParameter(name: "weights", value: "[]",
                                                   reason: "MS-SSIM needs at least one scale")
        }
        let minimumSide = 1 << (weights.count - 1)
        guard width >= minimumSide, height >= minimumSide else {
            throw EvaluationError.imageTooSmall(width: width, height: height, minimumSide: minimumSide)
        }
    }

    /// 2x2 box average to (width/2) x (height/2); an odd last row or column is dropped.
    static func halve(_ plane: [Double], width: Int, height: Int) -> [Double] {
        let outWidth = width / 2, outHeight = height / 2
        var result = [Double](repeating: 0, count: outWidth * outHeight)
        for row in 0..<outHeight {
            let top = 2 * row * width, bottom = top + width
            for column in 0..<outWidth {
                let left = 2 * column
                result[row * outWidth + column] = 0.25 * (plane[top + left] + plane[top + left + 1]
                    + plane[bottom + left] + plane[bottom + left + 1])
            }
        }
        return result
    }
}
