import AnimeData
import Dispatch
import Foundation
import Imaging
import Studio

/// A deterministic stand-in for the ACGAN generator: it paints a simple avatar whose colours
/// are computed from the condition vector and the latent, so tests can check that the right
/// condition and latent reached the model by reading pixels back.
///
/// Layout of a 64x64 image (x, y from the top-left corner):
/// - background: (200 + 40 tanh z0, 200 + 40 tanh z1, 215 + 40 tanh z2), from the latent
/// - hair: the disc of radius 26 around (32, 30), colour = sum over the hair block of
///   condition[k] * hairPalette[k] (an exact palette colour for a one-hot condition)
/// - face: the disc of radius 17 around (32, 36), skin (255, 226, 206)
/// - eyes: 5x5 squares centred at (25, 34) and (39, 34), coloured like the hair from the
///   eye block
/// - smile: row 44, |x - 32| <= 5, dark pink when the "smile" entry is >= 0.5
struct TestAvatarModel: AvatarModel {
    let vocabulary = TagVocabulary.syntheticAvatars
    let imageSize = 64
    let latentSize = 8
    let modelName = "test avatars"

    static let skin = RGBColor(red: 255, green: 226, blue: 206)
    static let mouth = RGBColor(red: 196, green: 64, blue: 104)

    /// A colour for each value phrase: its colour word, or grey for other phrases.
    static func paletteColour(_ phrase: String) -> (Double, Double, Double) {
        let colours: [String: (Double, Double, Double)] = [
            "blonde": (242, 210, 124), "brown": (138, 90, 59), "black": (43, 43, 51),
            "blue": (74, 125, 255), "pink": (255, 140, 198), "purple": (155, 107, 255),
            "green": (63, 191, 127), "red": (229, 72, 77), "silver": (201, 204, 214),
            "white": (247, 247, 251), "orange": (255, 154, 60), "aqua": (53, 208, 208),
            "grey": (154, 154, 166), "yellow": (245, 217, 10),
        ]
        let word = String(phrase.split(separator: " ").first ?? "")
        return colours[word] ?? (128, 128, 128)
    }

    /// The blended colour of one group's block of a condition vector.
    func blockColour(group groupIndex: Int, condition: [Float]) -> RGBColor {
        let offset = vocabulary.groupSizes.prefix(groupIndex).reduce(0, +)
        var red = 0.0, green = 0.0, blue = 0.0
        for (valueIndex, phrase) in vocabulary.groups[groupIndex].values.enumerated() {
            let weight = Double(condition[offset + valueIndex])
            let colour = Self.paletteColour(phrase)
            red += weight * colour.0
            green += weight * colour.1
            blue += weight * colour.2
        }
        return RGBColor(red: Self.byte(red), green: Self.byte(green), blue: Self.byte(blue))
    }

    static func byte(_ value: Double) -> UInt8 {
        UInt8(max(0, min(255, value.rounded())))
    }

    func image(condition: [Float], latent: [Float]) -> RGBImage {
        let background = RGBColor(
            red: Self.byte(200 + 40 * tanh(Double(latent[0]))),
            green: Self.byte(200 + 40 * tanh(Double(latent[1]))),
            blue: Self.byte(215 + 40 * tanh(Double(latent[2]))))
        let hair = blockColour(group: 0, condition: condition)
        let eyes = blockColour(group: 2, condition: condition)
        let smileIndex = vocabulary.groupSizes.reduce(0, +)
            + vocabulary.binaryTags.firstIndex { $0.name == "smile" }!
        let smiles = condition[smileIndex] >= 0.5
        var pixels = [UInt8]()
        pixels.reserveCapacity(imageSize * imageSize * 3)
        for y in 0..<imageSize {
            for x in 0..<imageSize {
                let inHair = (x - 32) * (x - 32) + (y - 30) * (y - 30) <= 26 * 26
                let inFace = (x - 32) * (x - 32) + (y - 36) * (y - 36) <= 17 * 17
                let inEye = abs(y - 34) <= 2 && (abs(x - 25) <= 2 || abs(x - 39) <= 2)
                let inMouth = smiles && y == 44 && abs(x - 32) <= 5
                let colour = inEye ? eyes : inMouth ? Self.mouth : inFace ? Self.skin : inHair ? hair : background
                pixels += [colour.red, colour.green, colour.blue]
            }
        }
        return RGBImage(width: imageSize, height: imageSize, pixels: pixels)
    }

    func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        zip(conditions, latents).map { image(condition: $0, latent: $1) }
    }
}

/// The test model behind a gate: `generate` blocks until the test opens the gate, so a test
/// can hold the generation queue full.
final class GatedAvatarModel: AvatarModel {
    let inner = TestAvatarModel()
    let gate = DispatchSemaphore(value: 0)
    var vocabulary: TagVocabulary { inner.vocabulary }
    var imageSize: Int { inner.imageSize }
    var latentSize: Int { inner.latentSize }
    var modelName: String { inner.modelName }

    func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        gate.wait()
        return try inner.generate(conditions: conditions, latents: latents)
    }

    /// Lets `count` waiting or future calls through.
    func open(count: Int = 1) {
        for _ in 0..<count { gate.signal() }
    }
}

/// A model that fails the way a broken checkpoint might.
struct BrokenAvatarModel: AvatarModel {
    enum Failure: Error, CustomStringConvertible {
        case weightsMissing
        var description: String { "weights missing" }
    }
    /// What goes wrong.
    enum Mode: Sendable { case throwing, wrongSize, wrongCount }
    let mode: Mode
    let inner = TestAvatarModel()
    var vocabulary: TagVocabulary { inner.vocabulary }
    var imageSize: Int { inner.imageSize }
    var latentSize: Int { inner.latentSize }
    var modelName: String { "broken" }

    func generate(conditions: [[Float]], latents: [[Float]]) throws -> [RGBImage] {
        switch mode {
        case .throwing: throw Failure.weightsMissing
        case .wrongSize: return latents.map { _ in RGBImage(width: 32, height: 32, fill: .black) }
        case .wrongCount: return []
        }
    }
}
