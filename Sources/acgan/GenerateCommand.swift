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
              acgan generate --checkpoint run/generator.safetensors --tags "red hair" --codes 0.5,-1
            """)

    @OptionGroup var model: ModelOptions
    @Option(help: "Tags, e.g. \"blue hair red eyes smile\"; \"no glasses\" turns a tag off; a continuous attribute as name=value, e.g. face_size=1.05 (within its range: --list-tags).")
    var tags = ""
    @Option(help: "Values of the model's learned codes (acgan train --info-codes), comma-separated in [-1, 1], e.g. \"0.5,-1\" for code1 and code2; codes left out (or \"random\") are drawn per face with the attribute seed.")
    var codes: String?
    @Option(help: "Lines '<id>,<tags>'; 5 faces per line, one row each (or sample_<id>_<n>.png with --separate).")
    var tagsFile: String?
    @Option(help: "Number of faces, 1 to \(GenerateCommand.largestCount) (default 25; with --tags-file, per line, default 5).")
    var count: Int?
    @Option(help: "Seed of the noise: face i uses seed + i, as in the web studio.")
    var seed: UInt64 = 7
    @Option(help: "Seed of the tags drawn at random (default: --seed); the studio calls it \"picks\".")
    var attributeSeed: UInt64?
    @Option(help: "A float32 .npy array (N, z) of latent vectors to use instead of random noise.")
    var latent: String?
    @OptionGroup var truncation: TruncationOptions
    @Option(help: "Columns of the grid (default: a square).")
    var columns: Int?
    @Flag(help: "Write one PNG per face into --out (a folder), with samples.json describing each.")
    var separate = false
    @Flag(help: "List the tags the model knows and exit.")
    var listTags = false
    @Option(help: "The output PNG (or folder with --separate).")
    var out = "grid.png"

    /// The most faces one call draws (a 32x32 sheet).
    static let largestCount = 1024

    func validate() throws {
        if let count, !(1...Self.largestCount).contains(count) {
            throw ValidationError("--count must be between 1 and \(Self.largestCount), got \(count)")
        }
        if let columns, columns < 1 { throw ValidationError("--columns must be at least 1, got \(columns)") }
        if tagsFile != nil && !tags.isEmpty { throw ValidationError("give --tags or --tags-file, not both") }
        if tagsFile != nil && codes != nil { throw ValidationError("--codes is for --tags; not with --tags-file") }
        if tagsFile != nil && latent != nil { throw ValidationError("--latent is for one request; not with --tags-file") }
        if let tagsFile { try requireFile(tagsFile, option: "--tags-file") }
        if let latent { try requireFile(latent, option: "--latent") }
        if separate { try requireOutputFolder(out, option: "--out") } else { try requireWritableFilePath(out, option: "--out") }
    }

    func run() throws {
        let sampler = try model.sampler()
        if listTags {
            print(sampler.vocabulary.listing)
            return
        }
        let outURL = URL(fileURLWithPath: out)
        if let tagsFile {
            try runTagsFile(sampler: sampler, file: TagsFile(contentsOf: URL(fileURLWithPath: tagsFile)), outURL: outURL)
            return
        }
        var selection = try sampler.vocabulary.parse(tags)
        if let codes { selection = selection.overridden(by: try sampler.vocabulary.parseCodes(codes)) }
        let latents = try latent.map { try NumpyArray(contentsOf: URL(fileURLWithPath: $0)).rows(columns: sampler.latentSize, path: $0) }
        let n = count ?? latents?.count ?? 25
        let (images, faces) = try sampler.faces(selection: selection, count: n, seed: seed, attributeSeed: attributeSeed,
                                                latents: latents, truncation: truncation.truncation)
        if separate {
            try GeneratedFace.writeSeparately(images: images, faces: faces, names: (0..<n).map { String(format: "face_%03d.png", $0) },
                                              to: outURL)
            printError("wrote \(images.count) faces and \(GeneratedFace.samplesFileName) to \(outURL.path)")
        } else {
            let grid = FaceGrid.shape(count: n, columns: columns)
            try RGBImage.grid(images, rows: grid.rows, columns: grid.columns, margin: 2).write(to: outURL)
            printError("wrote \(n) faces (\(sampler.imageSize)x\(sampler.imageSize), model \(sampler.modelName)) to \(outURL.path)")
        }
    }

    func runTagsFile(sampler: Sampler, file: TagsFile, outURL: URL) throws {
        let perLine = count ?? 5
        let (images, faces, names) = try sampler.faces(for: file, perLine: perLine, seed: seed,
                                                       attributeSeed: attributeSeed, truncation: truncation.truncation)
        if separate {
            try GeneratedFace.writeSeparately(images: images, faces: faces, names: names, to: outURL)
            printError("wrote \(images.count) faces and \(GeneratedFace.samplesFileName) to \(outURL.path)")
        } else {
            try RGBImage.grid(images, rows: file.entries.count, columns: perLine, margin: 2).write(to: outURL)
            printError("wrote \(file.entries.count) rows of \(perLine) faces to \(outURL.path)")
        }
    }
}
