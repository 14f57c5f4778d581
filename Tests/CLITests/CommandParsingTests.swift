@testable import acgan
import ACGAN
import ArgumentParser
import Foundation
import Testing

/// Every subcommand parsed and validated in-process, as `acgan` would before running it.
@Suite struct CommandParsingTests {
    /// Parses `arguments` (with sandbox paths) as the root command does.
    static func parse(_ arguments: [String], in root: URL) throws -> ParsableCommand {
        try ACGANCommand.parseAsRoot(arguments.map { Sandbox.resolve($0, in: root) })
    }

    /// The help of `command` with every run of white space made one space (help text is wrapped).
    static func help(_ command: ParsableCommand.Type) -> String {
        ACGANCommand.helpMessage(for: command).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func goodArgumentsOfEveryCommand() throws {
        let root = try Sandbox.make()
        defer { try? FileManager.default.removeItem(at: root) }

        let generate = try #require(try Self.parse(
            ["generate", "--checkpoint", "@MODEL", "--tags", "blue hair", "--count", "4", "--truncation", "0.7",
             "--columns", "2", "--latent", "@wide.npy", "--out", "@grid.png"], in: root) as? GenerateCommand)
        #expect(generate.count == 4 && generate.columns == 2 && generate.truncation.truncation == 0.7)
        #expect(generate.model.checkpoint == Sandbox.model.path && generate.tags == "blue hair")

        let interpolate = try #require(try Self.parse(
            ["interpolate", "--from-seed", "1", "--to-seed", "2", "--steps", "10", "--truncation", "0.1"], in: root)
            as? InterpolateCommand)
        #expect(interpolate.steps == 10 && interpolate.truncation.truncation == 0.1 && interpolate.model.checkpoint == nil)

        let evaluate = try #require(try Self.parse(
            ["evaluate", "--checkpoint", "@MODEL", "--classifier", "@note.txt", "--data", "@empty", "--report", "@report",
             "--samples", "2", "--truncation", "4"], in: root) as? EvaluateCommand)
        #expect(evaluate.samples == 2 && evaluate.truncation.truncation == 4)

        let serve = try #require(try Self.parse(["serve", "--port", "9000", "--max-queued-images", "60"], in: root)
            as? ServeCommand)
        #expect(serve.port == 9000 && serve.maxQueuedImages == 60 && serve.host == "127.0.0.1")
        #expect(serve.workspace == nil && serve.dataRoot.isEmpty && serve.diskQuotaMb == nil && serve.maxQueuedRuns == 8)
        let exposed = try #require(try Self.parse(
            ["serve", "--host", "0.0.0.0", "--token", "t0k", "--workspace", "@run", "--data-root", "@empty",
             "--data-root", "@empty", "--disk-quota-mb", "500", "--max-queued-runs", "2", "--max-upload-mb", "9"], in: root)
            as? ServeCommand)
        #expect(exposed.resolvedToken == "t0k" && exposed.dataRoot.count == 2 && exposed.diskQuotaMb == 500)
        #expect(exposed.maxQueuedRuns == 2 && exposed.maxUploadMb == 9 && exposed.workspace?.hasSuffix("run") == true)

        let train = try #require(try Self.parse(
            ["train", "--data", "@empty", "--out", "@run", "--batch", "8", "--penalty", "dragan", "--epochs", "3",
             "--d-steps", "2", "--g-lr", "1e-4", "--ema", "0", "--no-flip"], in: root) as? TrainCommand)
        let options = train.requestedOptions(conditionLength: 5)
        #expect(options.batchSize == 8 && options.step.penalty == .dragan && options.discriminatorSteps == 2)
        #expect(options.generatorLearningRate == 1e-4 && options.emaDecay == 0 && !options.horizontalFlip)
        #expect(options.model.conditionLength == 5 && options.iterations == 10_000 && train.epochs == 3)
        // acgan train upsamples by resize-convolution unless told otherwise; acgan64 (bench) keeps PixelShuffle.
        #expect(options.model.upsampling == .nearest && ModelConfiguration().upsampling == .pixelShuffle)
        let shuffled = try #require(try Self.parse(
            ["train", "--data", "@empty", "--out", "@run", "--upsampling", "pixel-shuffle"], in: root) as? TrainCommand)
        #expect(shuffled.requestedOptions(conditionLength: 5).model.upsampling == .pixelShuffle)
        // A projection discriminator unless told otherwise; acgan64 (bench) has none.
        #expect(options.model.projection && !ModelConfiguration().projection)
        let plain = try #require(try Self.parse(
            ["train", "--data", "@empty", "--out", "@run", "--no-projection"], in: root) as? TrainCommand)
        #expect(!plain.requestedOptions(conditionLength: 5).model.projection)

        let export = try #require(try Self.parse(
            ["export", "--checkpoint", "@MODEL", "--out", "@g.safetensors", "--half"], in: root) as? ExportCommand)
        #expect(export.half)

        let classifier = try #require(try Self.parse(
            ["classifier", "train", "--data", "@empty", "--out", "@clf.safetensors", "--epochs", "2", "--held-out", "0.2"],
            in: root) as? ClassifierTrainCommand)
        #expect(classifier.epochs == 2 && classifier.heldOut == 0.2 && classifier.metrics == nil)
        let withMetrics = try #require(try Self.parse(
            ["classifier", "train", "--data", "@empty", "--out", "@clf.safetensors", "--metrics", "@progress.jsonl"],
            in: root) as? ClassifierTrainCommand)
        #expect(withMetrics.metrics == Sandbox.resolve("@progress.jsonl", in: root))

        let suggest = try #require(try Self.parse(
            ["classifier", "suggest", "--classifier", "@fake.png", "--data", "@fake-data"], in: root) as? ClassifierSuggestCommand)
        #expect(suggest.out == "suggestions.json" && !suggest.all && suggest.show == 20)
        let suggestAll = try #require(try Self.parse(
            ["classifier", "suggest", "--classifier", "@fake.png", "--data", "@fake-data", "--out", "@s.json", "--all",
             "--show", "0", "--vocabulary", "@vocabulary.json", "--threads", "1"], in: root) as? ClassifierSuggestCommand)
        #expect(suggestAll.all && suggestAll.show == 0 && suggestAll.out == Sandbox.resolve("@s.json", in: root))
        #expect(try suggestAll.vocabularyOptions.givenVocabulary()?.groups.first?.values == ["cat", "dog"])

        let synth = try #require(try Self.parse(["synth", "--out", "@synth", "--count", "0", "--size", "8"], in: root)
            as? SynthCommand)
        #expect(synth.count == 0 && synth.size == 8)

        let inspect = try #require(try Self.parse(["inspect", "@fake-data", "--size", "32"], in: root) as? InspectCommand)
        #expect(inspect.size == 32 && inspect.vocabularyOptions.minimumTagCount == 5)

        let vocabulary = try #require(try Self.parse(["vocabulary", "--data", "@fake-data", "--min-tag-count", "3"], in: root)
            as? VocabularyCommand)
        #expect(vocabulary.vocabularyOptions.minimumTagCount == 3 && vocabulary.vocabularyOptions.vocabulary == nil)

        // --vocabulary on every command that reads data; the minimum count defaults to 5.
        let given = try #require(try Self.parse(
            ["train", "--data", "@empty", "--out", "@run", "--vocabulary", "@vocabulary.json"], in: root) as? TrainCommand)
        #expect(try given.vocabularyOptions.givenVocabulary()?.groups.first?.values == ["cat", "dog"])
        #expect(given.vocabularyOptions.minimumTagCount == 5 && train.vocabularyOptions.vocabulary == nil)
        for arguments in [["inspect", "@fake-data"], ["classifier", "train", "--data", "@empty", "--out", "@clf.safetensors"],
                          ["vocabulary", "--data", "@empty"]] {
            _ = try Self.parse(arguments + ["--vocabulary", "@vocabulary.json"], in: root)
            _ = try Self.parse(arguments + ["--min-tag-count", "1"], in: root)
        }
        let evaluateGiven = try #require(try Self.parse(
            ["evaluate", "--checkpoint", "@MODEL", "--classifier", "@note.txt", "--data", "@empty", "--report", "@report",
             "--vocabulary", "@vocabulary.json"], in: root) as? EvaluateCommand)
        #expect(evaluateGiven.vocabulary == Sandbox.resolve("@vocabulary.json", in: root))

        let bench = try #require(try Self.parse(["bench", "--mode", "generate", "--batch", "4", "--warmup", "0"], in: root)
            as? BenchCommand)
        #expect(bench.mode == .generate && bench.batch == 4 && bench.warmup == 0)
    }

    /// Rows of the invalid-input table, per subcommand the first three the parser refuses and
    /// the first it accepts. (Parsing takes 20-60 ms in a debug build; InvalidInputTests runs
    /// every row, and its exit status 64 or 1 tells parser refusals from errors found later.)
    static let sample: [InvalidInput] = {
        var refused: [String: Int] = [:], accepted: Set<String> = []
        return InvalidInput.all.filter { row in
            let command = row.arguments.prefix(row.arguments.first == "classifier" ? 2 : 1).joined(separator: " ")
            if row.refusedByParser {
                refused[command, default: 0] += 1
                return refused[command]! <= 3
            }
            return accepted.insert(command).inserted
        }
    }()

    /// Bad values of every subcommand are refused by the parser, with a one-line message naming
    /// the option or file; files that exist but cannot be used pass it (they are found wanting
    /// only when read).
    @Test func theParserRefusesWhatItCanCheck() throws {
        let root = try Sandbox.make()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Set(Self.sample.map { $0.arguments[0] }) == ["train", "generate", "interpolate", "evaluate", "serve", "synth",
                                                              "inspect", "classifier", "export", "bench", "vocabulary",
                                                              "frobnicate"])
        for row in Self.sample {
            let mentions = Sandbox.resolve(row.mentions, in: root)
            do {
                _ = try Self.parse(row.arguments, in: root)
                #expect(!row.refusedByParser, "\(row.testDescription) was accepted")
            } catch {
                let message = ACGANCommand.message(for: error)
                #expect(row.refusedByParser, "\(row.testDescription) was refused: \(message)")
                #expect(message.contains(mentions), "\(row.testDescription): \(message)")
                #expect(!message.contains("\n"), "\(row.testDescription): \(message)")
            }
        }
    }

    @Test func optionEnumsListTheirValues() throws {
        let root = try Sandbox.make()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Self.help(TrainCommand.self).contains("--penalty <penalty> Gradient penalty on D (default none). (values: none, r1, dragan)"))
        #expect(Self.help(BenchCommand.self).contains("(values: train, generate, all"))
        do {
            _ = try Self.parse(["train", "--data", "@empty", "--out", "@run", "--penalty", "wgan"], in: root)
            Issue.record("--penalty wgan was accepted")
        } catch {
            let message = ACGANCommand.message(for: error)
            #expect(message.contains("'wgan'") && message.contains("--penalty") && message.contains("dragan"), "\(message)")
        }
    }

    /// `--truncation` is declared once and shared.
    @Test func truncationIsOneSharedOption() throws {
        for command in [GenerateCommand.self, InterpolateCommand.self, EvaluateCommand.self] as [ParsableCommand.Type] {
            let help = Self.help(command)
            #expect(help.contains("--truncation <truncation> Redraw noise values beyond ±T (the truncation trick, T at least 0.1)"),
                    "\(command): \(help)")
        }
    }
}
