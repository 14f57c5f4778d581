import ACGAN
import AnimeData
import ArgumentParser
import Foundation
import Imaging

/// `acgan generate`: faces to order from a checkpoint (the bundled model by default).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Draw faces with the requested tags.",
        discussion: """
            Tags not given are drawn per face from the model's priors; `acgan generate --list-tags` \
            shows what a model knows. The same seeds give the same faces, here and in the web \
            studio (its "seed" and "picks" are --seed and --attribute-seed).

            Examples:
              acgan generate --tags "blue hair red eyes smile" --out grid.png
              acgan generate --tags "pink hair twin tail glasses" --count 8 --separate --out faces/
              acgan generate --tags-file testing_tags.txt --out grid.png
            """)

    @OptionGroup var model: ModelOptions
    @Option(help: "Tags, e.g. \"blue hair red eyes smile\"; \"no glasses\" turns a tag off.")
    var tags = ""
    @Option(help: "Lines '<id>,<tags>'; 5 faces per line, one row each (or sample_<id>_<n>.png with --separate).")
    var tagsFile: String?
    @Option(help: "Number of faces (default 25; with --tags-file, per line, default 5).")
    var count: Int?
    @Option(help: "Seed of the noise: face i uses seed + i, as in the web studio.")
    var seed: UInt64 = 7
    @Option(help: "Seed of the tags drawn at random (default: --seed); the studio calls it \"picks\".")
    var attributeSeed: UInt64?
    @Option(help: "A float32 .npy array (N, z) of latent vectors to use instead of random noise.")
    var latent: String?
    @Option(help: "Redraw noise values beyond ±T (the truncation trick): smaller is more typical, less varied.")
    var truncation: Float?
    @Option(help: "Columns of the grid (default: a square).")
    var columns: Int?
    @Flag(help: "Write one PNG per face into --out (a folder), with samples.json describing each.")
    var separate = false
    @Flag(help: "List the tags the model knows and exit.")
    var listTags = false
    @Option(help: "The output PNG (or folder with --separate).")
    var out = "grid.png"

    func validate() throws {
        if let count, !(1...1024).contains(count) { throw ValidationError("--count must be between 1 and 1024") }
        if let truncation, truncation <= 0 { throw ValidationError("--truncation must be positive") }
        if let columns, columns < 1 { throw ValidationError("--columns must be at least 1") }
        if tagsFile != nil && !tags.isEmpty { throw ValidationError("give --tags or --tags-file, not both") }
        if tagsFile != nil && latent != nil { throw ValidationError("--latent is for one request; not with --tags-file") }
    }

    func run() throws {
        let sampler = try model.sampler()
        if listTags {
            print(TagListing.text(for: sampler.vocabulary))
            return
        }
        let outURL = URL(fileURLWithPath: out)
        if let tagsFile {
            try runTagsFile(sampler: sampler, file: TagsFile(contentsOf: URL(fileURLWithPath: tagsFile)), outURL: outURL)
            return
        }
        let selection = try sampler.vocabulary.parse(tags)
        var latents: [[Float]]? = nil
        if let latent {
            let array = try NumpyArray(contentsOf: URL(fileURLWithPath: latent))
            guard array.shape.count == 2, array.shape[1] == sampler.latentSize else {
                throw ValidationError("\(latent) has shape \(array.shape); this model needs (N, \(sampler.latentSize))")
            }
            latents = (0..<array.shape[0]).map { Array(array.values[($0 * array.shape[1])..<(($0 + 1) * array.shape[1])]) }
        }
        let n = count ?? latents?.count ?? 25
        let (images, faces) = try sampler.faces(selection: selection, count: n, seed: seed, attributeSeed: attributeSeed,
                                                latents: latents, truncation: truncation)
        if separate {
            try writeSeparately(images: images, faces: faces, names: (0..<n).map { String(format: "face_%03d.png", $0) }, to: outURL)
        } else {
            let cols = columns ?? Int(Double(n).squareRoot().rounded(.up))
            try RGBImage.grid(images, rows: (n + cols - 1) / cols, columns: cols, margin: 2).write(to: outURL)
            printError("wrote \(n) faces (\(sampler.imageSize)x\(sampler.imageSize), model \(sampler.modelName)) to \(outURL.path)")
        }
    }

    func runTagsFile(sampler: Sampler, file: TagsFile, outURL: URL) throws {
        let perLine = count ?? 5
        let (images, faces, names) = try sampler.faces(for: file, perLine: perLine, seed: seed,
                                                       attributeSeed: attributeSeed, truncation: truncation)
        if separate {
            try writeSeparately(images: images, faces: faces, names: names, to: outURL)
        } else {
            try RGBImage.grid(images, rows: file.entries.count, columns: perLine, margin: 2).write(to: outURL)
            printError("wrote \(file.entries.count) rows of \(perLine) faces to \(outURL.path)")
        }
    }

    func writeSeparately(images: [RGBImage], faces: [GeneratedFace], names: [String], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var described: [GeneratedFace] = []
        for (image, (face, name)) in zip(images, zip(faces, names)) {
            try image.write(to: folder.appendingPathComponent(name))
            var entry = face
            entry.file = name
            described.append(entry)
        }
        // A JSON array with one compact face per line: readable, and short despite the vectors.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let lines = try described.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let json = "[\n" + lines.joined(separator: ",\n") + "\n]\n"
        try RGBImage.writeAtomically(Data(json.utf8), to: folder.appendingPathComponent("samples.json"))
        printError("wrote \(images.count) faces and samples.json to \(folder.path)")
    }
}

/// The tags of a vocabulary, for --list-tags.
enum TagListing {
    static func text(for vocabulary: TagVocabulary) -> String {
        var lines: [String] = []
        for group in vocabulary.groups {
            lines.append("\(group.name) (one of): " + group.values.joined(separator: ", "))
        }
        if !vocabulary.binaryTags.isEmpty {
            lines.append("on/off tags (\"no <tag>\" turns one off): " + vocabulary.binaryTags.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
