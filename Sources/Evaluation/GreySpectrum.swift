import CBLAS
import Foundation

/// The 2-D discrete Fourier transform of square grey-level images of one even side S, the
/// measurement behind the spectral artefact figure:
///
///     F(u, v) = sum_y sum_x g(y, x) exp(-2 pi i (u y + v x) / S),   u, v, y, x in 0..<S
///
/// u is the vertical frequency (row), v the horizontal one (column); g is row-major, row y.
/// The transform is separable: with W = C - iS, C(j, k) = cos(2 pi j k / S) and
/// S(j, k) = sin(2 pi j k / S) (both symmetric), F = W g W, so
///
///     Re F = C g C - S g S,   Im F = -(C g S + S g C)
///
/// which is six real S x S x S matrix products (BLAS `dgemm`, in Double): 1.6 million
/// multiply-adds for a 64 x 64 face, against S^4 = 17 million for the direct sum. The tables
/// are computed once per side. The direct sum is the test oracle (`GreySpectrumTests`).
public struct GreySpectrum: Sendable {
    /// Side of the images (S), even.
    public let side: Int
    /// cos(2 pi j k / S), S x S row-major.
    let cosine: [Double]
    /// sin(2 pi j k / S), S x S row-major.
    let sine: [Double]

    /// The tables for images of `side` x `side` pixels.
    /// - Throws: `EvaluationError.invalidParameter` unless `side` is even and at least 2 (an odd
    ///   side has no period-2 frequency bin).
    public init(side: Int) throws {
        guard side >= 2, side % 2 == 0 else {
            throw EvaluationError.invalidParameter(name: "spectrum side", value: "\(side)",
                                                   reason: "must be even and at least 2 (the period-2 "
                                                       + "frequency is side / 2); resize the faces to an even side")
        }
        self.side = side
        var cosine = [Double](repeating: 0, count: side * side)
        var sine = [Double](repeating: 0, count: side * side)
        for j in 0..<side {
            for k in 0..<side {
                // Reduce j k modulo S first: the angle stays below 2 pi, so the table is exact to
                // rounding of one cos/sin call whatever the side.
                let angle = 2 * Double.pi * Double((j * k) % side) / Double(side)
                cosine[j * side + k] = cos(angle)
                sine[j * side + k] = sin(angle)
            }
        }
        self.cosine = cosine
        self.sine = sine
    }

    /// The grey level 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601 luma) of an 8-bit RGB image,
    /// HWC, on the 0-255 scale: S x S values, row-major.
    /// - Throws: `EvaluationError.imageSizeMismatch` unless there are S x S x 3 bytes.
    public func greyLevels(rgb: [UInt8]) throws -> [Double] {
        try rgb.withUnsafeBufferPointer { try greyLevels(rgb: $0) }
    }

    /// `greyLevels(rgb:)` on a byte buffer (a data set's image in place).
    public func greyLevels(rgb: UnsafeBufferPointer<UInt8>) throws -> [Double] {
        let pixels = side * side
        guard rgb.count == pixels * 3 else {
            throw EvaluationError.imageSizeMismatch(name: "face for the spectrum", expectedBytes: pixels * 3,
                                                    actualBytes: rgb.count)
        }
        var grey = [Double](repeating: 0, count: pixels)
        for pixel in 0..<pixels {
            let red = Double(rgb[3 * pixel]), green = Double(rgb[3 * pixel + 1]), blue = Double(rgb[3 * pixel + 2])
            grey[pixel] = 0.299 * red + 0.587 * green + 0.114 * blue
        }
        return grey
    }

    /// `grey` minus its mean. When what is left is round-off of a constant image (its energy
    /// below 1e-24 of the image's), the result is exactly zero, so a flat face has no spectrum
    /// rather than one made of rounding noise.
    public static func centred(_ grey: [Double]) -> [Double] {
        guard !grey.isEmpty else { return [] }
        let mean = grey.reduce(0, +) / Double(grey.count)
        let centred = grey.map { $0 - mean }
        let residual = centred.reduce(0) { $0 + $1 * $1 }
        let energy = grey.reduce(0) { $0 + $1 * $1 }
        if residual <= 1e-24 * energy { return [Double](repeating: 0, count: grey.count) }
        return centred
    }

    /// F(u, v) of an S x S real image (row-major, row y), as real and imaginary parts, each
    /// S x S row-major (row u, column v). The image is used as given (no mean removed).
    /// - Throws: `EvaluationError.imageSizeMismatch` unless `grey` has S x S values.
    public func transform(_ grey: [Double]) throws -> (real: [Double], imaginary: [Double]) {
        guard grey.count == side * side else {
            throw EvaluationError.imageSizeMismatch(name: "grey image for the spectrum", expectedBytes: side * side,
                                                    actualBytes: grey.count)
        }
        let n = Int32(side), count = side * side
        var cosineTimesImage = [Double](repeating: 0, count: count)  // P = C g
        var sineTimesImage = [Double](repeating: 0, count: count)    // Q = S g
        var real = [Double](repeating: 0, count: count)
        var imaginary = [Double](repeating: 0, count: count)
        func multiply(_ a: [Double], _ b: [Double], alpha: Double, beta: Double, into c: inout [Double]) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, alpha, a, n, b, n, beta, &c, n)
        }
        multiply(cosine, grey, alpha: 1, beta: 0, into: &cosineTimesImage)
        multiply(sine, grey, alpha: 1, beta: 0, into: &sineTimesImage)
        multiply(cosineTimesImage, cosine, alpha: 1, beta: 0, into: &real)        // C g C
        multiply(sineTimesImage, sine, alpha: -1, beta: 1, into: &real)           // - S g S
        multiply(cosineTimesImage, sine, alpha: -1, beta: 0, into: &imaginary)    // - C g S
        multiply(sineTimesImage, cosine, alpha: -1, beta: 1, into: &imaginary)    // - S g C
        return (real, imaginary)
    }

    /// |F(u, v)|^2 of `grey` with its mean removed (`centred`), S x S row-major. F(0, 0) is set
    /// to exactly 0: it is the mean, removed, and what round-off leaves there is not energy.
    public func powerSpectrum(_ grey: [Double]) throws -> [Double] {
        let (real, imaginary) = try transform(Self.centred(grey))
        var power = zip(real, imaginary).map { $0 * $0 + $1 * $1 }
        power[0] = 0
        return power
    }

    /// The power spectrum of an 8-bit RGB face (HWC): `powerSpectrum(greyLevels(rgb:))`.
    public func powerSpectrum(rgb: UnsafeBufferPointer<UInt8>) throws -> [Double] {
        try powerSpectrum(greyLevels(rgb: rgb))
    }
}
