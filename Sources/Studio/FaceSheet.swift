import Imaging

/// How the Studio lays faces out in one image: a near-square grid for `POST /api/generate`
/// and a single row for `POST /api/interpolate`, on the page's light neutral with Imaging's
/// default gap, so a download reads as separate faces.
enum FaceSheet {
    /// Background colour between faces.
    static let background = RGBColor(red: 244, green: 242, blue: 247)

    /// Columns of a near-square grid for `count` faces: ceil(sqrt(count)).
    static func columns(forCount count: Int) -> Int {
        var columns = 1
        while columns * columns < count { columns += 1 }
        return columns
    }

    /// Tiles same-size `faces` row by row, `columns` wide.
    static func tile(_ faces: [RGBImage], columns: Int) throws -> RGBImage {
        let rows = (faces.count + columns - 1) / columns
        return try RGBImage.grid(faces, rows: rows, columns: columns, background: background)
    }
}
