import ACGAN
import ArgumentParser
import Foundation

/// `acgan export`: the generator of a training checkpoint as a small file for sampling.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the generator of a training checkpoint as a file for `acgan generate` and `acgan serve`, or as ONNX.",
        discussion: """
            Takes the moving-average weights when the checkpoint has them. Keys are PyTorch \
            state_dict names under "G.", with the configuration and tags in the metadata.

            --format onnx writes the generator as an ONNX model (opset 17, batch norms folded \
            into the convolutions) for onnxruntime and other runtimes: inputs z (N, latent) and \
            condition (N, condition length), output image (N, 3, S, S) in [-1, 1]; the \
            configuration and vocabulary are in its metadata.

            Examples:
              acgan export --checkpoint runs/synth/checkpoint.safetensors --half --out my-model.safetensors
              acgan export --checkpoint Models/acgan-synthetic-64.safetensors --format onnx --out generator.onnx
            """)

    /// The file formats `acgan export` writes.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case safetensors, onnx
    }

    @Option(help: "A training checkpoint (RUN_DIR/checkpoint.safetensors).")
    var checkpoint: String
    @Option(help: "The output file.")
    var out: String
    @Option(help: "safetensors (for acgan generate and serve) or onnx (for other runtimes).")
    var format: Format = .safetensors
    @Flag(help: "Store the weights as float16 (half the size; safetensors only).")
    var half = false
    @Option(name: .customLong("standing-stats"), help: ArgumentHelp(
        "Recompute the batch-norm running statistics as the average over N batches of 64 faces drawn by the exported weights themselves, with tags from the priors (BigGAN's standing statistics; 0 keeps the checkpoint's). The moving-average weights are otherwise exported with statistics measured on the live weights.",
        valueName: "N"))
    var standingStats = 0

    /// More batches than this add nothing but time.
    static let largestStandingStats = 10_000

    func validate() throws {
        if format == .onnx && half {
            throw ValidationError("--half is for safetensors files; an ONNX model is written in float32")
        }
        guard (0...Self.largestStandingStats).contains(standingStats) else {
            throw ValidationError("--standing-stats \(standingStats): must be from 0 to \(Self.largestStandingStats)")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: checkpoint)
        let source = try TrainingCheckpoint(contentsOf: url)
        let generator = try source.samplingGenerator()
        var notes = source.notes.merging(["exported_from": url.lastPathComponent]) { $1 }
        if standingStats > 0 {
            generator.recomputeBatchNormStatistics(vocabulary: source.vocabulary, batches: standingStats, batchSize: 64, seed: 1)
            notes["standing_statistics"] = "\(standingStats) batches of 64"
        }
        let exported = TrainingCheckpoint(generator: generator, vocabulary: source.vocabulary, state: source.state,
                                          notes: notes)
        switch format {
        case .safetensors:
            try exported.write(to: URL(fileURLWithPath: out), half: half)
            printError("wrote \(out) (\(generator.parameterCount) parameters, \(half ? "float16" : "float32"))")
        case .onnx:
            try exported.writeONNX(to: URL(fileURLWithPath: out))
            printError("wrote \(out) (ONNX opset \(FoldedGenerator.onnxOpset), batch norms folded, float32)")
        }
    }
}
