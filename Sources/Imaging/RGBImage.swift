/// An 8-bit RGB image stored row by row, pixel by pixel (HWC): the byte of channel `c` of the
/// pixel at column `x`, row `y` is `pixels[(y * width + x) * 3 + c]`.
///
/// A value type with no C state: decoders copy into it and encoders read from it, so images
/// can be sent between threads freely.
public struct RGBImage: Sendable, Equatable, Hashable {
    /// Width in pixels (at least 1).
    public let width: Int
    /// Height in pixels (at least 1).
    public let height: Int
    /// `height * width * 3` bytes, HWC, rows top to bottom. Code that edits it in place must
    /// keep the count.
    public var pixels: [UInt8]

    /// Wraps existing HWC bytes.
    /// - Precondition: `width`, `height` > 0 and `pixels.count == width * height * 3`
    ///   (a programming error, not a data error: decoders validate before they get here).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "RGBImage needs a positive size, got \(width)x\(height)")
        precondition(pixels.count == width * height * 3,
                     "RGBImage \(width)x\(height) needs \(width * height * 3) bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with one colour.
    public init(width: Int, height: Int, fill color: RGBColor) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in stride(from: 0, to: pixels.count, by: 3) {
            pixels[index] = color.red
            pixels[index + 1] = color.green
            pixels[index + 2] = color.blue
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// The colour at column `x`, row `y` (both zero-based, from the top-left corner).
    public subscript(x: Int, y: Int) -> RGBColor {
        get {
            let index = (y * width + x) * 3
            return RGBColor(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2])
        }
        set {
            let index = (y * width + x) * 3
            pixels[index] = newValue.red
            pixels[index + 1] = newValue.green
            pixels[index + 2] = newValue.blue
        }
    }
}

/// One 8-bit sRGB colour.
public struct RGBColor: Sendable, Equatable, Hashable {
    /// Red, 0...255.
    public var red: UInt8
    /// Green, 0...255.
    public var green: UInt8
    /// Blue, 0...255.
    public var blue: UInt8

    /// Creates a colour from its three channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Pure white, the default background of sample sheets.
    public static let white = RGBColor(red: 255, green: 255, blue: 255)
    /// Pure black.
    public static let black = RGBColor(red: 0, green: 0, blue: 0)
}
