import AnimeData
import Foundation
import Imaging
import NeuralNetwork
import Tensors
import Testing
import ACGAN
import SafeTensors

/// A generator exported from PyTorch (Scripts/export_torch_generator.py: the reference
/// `Generator` of shared/bench/torch_reference.py, eval mode, trained BatchNorm statistics)
/// loads as a model file here and draws the same faces as PyTorch did.
@Suite struct TorchExportTests {
    static func fixtureURL(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name).safetensors")
    }

    static func samples() throws -> (z: Tensor, c: Tensor, output: Tensor, images: SafeTensor) {
        let file = try SafeTensorsFile(contentsOf: fixtureURL("torch_export_samples"))
        func tensor(_ key: String) throws -> Tensor {
            let t = try file.tensor(named: key)
            return Tensor(shape: t.shape, scalars: t.values)
        }
        return (try tensor("z"), try tensor("c"), try tensor("output"), try file.tensor(named: "images"))
    }

    @Test func metadataDescribesTheSmallSyntheticAvatarModel() throws {
        let file = try SafeTensorsFile(contentsOf: Self.fixtureURL("torch_export_generator"))
        #expect(file.metadata["format"] == TrainingCheckpoint.format)
        let checkpoint = try TrainingCheckpoint(file: file, path: "torch_export_generator")
        let (configuration, vocabulary) = (checkpoint.configuration, checkpoint.vocabulary)
        #expect(configuration == ModelConfiguration(imageSize: 64, latentSize: 16, conditionLength: 34,
                                                    generatorWidth: 8, generatorBlocks: 2))
        // Python wrote the built-in vocabulary byte for byte as Swift encodes it.
        #expect(vocabulary == TagVocabulary.syntheticAvatars)
        #expect(file.metadata["vocabulary"] == String(decoding: try TagVocabulary.syntheticAvatars.jsonData(), as: UTF8.self))
        #expect(file.metadata["configuration"] == (try checkpoint.safeTensorsFile()).metadata["configuration"])
        // BatchNorm counters are I64, as torch stores them, and the statistics were trained.
        let counter = try file.tensor(named: "bn0.num_batches_tracked")
        #expect(counter.dtype == .int64 && counter.values == [5])
        #expect(try file.tensor(named: "bn0.running_var").values.contains { abs($0 - 1) > 0.05 })
    }

    @Test func samplerDrawsTorchsImagesWithinOneLevel() throws {
        let sampler = try Sampler(checkpoint: Self.fixtureURL("torch_export_generator"))
        #expect(sampler.modelName == "torch_export_generator")
        #expect(sampler.vocabulary == TagVocabulary.syntheticAvatars)
        let (z, c, _, expected) = try Self.samples()
        let images = sampler.generate(z: z, condition: c)
        #expect(images.count == 4)
        #expect(expected.shape == [4, 64, 64, 3] && expected.dtype == .uint8)
        var worst = 0, differing = 0
        for (index, image) in images.enumerated() {
            #expect(image.width == 64 && image.height == 64)
            let reference = expected.values[(index * 64 * 64 * 3)..<((index + 1) * 64 * 64 * 3)]
            for (mine, theirs) in zip(image.pixels, reference) {
                let difference = abs(Int(mine) - Int(theirs))
                worst = max(worst, difference)
                if difference > 0 { differing += 1 }
            }
        }
        #expect(worst <= 1, "largest difference \(worst) levels")
        // A one-level difference only happens when a value lies within float error of a
        // rounding boundary (or on an exact .5, which torch rounds to even): rare.
        #expect(differing <= expected.values.count / 200, "\(differing) of \(expected.values.count) bytes differ")
        // The images are not flat: the comparison would be weak on a grey square.
        let levels = Set(expected.values.map { UInt8($0) })
        #expect(levels.count > 150)
    }

    @Test func generatorOutputMatchesTorchBeforeQuantisation() throws {
        let generator = try TrainingCheckpoint(contentsOf: Self.fixtureURL("torch_export_generator")).samplingGenerator()
        let (z, c, output, _) = try Self.samples()
        let mine = withoutGradients { generator(z, c) }
        #expect(mine.shape == output.shape)
        let worst = zip(mine.scalars, output.scalars).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    @Test func fileWithoutMetadataIsAClearCheckpointError() throws {
        let exported = try SafeTensorsFile(contentsOf: Self.fixtureURL("torch_export_generator"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("TorchExportTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bare_state_dict.safetensors")
        try SafeTensorsFile(tensors: exported.tensors).write(to: url)

        do {
            _ = try Sampler(checkpoint: url)
            Issue.record("a file without metadata loaded")
        } catch let error as CheckpointError {
            guard case .missingMetadata(let path, let key) = error else {
                Issue.record("expected missingMetadata, got \(error)")
                return
            }
            #expect(path == url.path)
            #expect(key == "configuration")
            #expect(error.description.contains("bare_state_dict.safetensors"))
            #expect(error.description.contains("export_torch_generator.py"))
        }
    }

    @Test func vocabularyOfTheWrongLengthIsRejected() throws {
        var exported = try SafeTensorsFile(contentsOf: Self.fixtureURL("torch_export_generator"))
        exported.metadata["vocabulary"] = String(decoding: try TagVocabulary.animeFaces.jsonData(), as: UTF8.self)
        #expect {
            _ = try TrainingCheckpoint(file: exported, path: "mismatched.safetensors")
        } throws: { error in
            guard case .invalidMetadata(_, let key, let reason) = error as? CheckpointError else { return false }
            return key == "vocabulary" && reason.contains("22") && reason.contains("34")
        }
    }
}
