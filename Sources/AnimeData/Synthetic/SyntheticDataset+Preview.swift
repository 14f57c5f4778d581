import Imaging

extension SyntheticDataset {
    /// A contact sheet of the first `rows * columns` items of the set with `seed`, each drawn at
    /// `size` pixels and enlarged `upscale` times (nearest neighbour, so the sheet shows exactly
    /// the pixels a model sees), with a `margin`-pixel white border around every cell.
    public static func previewSheet(seed: UInt64, rows: Int = 8, columns: Int = 8, size: Int = 64,
                                    upscale: Int = 2, margin: Int = 2, balanced: Bool = true)
        throws(SyntheticAvatarError) -> RGBImage {
        guard rows > 0, columns > 0, (1...8).contains(upscale), (0...32).contains(margin) else {
            throw .invalidCount(rows * columns)
        }
        let renderer = try AvatarRenderer(size: size)
        let cell = size * upscale
        let width = columns * (cell + margin) + margin, height = rows * (cell + margin) + margin
        var sheet = [UInt8](repeating: 255, count: width * height * 3)
        for index in 0..<(rows * columns) {
            let item = item(index: index, seed: seed, balanced: balanced)
            let face = try renderer.render(item.labels, vocabulary: vocabulary, nuisance: item.nuisance)
            let originX = (index % columns) * (cell + margin) + margin
            let originY = (index / columns) * (cell + margin) + margin
            for y in 0..<cell {
                for x in 0..<cell {
                    let source = ((y / upscale) * size + x / upscale) * 3
                    let target = ((originY + y) * width + originX + x) * 3
                    sheet[target] = face.pixels[source]
                    sheet[target + 1] = face.pixels[source + 1]
                    sheet[target + 2] = face.pixels[source + 2]
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: sheet)
    }
}
