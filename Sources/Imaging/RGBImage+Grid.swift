extension RGBImage {
    /// A sample sheet: `images` placed row by row into `rows` x `columns` cells, with `margin`
    /// pixels of `background` around and between the cells. Cells without an image stay
    /// background. The sheet is `columns * w + (columns + 1) * margin` pixels wide (and
    /// likewise high) for images of `w` x `h`.
    /// - Throws: `ImagingError.invalidArgument` if there are no images, more images than
    ///   cells, images of different sizes, or a non-positive grid or negative margin.
    public static func grid(_ images: [RGBImage], rows: Int, columns: Int, margin: Int = 2,
                            background: RGBColor = .white) throws -> RGBImage {
        guard rows > 0, columns > 0, margin >= 0 else {
            throw ImagingError.invalidArgument(
                "a grid needs positive rows and columns and a margin >= 0, got \(rows)x\(columns), margin \(margin)")
        }
        guard let first = images.first else {
            throw ImagingError.invalidArgument("a grid needs at least one image")
        }
        guard images.count <= rows * columns else {
            throw ImagingError.invalidArgument(
                "\(images.count) images do not fit in \(rows)x\(columns) cells; add rows or columns")
        }
        guard images.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
            throw ImagingError.invalidArgument("grid images must all be \(first.width)x\(first.height); resize them first")
        }
        let sheetWidth = columns * first.width + (columns + 1) * margin
        let sheetHeight = rows * first.height + (rows + 1) * margin
        var sheet = RGBImage(width: sheetWidth, height: sheetHeight, fill: background)
        let rowBytes = first.width * 3
        for (index, image) in images.enumerated() {
            let left = margin + (index % columns) * (first.width + margin)
            let top = margin + (index / columns) * (first.height + margin)
            for y in 0..<first.height {
                let target = ((top + y) * sheetWidth + left) * 3
                let source = y * rowBytes
                sheet.pixels.replaceSubrange(target..<(target + rowBytes), with: image.pixels[source..<(source + rowBytes)])
            }
        }
        return sheet
    }
}
