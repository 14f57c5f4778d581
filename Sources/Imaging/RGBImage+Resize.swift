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
        let columns = ResamplingTaps(from: width, to: newWidth)
        let rows = ResamplingTaps(from: height, to: newHeight)

        // Horizontal pass: (height, newWidth, 3) in Float, then vertical pass into bytes.
        var horizontal = [Float](repeating: 0, count: height * newWidth * 3)
        var result = [UInt8](repeating: 0, count: newHeight * newWidth * 3)
        pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { middle in
                for y in 0..<height {
                    let sourceRow = y * width * 3
                    let middleRow = y * newWidth * 3
                    for outX in 0..<newWidth {
                        var red: Float = 0, green: Float = 0, blue: Float = 0
                        for tap in columns.starts[outX]..<columns.starts[outX + 1] {
                            let index = sourceRow + columns.indices[tap] * 3
                            let weight = columns.weights[tap]
                            red += weight * Float(source[index])
                            green += weight * Float(source[index + 1])
                            blue += weight * Float(source[index + 2])
                        }
                        middle[middleRow + outX * 3] = red
                        middle[middleRow + outX * 3 + 1] = green
                        middle[middleRow + outX * 3 + 2] = blue
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { middle in
            result.withUnsafeMutableBufferPointer { output in
                let rowLength = newWidth * 3
                for outY in 0..<newHeight {
                    for element in 0..<rowLength {
                        var sum: Float = 0
                        for tap in rows.starts[outY]..<rows.starts[outY + 1] {
                            sum += rows.weights[tap] * middle[rows.indices[tap] * rowLength + element]
                        }
                        output[outY * rowLength + element] = UInt8(max(0, min(255, sum.rounded())))
                    }
                }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: result)
    }
}

/// For each output index along one axis, the source indices and weights (summing to 1),
/// stored flat: the taps of output `o` are `starts[o]..<starts[o + 1]`.
struct ResamplingTaps {
    var starts: [Int] = [0]
    var indices: [Int] = []
    var weights: [Float] = []

    init(from inputLength: Int, to outputLength: Int) {
        let scale = Double(inputLength) / Double(outputLength)
        for output in 0..<outputLength {
            if outputLength <= inputLength {
                // Area: the output pixel covers [output * scale, (output + 1) * scale).
                let start = Double(output) * scale
                let end = Double(output + 1) * scale
                var source = Int(start.rounded(.down))
                while Double(source) < end && source < inputLength {
                    let overlap = min(end, Double(source + 1)) - max(start, Double(source))
                    if overlap > 1e-9 {
                        indices.append(source)
                        weights.append(Float(overlap / scale))
                    }
                    source += 1
                }
            } else {
                // Bilinear: the output centre maps to source coordinate (output + 0.5) * scale - 0.5.
                let position = max(0, (Double(output) + 0.5) * scale - 0.5)
                let lower = min(Int(position.rounded(.down)), inputLength - 1)
                let upper = min(lower + 1, inputLength - 1)
                let fraction = Float(position - Double(lower))
                indices.append(lower)
                weights.append(upper == lower ? 1 : 1 - fraction)
                if upper != lower {
                    indices.append(upper)
                    weights.append(fraction)
                }
            }
            starts.append(indices.count)
        }
    }
}
