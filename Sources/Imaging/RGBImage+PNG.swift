import CPNG
import Foundation

extension RGBImage {
    /// The largest width or height accepted from a file header: guards against corrupt headers
    /// that would make us allocate gigabytes.
    public static let maximumSide = 16_384

    /// Decodes PNG bytes with libpng's simplified `png_image` API (libpng does its own
    /// `setjmp` internally; no `longjmp` crosses Swift).
    ///
    /// Grayscale and palette images become RGB; 16-bit images are reduced to 8 bits (read as sRGB
    /// unless a gAMA chunk says otherwise); alpha is composited onto white.
    /// - Parameter source: the name used in errors (a file path, or "memory").
    public init(pngData data: Data, source: String = "memory") throws {
        guard !data.isEmpty else { throw ImagingError.empty(source: source) }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }

        let (width, height, pixels): (Int, Int, [UInt8]) = try data.withUnsafeBytes { raw in
            guard png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count) != 0 else {
                throw ImagingError.corrupt(source: source, format: .png, reason: Self.message(of: image))
            }
            let width = Int(image.width)
            let height = Int(image.height)
            guard width > 0, height > 0 else {
                throw ImagingError.corrupt(source: source, format: .png, reason: "no image size in the header")
            }
            guard width <= Self.maximumSide, height <= Self.maximumSide else {
                throw ImagingError.tooLarge(source: source, width: width, height: height)
            }
            image.format = UInt32(PNG_FORMAT_RGB)
            // Without this flag libpng assumes 16-bit data without gAMA/sRGB chunks is linear
            // light and brightens it on the way to 8 bits; real 16-bit PNGs are sRGB-encoded.
            image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            var background = png_color(red: 255, green: 255, blue: 255)
            let finished = pixels.withUnsafeMutableBytes { buffer in
                png_image_finish_read(&image, &background, buffer.baseAddress, png_int_32(width * 3), nil)
            }
            guard finished != 0 else {
                throw ImagingError.corrupt(source: source, format: .png, reason: Self.message(of: image))
            }
            return (width, height, pixels)
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// Encodes the image as an 8-bit RGB PNG (default zlib compression, no metadata).
    public func pngData() throws -> Data {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_RGB)
        defer { png_image_free(&image) }
        let rowStride = png_int_32(width * 3)

        return try pixels.withUnsafeBytes { source in
            // The first call with a nil buffer asks libpng for an upper bound of the size.
            var size = 0
            guard png_image_write_to_memory(&image, nil, &size, 0, source.baseAddress, rowStride, nil) != 0 else {
                throw ImagingError.encodingFailed(format: .png, reason: Self.message(of: image))
            }
            var output = Data(count: size)
            let written = output.withUnsafeMutableBytes { buffer in
                png_image_write_to_memory(&image, buffer.baseAddress, &size, 0, source.baseAddress, rowStride, nil)
            }
            guard written != 0 else {
                throw ImagingError.encodingFailed(format: .png, reason: Self.message(of: image))
            }
            return output.prefix(size)
        }
    }

    /// libpng's error text: a NUL-terminated `char[64]` inside the `png_image` struct.
    private static func message(of image: png_image) -> String {
        var copy = image.message
        let text = withUnsafeBytes(of: &copy) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return text.isEmpty ? "libpng gave no reason" : text
    }
}
