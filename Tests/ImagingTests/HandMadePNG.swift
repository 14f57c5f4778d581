import Foundation

/// Writes PNG files byte by byte (stored, uncompressed deflate blocks), independently of
/// libpng, so that decoding tests compare against pixel values we wrote ourselves.
enum HandMadePNG {
    /// PNG colour types (PNG spec, IHDR).
    enum ColorType: UInt8 {
        case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6
    }

    /// A PNG of `rows` (raw scanline bytes without the filter byte; filter 0 is added).
    static func make(width: Int, height: Int, bitDepth: UInt8, colorType: ColorType,
                     rows: [[UInt8]], palette: [UInt8]? = nil) -> Data {
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(bigEndian32(UInt32(width)))
        header.append(bigEndian32(UInt32(height)))
        header.append(contentsOf: [bitDepth, colorType.rawValue, 0, 0, 0])
        png.append(chunk("IHDR", header))
        if let palette { png.append(chunk("PLTE", Data(palette))) }
        var raw: [UInt8] = []
        for row in rows { raw.append(0); raw.append(contentsOf: row) }
        png.append(chunk("IDAT", zlibStored(raw)))
        png.append(chunk("IEND", Data()))
        return png
    }

    /// A zlib stream of stored deflate blocks (RFC 1950/1951), at most 65,535 bytes per block.
    static func zlibStored(_ bytes: [UInt8]) -> Data {
        var out = Data([0x78, 0x01])
        var start = 0
        repeat {
            let length = min(65_535, bytes.count - start)
            let isLast: UInt8 = start + length == bytes.count ? 1 : 0
            out.append(isLast)
            out.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8),
                                    UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)])
            out.append(contentsOf: bytes[start..<(start + length)])
            start += length
        } while start < bytes.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        out.append(bigEndian32(b << 16 | a))
        return out
    }

    static func chunk(_ type: String, _ body: Data) -> Data {
        var out = bigEndian32(UInt32(body.count))
        let typed = Data(type.utf8) + body
        out.append(typed)
        out.append(bigEndian32(crc32(typed)))
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian32(_ value: UInt32) -> Data {
        Data([UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
