extension RGBImage {
    /// The `width` x `height` rectangle centred in the image (offsets rounded down).
    /// - Throws: `ImagingError.invalidArgument` if the rectangle is larger than the image.
    public func centerCropped(width cropWidth: Int, height cropHeight: Int) throws -> RGBImage {
        guard cropWidth > 0, cropHeight > 0, cropWidth <= width, cropHeight <= height else {
            throw ImagingError.invalidArgument(
                "cannot crop \(cropWidth)x\(cropHeight) out of a \(width)x\(height) image; choose a size inside it")
        }
        let left = (width - cropWidth) / 2
        let top = (height - cropHeight) / 2
        var result = [UInt8]()
        result.reserveCapacity(cropWidth * cropHeight * 3)
        for y in top..<(top + cropHeight) {
            let rowStart = (y * width + left) * 3
            result.append(contentsOf: pixels[rowStart..<(rowStart + cropWidth * 3)])
        }
        return RGBImage(width: cropWidth, height: cropHeight, pixels: result)
    }

    /// The largest centred square (the whole image if it is square already).
    public func centerCroppedToSquare() -> RGBImage {
        let side = min(width, height)
        // The crop always fits, so this cannot throw.
        return (try? centerCropped(width: side, height: side)) ?? self
    }

    /// The mirror image (left and right swapped), used for data augmentation.
    public func horizontallyFlipped() -> RGBImage {
        var result = pixels
        for y in 0..<height {
            for x in 0..<width {
                let source = (y * width + x) * 3
                let target = (y * width + (width - 1 - x)) * 3
                result[target] = pixels[source]
                result[target + 1] = pixels[source + 1]
                result[target + 2] = pixels[source + 2]
            }
        }
        return RGBImage(width: width, height: height, pixels: result)
    }
}
