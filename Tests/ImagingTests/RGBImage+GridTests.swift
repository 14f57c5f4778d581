import Imaging
import Testing

@Test func gridPlacesImagesRowByRowWithMargins() throws {
    let colors = [RGBColor(red: 255, green: 0, blue: 0), RGBColor(red: 0, green: 255, blue: 0),
                  RGBColor(red: 0, green: 0, blue: 255)]
    let images = colors.map { RGBImage(width: 2, height: 3, fill: $0) }
    let sheet = try RGBImage.grid(images, rows: 2, columns: 2, margin: 1, background: .black)
    // 2 * 2 + 3 * 1 = 7 wide, 2 * 3 + 3 * 1 = 9 high.
    #expect(sheet.width == 7 && sheet.height == 9)
    #expect(sheet[0, 0] == .black)
    #expect(sheet[1, 1] == colors[0] && sheet[2, 3] == colors[0])
    #expect(sheet[3, 1] == .black)                      // margin between columns
    #expect(sheet[4, 1] == colors[1] && sheet[5, 3] == colors[1])
    #expect(sheet[1, 5] == colors[2])                   // second row starts at 1 + 3 + 1
    #expect(sheet[4, 5] == .black)                      // empty fourth cell
}

@Test func gridRejectsBadArguments() {
    let small = RGBImage(width: 2, height: 2, fill: .white)
    let other = RGBImage(width: 3, height: 2, fill: .white)
    #expect(throws: ImagingError.self) { try RGBImage.grid([], rows: 1, columns: 1) }
    #expect(throws: ImagingError.self) { try RGBImage.grid([small, small], rows: 1, columns: 1) }
    #expect(throws: ImagingError.self) { try RGBImage.grid([small, other], rows: 1, columns: 2) }
    #expect(throws: ImagingError.self) { try RGBImage.grid([small], rows: 0, columns: 1) }
}
