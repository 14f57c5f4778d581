import ACGAN
import ArgumentParser
import Kernels

/// The `acgan` command: one subcommand per file in this folder, each a thin call into a library.
@main
struct ACGANCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acgan",
        abstract: "ACGAN Studio: train and sample conditional GANs that draw anime faces to order.",
        discussion: """
            A generator G turns noise plus tags ("blue hair red eyes smile") into 64x64 faces; \
            a discriminator D says real or fake and classifies the tags (Odena et al., ACGAN, 2017).
            """,
        version: acganStudioVersion,
        subcommands: [GenerateCommand.self, InterpolateCommand.self, ServeCommand.self, TrainCommand.self,
                      ExportCommand.self, ClassifierCommand.self, EvaluateCommand.self, SynthCommand.self,
                      InspectCommand.self, VocabularyCommand.self, BenchCommand.self]
    )

    /// Parses and runs the command, after checking the environment variables the kernels read
    /// lazily (`ACGAN_CONVOLUTION`, `ACGAN_CONVOLUTION_FILE`, `ACGAN_GENERATOR`), so a bad value is a clean error,
    /// and after OpenBLAS's kernels are chosen by the CPU's features (`BLASKernels`), before
    /// any thread could call it.
    static func main() async {
        BLASKernels.prepare()
        do {
            try ConvolutionSelection.checkEnvironment()
            try GeneratorProgramSettings.checkEnvironment()
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
