extension RGBImage {
    /// Resizes to `width` x `height`, each axis on its own (the filter is separable):
    /// - shrinking an axis uses an area (box) filter: every output pixel is the mean of the
    ///   source area it covers, with fractional weights at its edges, so non-integer factors
    ///   (96 -> 64) neither alias nor drop pixels;
    /// - enlarging an axis uses bilinear interpolation with pixel centres at `i + 0.5`
    ///   (PyTorch's `align_corners=False`), with edge pixels clamped.
    /// Values are rounded to the nearest integer. The same size returns the image unchanged.
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        precondition(newWidth > 0 && newHeight > 0, "resize target must be positive, got \(newWidth)x\(newHeight)")
        if newWidth == width && newHeight == height { return self }
        let columnTaps = Self.resamplingTaps(from: width, to: newWidth)
        let rowTaps = Self.resamplingTaps(from: height, to: newHeight)

        // Horizontal pass: (height, newWidth, 3) in Float, then vertical pass into bytes.
        var horizontal = [Float](repeating: 0, count: height * newWidth * 3)
        for y in 0..<height {
            for (outX, taps) in columnTaps.enumerated() {
                var red: Float = 0, green: Float = 0, blue: Float = 0
                for (sourceX, weight) in taps {
                    let index = (y * width + sourceX) * 3
                    red += weight * Float(pixels[index])
                    green += weight * Float(pixels[index + 1])
                    blue += weight * Float(pixels[index + 2])
                }
                let out = (y * newWidth + outX) * 3
                horizontal[out] = red
                horizontal[out + 1] = green
                horizontal[out + 2] = blue
            }
        }
        var result = [UInt8](repeating: 0, count: newHeight * newWidth * 3)
        for (outY, taps) in rowTaps.enumerated() {
            for x in 0..<newWidth {
                for channel in 0..<3 {
                    var sum: Float = 0
                    for (sourceY, weight) in taps {
                        sum += weight * horizontal[(sourceY * newWidth + x) * 3 + channel]
                    }
                    result[(outY * newWidth + x) * 3 + channel] = UInt8(max(0, min(255, sum.rounded())))
                }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: result)
    }

    /// For each output index along one axis, the source indices and weights (summing to 1).
    static func resamplingTaps(from inputLength: Int, to outputLength: Int) -> [[(index: Int, weight: Float)]] {
        let scale = Double(inputLength) / Double(outputLength)
        return (0..<outputLength).map { output in
            if outputLength <= inputLength {
                // Area: the output pixel covers [output * scale, (output + 1) * scale).
                let start = Double(output) * scale
                let end = Double(output + 1) * scale
                var taps: [(index: Int, weight: Float)] = []
                var source = Int(start.rounded(.down))
                while Double(source) < end && source < inputLength {
                    let overlap = min(end, Double(source + 1)) - max(start, Double(source))
                    if overlap > 1e-9 { taps.append((source, Float(overlap / scale))) }
                    source += 1
                }
                return taps
            }
            // Bilinear: the output centre maps to source coordinate (output + 0.5) * scale - 0.5.
            let position = max(0, (Double(output) + 0.5) * scale - 0.5)
            let lower = min(Int(position.rounded(.down)), inputLength - 1)
            let upper = min(lower + 1, inputLength - 1)
            let fraction = Float(position - Double(lower))
            if upper == lower { return [(lower, 1)] }
            return [(lower, 1 - fraction), (upper, fraction)]
        }
    }
}
