import Foundation
import Testing

/// Knuth's MMIX LCG, the same recipe as Scripts/*_reference.py, so test inputs are reproduced
/// bit-exactly on both sides.
struct ReferenceLCG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}

/// An 8-bit RGB test image (HWC).
struct TestImage {
    var width: Int
    var height: Int
    var bytes: [UInt8]
}

/// The image recipes of Scripts/msssim_reference.py.
enum TestImages {
    static func pattern(width: Int, height: Int, seed: UInt64) -> TestImage {
        var rng = ReferenceLCG(seed: seed)
        var bytes = [UInt8]()
        bytes.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    bytes.append(UInt8((3 * x + 5 * y + 85 * c) & 255) ^ UInt8(rng.next() >> 60))
                }
            }
        }
        return TestImage(width: width, height: height, bytes: bytes)
    }

    static func blocks(width: Int, height: Int, seed: UInt64, block: Int = 8) -> TestImage {
        var rng = ReferenceLCG(seed: seed)
        let rows = (height + block - 1) / block, columns = (width + block - 1) / block
        var colours = [UInt8]()
        for _ in 0..<(rows * columns * 3) { colours.append(UInt8(rng.next() >> 56)) }
        var bytes = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 { bytes.append(colours[((y / block) * columns + x / block) * 3 + c]) }
            }
        }
        return TestImage(width: width, height: height, bytes: bytes)
    }

    static func noisy(_ image: TestImage, seed: UInt64, amplitude: Int) -> TestImage {
        var rng = ReferenceLCG(seed: seed)
        var result = image
        for index in result.bytes.indices {
            let noise = Int(rng.next() % UInt64(2 * amplitude + 1)) - amplitude
            result.bytes[index] = UInt8(min(255, max(0, Int(image.bytes[index]) + noise)))
        }
        return result
    }

    /// Builds an image from a JSON spec of the reference script.
    static func make(_ spec: [String: Any]) -> TestImage {
        let kind = spec["kind"] as! String
        func int(_ key: String) -> Int { (spec[key] as! NSNumber).intValue }
        switch kind {
        case "pattern": return pattern(width: int("width"), height: int("height"), seed: UInt64(int("seed")))
        case "blocks": return blocks(width: int("width"), height: int("height"), seed: UInt64(int("seed")))
        case "noisy":
            return noisy(make(spec["base"] as! [String: Any]), seed: UInt64(int("seed")),
                         amplitude: int("amplitude"))
        case "inverted":
            var image = make(spec["base"] as! [String: Any])
            image.bytes = image.bytes.map { 255 - $0 }
            return image
        default: fatalError("unknown image kind \(kind) in fixture")
        }
    }
}

/// Loads a JSON fixture committed beside the script that produced it.
func loadFixture(_ name: String) throws -> [String: Any] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json"))
    let data = try Data(contentsOf: url)
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

/// The feature recipe of Scripts/fid_kid_reference.py: LCG values on a 2^-12 grid, combined so
/// that every Float is exact. Returns a flattened rows x dimension array.
func referenceFeatures(seed: UInt64, rows: Int, dimension: Int, kind: String) -> [Float] {
    var rng = ReferenceLCG(seed: seed)
    let width = dimension + 1
    let raw = (0..<(rows * width)).map { _ in Float(rng.next() >> 52) / 4096 - 0.5 }
    var features = [Float]()
    for row in 0..<rows {
        for column in 0..<dimension {
            let here = raw[row * width + column], next = raw[row * width + column + 1]
            if kind == "a" {
                features.append(here + 0.5 * next)
            } else {
                features.append(1.5 * here - 0.5 * next + (column % 2 == 0 ? 0.25 : 0))
            }
        }
    }
    return features
}
