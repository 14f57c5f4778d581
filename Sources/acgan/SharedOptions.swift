import ACGAN
import ArgumentParser
import Foundation
import Kernels

/// `--threads`, shared by every command that computes (STYLE: shared options as
/// `ParsableArguments` pulled in with `@OptionGroup`).
struct ThreadOptions: ParsableArguments {
    @Option(help: "Threads for the kernels; the default is every core, or $ACGAN_THREADS.")
    var threads: Int = Threads.defaultCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// Sets the kernels' thread count.
    func apply() { Threads.set(count: threads) }
}

/// `--checkpoint`, shared by the commands that draw faces from a model.
struct ModelOptions: ParsableArguments {
    @Option(help: "A checkpoint or generator file (default: the bundled model).")
    var checkpoint: String?

    /// The sampler of `--checkpoint`, or of the bundled model.
    func sampler() throws -> Sampler { try BundledModel.sampler(checkpoint: checkpoint) }
}

/// Writes a line to standard error (progress and messages; standard output stays clean).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
