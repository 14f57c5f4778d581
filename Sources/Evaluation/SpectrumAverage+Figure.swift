import Foundation
import Graphics
import Imaging

extension SpectrumAverage {
    /// Decades of amplitude the picture spans: the largest mean amplitude of either set is white,
    /// 10^-4 of it and below black.
    static let pictureDecades = 4.0

    /// The mean amplitude spectra of generated (left) and real (right) faces side by side, centred
    /// (`centredMeanAmplitude`), on one log scale shared by both, enlarged with nearest neighbour
    /// to at least 256 pixels a side so every frequency cell is visible.
    /// - Throws: `EvaluationError.imageShapesDiffer` when the two sides differ.
    public static func amplitudeFigure(generated: SpectrumAverage, real: SpectrumAverage) throws -> Figure {
        let side = generated.spectrum.side
        guard real.spectrum.side == side else {
            throw EvaluationError.imageShapesDiffer(first: "\(side)x\(side)",
                                                    second: "\(real.spectrum.side)x\(real.spectrum.side)")
        }
        let panels = [generated.centredMeanAmplitude, real.centredMeanAmplitude]
        let logarithms = panels.map { panel in panel.map { $0 > 0 ? log10($0) : -Double.infinity } }
        let top = logarithms.flatMap { $0 }.max() ?? 0
        let bottom = top - pictureDecades
        let scale = max(1, 256 / side)
        let images = logarithms.map { panel in
            let levels = panel.map { value -> UInt8 in
                guard top.isFinite, value.isFinite else { return 0 }
                return UInt8(max(0, min(255, ((value - bottom) / pictureDecades * 255).rounded())))
            }
            return enlarged(levels, side: side, scale: scale)
        }
        let picture = try RGBImage.grid(images, rows: 1, columns: 2, margin: 8)
        let half = side / 2, quarter = side / 4
        var caption = "Mean amplitude spectrum |F| of the grey level (mean removed) of \(generated.count) generated "
            + "faces (left) and \(real.count) real faces (right), zero frequency in the centre, on one log scale "
            + "(white: the largest mean amplitude of either; black: 10^-\(Int(pictureDecades)) of it). "
            + "The top row and left column are frequency \(half) of \(side), period 2: a 1-pixel checkerboard "
            + "or stripes. "
        if side % 4 == 0 {
            caption += "The rows and columns halfway between the centre and the edges are frequencies "
                + "\(quarter) and \(3 * quarter), period 4. "
        }
        caption += "Bright lines there that the real spectrum lacks are the generator's upsampling artefacts; "
            + "a bright cross through the centre is ordinary image content (edges along the axes)."
        return try Figure(image: picture, caption: caption)
    }

    /// A grey image of `side` x `side` levels, each pixel repeated `scale` x `scale` times.
    static func enlarged(_ levels: [UInt8], side: Int, scale: Int) -> RGBImage {
        let width = side * scale
        var pixels = [UInt8](repeating: 0, count: width * width * 3)
        for y in 0..<width {
            for x in 0..<width {
                let level = levels[(y / scale) * side + x / scale]
                let offset = (y * width + x) * 3
                pixels[offset] = level
                pixels[offset + 1] = level
                pixels[offset + 2] = level
            }
        }
        return RGBImage(width: width, height: width, pixels: pixels)
    }
}
