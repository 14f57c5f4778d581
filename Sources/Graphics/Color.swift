import Imaging

/// An sRGB colour with components in [0, 1], the unit cairo takes. `Imaging.RGBColor` is the
/// 8-bit colour of a pixel; this is the colour of paint, which mixes and fades in between.
public struct Color: Sendable, Equatable, Hashable {
    /// Red, green and blue in [0, 1].
    public var red: Double, green: Double, blue: Double

    /// A colour from components in [0, 1].
    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from 8-bit components, the way palettes are usually written down.
    public init(_ red: Int, _ green: Int, _ blue: Int) {
        self.init(red: Double(red) / 255, green: Double(green) / 255, blue: Double(blue) / 255)
    }

    /// The colour of an 8-bit pixel value.
    public init(_ color: RGBColor) {
        self.init(Int(color.red), Int(color.green), Int(color.blue))
    }

    /// The straight-line mix `self * (1 - amount) + other * amount`.
    public func mixed(with other: Color, amount: Double) -> Color {
        Color(red: red + (other.red - red) * amount,
              green: green + (other.green - green) * amount,
              blue: blue + (other.blue - blue) * amount)
    }

    /// Towards black by `amount` (0 keeps the colour, 1 gives black).
    public func darker(_ amount: Double) -> Color {
        mixed(with: Color(red: 0, green: 0, blue: 0), amount: amount)
    }

    /// Towards white by `amount` (0 keeps the colour, 1 gives white).
    public func lighter(_ amount: Double) -> Color {
        mixed(with: Color(red: 1, green: 1, blue: 1), amount: amount)
    }

    /// The 8-bit components, rounded.
    public var bytes: (red: UInt8, green: UInt8, blue: UInt8) {
        func byte(_ value: Double) -> UInt8 { UInt8(max(0, min(255, (value * 255).rounded()))) }
        return (byte(red), byte(green), byte(blue))
    }
}
