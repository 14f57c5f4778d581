import CCairo
import Imaging

extension Canvas {
    /// The pixels as tightly packed RGB bytes, row by row (HWC). cairo's RGB24 stores each
    /// pixel as a native-endian 32-bit word 0x00RRGGBB, rows `stride` bytes apart.
    public func rgbBytes() -> [UInt8] {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let (width, height) = (self.width, self.height)
        guard let data = cairo_image_surface_get_data(surface) else {
            return [UInt8](repeating: 0, count: width * height * 3)
        }
        return [UInt8](unsafeUninitializedCapacity: width * height * 3) { buffer, count in
            for row in 0..<height {
                let words = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                for column in 0..<width {
                    let word = words[column], target = (row * width + column) * 3
                    buffer[target] = UInt8(truncatingIfNeeded: word >> 16)
                    buffer[target + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    buffer[target + 2] = UInt8(truncatingIfNeeded: word)
                }
            }
            count = width * height * 3
        }
    }

    /// The pixels as an image.
    public func image() -> RGBImage {
        RGBImage(width: width, height: height, pixels: rgbBytes())
    }
}
