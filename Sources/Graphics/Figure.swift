import Foundation
import Imaging

/// A picture of a report: one PNG file in memory with its caption, embedded in an HTML page as
/// a `data:` URI so that the page is one self-contained file.
public struct Figure: Sendable, Equatable {
    /// The encoded PNG file.
    public var pngData: Data
    /// What the image shows.
    public var caption: String

    /// A figure from an encoded PNG file.
    public init(pngData: Data, caption: String) {
        self.pngData = pngData
        self.caption = caption
    }

    /// A figure from an image, PNG-encoded.
    public init(image: RGBImage, caption: String) throws {
        self.init(pngData: try image.pngData(), caption: caption)
    }

    /// The `data:` URI that embeds it.
    public var dataURI: String { Self.dataURI(png: pngData) }

    /// The `data:` URI of a PNG file.
    public static func dataURI(png: Data) -> String { "data:image/png;base64," + png.base64EncodedString() }
}
