import ACGAN
import ArgumentParser
import Foundation
import Imaging

/// `acgan interpolate`: a strip of faces morphing between two seeds or two tag sets.
struct InterpolateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interpolate",
        abstract: "Morph between two faces: two seeds (spherical interpolation of the noise) or two tag sets.",
        discussion: """
            Examples:
              acgan interpolate --from-seed 1 --to-seed 2 --tags "blonde hair blue eyes" --out strip.png
              acgan interpolate --from-tags "red hair" --to-tags "blue hair" --seed 5 --steps 10 --out strip.png
            """)

    @OptionGroup var model: ModelOptions
    @Option(help: "Seed of the first face's noise (default: --seed).")
    var fromSeed: UInt64?
    @Option(help: "Seed of the last face's noise (default: --seed).")
    var toSeed: UInt64?
    @Option(help: "Tags of both ends, when only the seeds differ.")
    var tags = ""
    @Option(help: "Tags of the first face (default: --tags).")
    var fromTags: String?
    @Option(help: "Tags of the last face (default: --tags).")
    var toTags: String?
    @Option(help: "Seed of the noise when --from-seed/--to-seed are not given, and of tags left random.")
    var seed: UInt64 = 7
    @Option(help: "Faces in the strip, ends included (2-64).")
    var steps = 8
    @OptionGroup var truncation: TruncationOptions
    @Option(help: "The output PNG.")
    var out = "interpolation.png"

    func validate() throws {
        guard (2...64).contains(steps) else { throw ValidationError("--steps must be between 2 and 64, got \(steps)") }
        try requireWritableFilePath(out, option: "--out")
    }

    func run() throws {
        let sampler = try model.sampler()
        let vocabulary = sampler.vocabulary
        let shared = try vocabulary.parse(tags)
        let start = shared.overridden(by: try vocabulary.parse(fromTags ?? ""))
        let end = shared.overridden(by: try vocabulary.parse(toTags ?? ""))
        let strip = try sampler.interpolation(from: start, to: end, startSeed: fromSeed ?? seed, endSeed: toSeed ?? seed,
                                              attributeSeed: seed, steps: steps, truncation: truncation.truncation)
        try RGBImage.grid(strip, rows: 1, columns: steps, margin: 2).write(to: URL(fileURLWithPath: out))
        printError("wrote \(steps) faces to \(out)")
    }
}
