import Foundation

/// The pictures of a report, as PNG files in memory (encode `RGBImage`s with Imaging's PNG
/// encoder). They are embedded in report.html as data URIs and kept out of report.json.
public struct ReportFigures: Sendable, Equatable {
    /// A grid of generated faces (rows of classes, for example).
    public var sampleSheet: ReportImage?
    /// Interpolation between two latent points (or two tag sets) as one strip.
    public var interpolationStrip: ReportImage?
    /// One entry per `MemorisationReport.rows` entry, in the same order.
    public var memorisation: [MemorisationImages]

    /// Figures from their parts; all optional.
    public init(sampleSheet: ReportImage? = nil, interpolationStrip: ReportImage? = nil,
                memorisation: [MemorisationImages] = []) {
        self.sampleSheet = sampleSheet
        self.interpolationStrip = interpolationStrip
        self.memorisation = memorisation
    }
}

/// One PNG image with a caption.
public struct ReportImage: Sendable, Equatable {
    /// The encoded PNG file.
    public var pngData: Data
    /// What the image shows.
    public var caption: String

    /// An image with its caption.
    public init(pngData: Data, caption: String) {
        self.pngData = pngData
        self.caption = caption
    }

    /// The `data:` URI that embeds it.
    public var dataURI: String { "data:image/png;base64," + pngData.base64EncodedString() }
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
