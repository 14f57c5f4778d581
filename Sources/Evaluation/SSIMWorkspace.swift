/// Scratch buffers and the single-scale SSIM step used by `MultiScaleSSIM`: five Gaussian-
/// filtered maps (x, y, x^2, y^2, xy) with a separable "valid" filter, then the SSIM and cs maps
/// averaged over positions. Reused across scales and channels so a 64x64 pair allocates little.
struct SSIMWorkspace {
    private var products: [[Double]] = [[], [], []]
    private var horizontal: [Double] = []
    private var filtered: [[Double]] = [[], [], [], [], []]

    /// Means of the SSIM map and of the contrast-structure map of one channel at one scale.
    /// `x` and `y` are planes of `width * height` values; `window` holds the 1-D taps.
    mutating func meanSSIM(_ x: [Double], _ y: [Double], width: Int, height: Int,
                           window: [Double], c1: Double, c2: Double)
        -> (ssim: Double, contrastStructure: Double) {
        let count = width * height
        for index in 0..<3 where products[index].count != count {
            products[index] = [Double](repeating: 0, count: count)
        }
        for index in 0..<count {
            products[0][index] = x[index] * x[index]
            products[1][index] = y[index] * y[index]
            products[2][index] = x[index] * y[index]
        }
        let size = window.count
        let outWidth = width - size + 1, outHeight = height - size + 1
        let outCount = outWidth * outHeight
        filter(x, into: 0, width: width, height: height, window: window)
        filter(y, into: 1, width: width, height: height, window: window)
        for index in 0..<3 {
            let source = products[index]
            filter(source, into: 2 + index, width: width, height: height, window: window)
        }
        var ssimSum = 0.0, csSum = 0.0
        for index in 0..<outCount {
            let muX = filtered[0][index], muY = filtered[1][index]
            let muXX = muX * muX, muYY = muY * muY, muXY = muX * muY
            let varianceX = filtered[2][index] - muXX
            let varianceY = filtered[3][index] - muYY
            let covariance = filtered[4][index] - muXY
            let numerator = 2 * covariance + c2
            let denominator = varianceX + varianceY + c2
            csSum += numerator / denominator
            ssimSum += (2 * muXY + c1) * numerator / ((muXX + muYY + c1) * denominator)
        }
        return (ssimSum / Double(outCount), csSum / Double(outCount))
    }

    /// Separable "valid" filter: rows first (height x outWidth), then columns
    /// (outHeight x outWidth). The window is symmetric, so correlation equals convolution.
    private mutating func filter(_ plane: [Double], into slot: Int, width: Int, height: Int,
                                 window: [Double]) {
        let size = window.count
        let outWidth = width - size + 1, outHeight = height - size + 1
        if horizontal.count != height * outWidth {
            horizontal = [Double](repeating: 0, count: height * outWidth)
        }
        if filtered[slot].count != outHeight * outWidth {
            filtered[slot] = [Double](repeating: 0, count: outHeight * outWidth)
        }
        plane.withUnsafeBufferPointer { source in
            window.withUnsafeBufferPointer { taps in
                horizontal.withUnsafeMutableBufferPointer { rows in
                    for row in 0..<height {
                        let input = source.baseAddress! + row * width
                        let output = rows.baseAddress! + row * outWidth
                        for column in 0..<outWidth {
                            var sum = 0.0
                            for tap in 0..<size { sum += taps[tap] * input[column + tap] }
                            output[column] = sum
                        }
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { rows in
            window.withUnsafeBufferPointer { taps in
                filtered[slot].withUnsafeMutableBufferPointer { output in
                    for row in 0..<outHeight {
                        let destination = output.baseAddress! + row * outWidth
                        for column in 0..<outWidth { destination[column] = 0 }
                        for tap in 0..<size {
                            let weight = taps[tap]
                            let input = rows.baseAddress! + (row + tap) * outWidth
                            for column in 0..<outWidth { destination[column] += weight * input[column] }
                        }
                    }
                }
            }
        }
    }
}
