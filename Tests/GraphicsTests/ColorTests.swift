import Graphics
import Imaging
import Testing

@Suite struct ColorTests {
    @Test func eightBitComponentsRoundTrip() {
        let color = Color(31, 119, 180)
        #expect(color.red == 31.0 / 255 && color.green == 119.0 / 255 && color.blue == 180.0 / 255)
        #expect(color == Color(RGBColor(red: 31, green: 119, blue: 180)))
        #expect([color.bytes.red, color.bytes.green, color.bytes.blue] == [31, 119, 180])
    }

    @Test func mixingIsAStraightLine() {
        let red = Color(red: 1, green: 0, blue: 0)
        #expect(red.mixed(with: Color(red: 0, green: 0, blue: 1), amount: 0.25) == Color(red: 0.75, green: 0, blue: 0.25))
        #expect(red.darker(0.5) == Color(red: 0.5, green: 0, blue: 0))
        #expect(red.lighter(0.5) == Color(red: 1, green: 0.5, blue: 0.5))
        let clamped = Color(red: 1.2, green: -0.1, blue: 0.5).bytes
        #expect([clamped.red, clamped.green, clamped.blue] == [255, 0, 128])
    }
}
