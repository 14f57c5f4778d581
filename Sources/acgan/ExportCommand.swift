import ACGAN
import ArgumentParser
import Foundation

/// `acgan export`: the generator of a training checkpoint as a small file for sampling.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the generator of a training checkpoint as a file for `acgan generate` and `acgan serve`.",
        discussion: """
            Takes the moving-average weights when the checkpoint has them. Keys are PyTorch \
            state_dict names under "G.", with the configuration and tags in the metadata.

            Example: acgan export --checkpoint runs/synth/checkpoint.safetensors --half --out my-model.safetensors
            """)

    @Option(help: "A training checkpoint (RUN_DIR/checkpoint.safetensors).")
    var checkpoint: String
    @Option(help: "The output file.")
    var out: String
    @Flag(help: "Store the weights as float16 (half the size).")
    var half = false

    func run() throws {
        let url = URL(fileURLWithPath: checkpoint)
        let source = try TrainingCheckpoint(contentsOf: url)
        let generator = try source.samplingGenerator()
        try TrainingCheckpoint(generator: generator, vocabulary: source.vocabulary, state: source.state,
                               notes: source.notes.merging(["exported_from": url.lastPathComponent]) { $1 }).write(to: URL(fileURLWithPath: out), half: half)
        printError("wrote \(out) (\(generator.parameterCount) parameters, \(half ? "float16" : "float32"))")
    }
}
