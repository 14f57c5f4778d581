import AnimeData
import Imaging
import Testing

/// The synthetic avatars pinned pixel for pixel: a data set written today must be the data set
/// written yesterday (the bundled model was trained on it, and seeds in share links name faces).
/// The hashes were taken from the renderer before it moved onto Graphics' canvas; the avatars use
/// no fonts, so they hold on any machine with the same cairo and pixman.
@Suite struct SyntheticAvatarPixelsTests {
    /// FNV-1a (64-bit) of the bytes: a fixed, dependency-free fingerprint.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// One pinned face: which item of which set, drawn at which size, and its hash.
    struct Pin: Sendable, CustomTestStringConvertible {
        var seed: UInt64, index: Int, size: Int, balanced: Bool, hash: UInt64
        var testDescription: String { "seed \(seed) item \(index) at \(size) px" }
    }

    @Test(arguments: [
        Pin(seed: 0, index: 0, size: 64, balanced: false, hash: 0x043d_8521_de59_0915),
        Pin(seed: 0, index: 1, size: 64, balanced: false, hash: 0x8ca9_1c9d_cba1_536c),
        Pin(seed: 7, index: 3, size: 64, balanced: true, hash: 0xdb7c_1aef_9dab_3cf9),
        Pin(seed: 7, index: 4, size: 64, balanced: true, hash: 0x3677_d25d_5a0a_16f5),
        Pin(seed: 42, index: 11, size: 32, balanced: true, hash: 0x6056_3abf_9b2a_ed0e),
        Pin(seed: 42, index: 12, size: 128, balanced: false, hash: 0xe6ae_bf19_8388_fa60),
    ])
    func itemsDrawTheSamePixels(_ pin: Pin) throws {
        let item = SyntheticDataset.item(index: pin.index, seed: pin.seed, balanced: pin.balanced)
        let image = try AvatarRenderer(size: pin.size).render(item.labels, nuisance: item.nuisance)
        #expect(image.width == pin.size && image.height == pin.size)
        let hash = Self.fnv1a(image.pixels)
        #expect(hash == pin.hash, "\(pin.testDescription): 0x\(String(hash, radix: 16))")
    }

    @Test func previewSheetDrawsTheSamePixels() throws {
        let sheet = try SyntheticDataset.previewSheet(seed: 3, rows: 2, columns: 4)
        let hash = Self.fnv1a(sheet.pixels)
        #expect(hash == 0x8462_5682_fb6d_8ead, "0x\(String(hash, radix: 16))")
    }
}
