import ACGAN
import Foundation
import Imaging
import Testing

@Suite struct GeneratedFaceFilesTests {
    @Test func samplesJSONHasOneFacePerLineAndParses() throws {
        let faces = [GeneratedFace(file: "a.png", tags: "blue hair", condition: [1, 0], latent: [0.5, -1]),
                     GeneratedFace(file: nil, tags: "red hair", condition: [0, 1], latent: [2, 0])]
        let text = String(decoding: try GeneratedFace.samplesJSON(faces), as: UTF8.self)
        #expect(text == """
            [
            {"condition":[1,0],"file":"a.png","latent":[0.5,-1],"tags":"blue hair"},
            {"condition":[0,1],"latent":[2,0],"tags":"red hair"}
            ]

            """)
        #expect(try JSONDecoder().decode([GeneratedFace].self, from: Data(text.utf8)) == faces)
    }

    @Test func writeSeparatelyWritesEveryImageAndDescribesIt() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("faces")
        let images = [RGBImage(width: 2, height: 2, pixels: [UInt8](repeating: 10, count: 12)),
                      RGBImage(width: 2, height: 2, pixels: [UInt8](repeating: 200, count: 12))]
        let faces = [GeneratedFace(file: nil, tags: "x", condition: [1], latent: [0]),
                     GeneratedFace(file: nil, tags: "y", condition: [0], latent: [1])]
        let described = try GeneratedFace.writeSeparately(images: images, faces: faces, names: ["f0.png", "f1.png"], to: folder)
        #expect(described.map(\.file) == ["f0.png", "f1.png"])
        #expect(try RGBImage(contentsOf: folder.appendingPathComponent("f1.png")) == images[1])
        let saved = try JSONDecoder().decode([GeneratedFace].self,
                                             from: Data(contentsOf: folder.appendingPathComponent(GeneratedFace.samplesFileName)))
        #expect(saved == described)
        // Only the files and samples.json: no temporary file is left behind.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["f0.png", "f1.png", "samples.json"])
    }

    @Test func gridShapeIsASquareOrTheColumnsAskedFor() {
        #expect(FaceGrid.shape(count: 25) == (5, 5))
        #expect(FaceGrid.shape(count: 26) == (5, 6))
        #expect(FaceGrid.shape(count: 1) == (1, 1))
        #expect(FaceGrid.shape(count: 10, columns: 4) == (3, 4))
        // More columns than faces would only add empty space (1,000,000 columns is 66 MB of white).
        #expect(FaceGrid.shape(count: 3, columns: 1_000_000) == (1, 3))
    }
}
