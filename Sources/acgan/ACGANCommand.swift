import ACGAN
import ArgumentParser

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
}
