import Foundation
import Graphics

/// The pictures of a report, as PNG files in memory (Graphics' `Figure` encodes an `RGBImage`).
/// They are embedded in report.html as data URIs and kept out of report.json.
public struct ReportFigures: Sendable, Equatable {
    /// A grid of generated faces (rows of classes, for example).
    public var sampleSheet: Figure?
    /// Interpolation between two latent points (or two tag sets) as one strip.
    public var interpolationStrip: Figure?
    /// The mean amplitude spectra of generated and real faces side by side
    /// (`SpectrumAverage.amplitudeFigure`).
    public var spectra: Figure?
    /// One entry per `MemorisationReport.rows` entry, in the same order.
    public var memorisation: [MemorisationImages]
    /// One row per continuous attribute and learned code, swept over its range
    /// (`Evaluator.continuousSweep`); nil without them.
    public var continuousSweep: Figure?

    /// Figures from their parts; all optional.
    public init(sampleSheet: Figure? = nil, interpolationStrip: Figure? = nil, spectra: Figure? = nil,
                memorisation: [MemorisationImages] = [], continuousSweep: Figure? = nil) {
        self.continuousSweep = continuousSweep
        self.sampleSheet = sampleSheet
        self.interpolationStrip = interpolationStrip
        self.spectra = spectra
        self.memorisation = memorisation
    }
}

/// The faces of one memorisation row, each a PNG file.
public struct MemorisationImages: Sendable, Equatable {
    /// The generated face.
    public var generated: Data
    /// Its nearest training faces by pixel distance, closest first.
    public var pixelNeighbors: [Data]
    /// Its nearest training faces by feature distance, closest first.
    public var featureNeighbors: [Data]

    /// One row's faces.
    public init(generated: Data, pixelNeighbors: [Data], featureNeighbors: [Data]) {
        self.generated = generated
        self.pixelNeighbors = pixelNeighbors
        self.featureNeighbors = featureNeighbors
    }
}
