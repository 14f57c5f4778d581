import Foundation

/// A minimal PNG encoder for test figures (8-bit RGB, no compression: "stored" deflate blocks),
/// so the report tests do not depend on the Imaging target.
enum TestPNG {
    static func encode(_ image: TestImage) -> Data {
        var raw = [UInt8]()
        for row in 0..<image.height {
            raw.append(0)  // filter type None
            raw.append(contentsOf: image.bytes[(row * image.width * 3)..<((row + 1) * image.width * 3)])
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65535, raw.count - offset)
            let final: UInt8 = offset + length == raw.count ? 1 : 0
            zlib.append(final)
            zlib.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8),
                                     UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)])
            zlib.append(contentsOf: raw[offset..<(offset + length)])
            offset += length
        } while offset < raw.count
        zlib.append(contentsOf: bigEndian(adler32(raw)))
        var header = bigEndian(UInt32(image.width)) + bigEndian(UInt32(image.height))
        header += [8, 2, 0, 0, 0]  // 8-bit, RGB, deflate, adaptive filters, no interlace
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
        return Data(png)
    }

    /// Tiles equally sized images into a grid, `columns` per row.
    static func grid(_ images: [TestImage], columns: Int) -> TestImage {
        let width = images[0].width, height = images[0].height
        let rows = (images.count + columns - 1) / columns
        var bytes = [UInt8](repeating: 255, count: rows * height * columns * width * 3)
        for (index, image) in images.enumerated() {
            let top = (index / columns) * height, left = (index % columns) * width
            for y in 0..<height {
                let destination = ((top + y) * columns * width + left) * 3
                bytes.replaceSubrange(destination..<(destination + width * 3),
                                      with: image.bytes[(y * width * 3)..<((y + 1) * width * 3)])
            }
        }
        return TestImage(width: columns * width, height: rows * height, bytes: bytes)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return (b << 16) | a
    }
}
