import AnimeData
import ArgumentParser
import Foundation

/// `acgan synth`: writes the built-in synthetic anime-avatar data set (PNG files + tags.csv).
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Draw a synthetic anime-avatar data set (PNG files + tags.csv) with cairo.",
        discussion: """
            Each face gets hair colour (13), hair style (5), eye colour (10) and the tags blush, \
            smile, open mouth, hat, ribbon and glasses, drawn from make.girls.moe's priors (or \
            uniformly per group, tags half the time, with --balanced); skin tone, face size and position, tilt, \
            background and line width vary without labels. The same seed gives the same bytes.
            With --continuous, each tags.csv line also gives six of those hidden factors as \
            continuous attributes, e.g. "face_size=1.0213 tilt=-0.0871 offset_x=2.3 \
            skin_tone=0.41 background_hue=0.77 line_width=1.12" (tilt in radians, offset in \
            hundredths of the width; tilt and offset_x change sign in a mirror image); the images \
            are the same.
            Example: acgan synth --out data/synth --count 20000 --seed 1 --balanced
            """)

    @Option(help: "Folder to write (created if missing); tags.csv goes inside.")
    var out: String

    @Option(help: "Number of images.")
    var count: Int

    @Option(help: "Random seed; the same seed gives the same data set.")
    var seed: UInt64 = 1

    @Option(help: "Image width and height in pixels.")
    var size: Int = 64

    @Flag(help: "Draw hair colour, hair style and eye colour uniformly and each binary tag half the time, instead of from the priors (better for training).")
    var balanced = false

    @Flag(help: "Also write the hidden factors (face_size, tilt, offset_x, skin_tone, background_hue, line_width) as continuous attributes (name=value) in tags.csv.")
    var continuous = false

    @OptionGroup var threadOptions: ThreadOptions

    @Option(help: "Also write an 8x8 preview sheet (PNG, 2x enlarged) of the first 64 faces here.")
    var preview: String?

    func validate() throws {
        guard (0...10_000_000).contains(count) else { throw ValidationError("--count must be from 0 to 10000000, got \(count)") }
        guard (8...2048).contains(size) else { throw ValidationError("--size must be 8...2048, got \(size)") }
        try requireOutputFolder(out, option: "--out")
        if let preview { try requireWritableFilePath(preview, option: "--preview") }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        let started = Date()
        let total = count
        print("Drawing \(count) avatars of \(size)x\(size) into \(directory.path) (seed \(seed)\(balanced ? ", balanced" : "")\(continuous ? ", continuous attributes" : ""))")
        try SyntheticDataset.write(to: directory, count: count, seed: seed, size: size,
                                   balanced: balanced, continuous: continuous, threads: threadOptions.threads) { finished in
            let percent = total == 0 ? 100 : finished * 100 / total
            if percent % 10 == 0 { print("  \(finished)/\(total) (\(percent)%)") }
        }
        let seconds = Date().timeIntervalSince(started)
        print("Wrote \(count) images and \(SyntheticDataset.tagFileName) in \(String(format: "%.1f", seconds)) s")
        if let preview {
            let sheet = try SyntheticDataset.previewSheet(seed: seed, size: size, balanced: balanced)
            try sheet.write(to: URL(fileURLWithPath: preview), format: .png)
            print("Wrote preview sheet \(preview)")
        }
    }
}
