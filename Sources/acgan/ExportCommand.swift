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
        let file = try Checkpoint.read(url)
        let (generator, _, vocabulary) = try Checkpoint.generator(from: file, path: url.path)
        var extra: [String: String] = ["exported_from": url.lastPathComponent]
        if let state = file.metadata["training_state"] { extra["training_state"] = state }
        try Checkpoint.writeGenerator(generator, vocabulary: vocabulary, to: URL(fileURLWithPath: out), half: half, extraMetadata: extra)
        printError("wrote \(out) (\(generator.parameterCount) parameters, \(half ? "float16" : "float32"))")
    }
}
