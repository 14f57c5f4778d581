import Foundation
import Testing

/// One bad command line: `acgan arguments` must fail with a one-line reason that contains
/// `mentions` (the option or the file at fault). Arguments "@name" are files of the row's
/// sandbox (see `Sandbox`); "@MODEL" is the bundled model, a real checkpoint.
struct InvalidInput: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var mentions: String
    /// Whether the parser refuses it (a value out of range, a missing file) rather than the
    /// program once running (a file that exists but cannot be used).
    var refusedByParser: Bool

    init(_ arguments: [String], mentions: String, refusedByParser: Bool = true) {
        self.arguments = arguments
        self.mentions = mentions
        self.refusedByParser = refusedByParser
    }

    var testDescription: String { "acgan " + arguments.joined(separator: " ") }

    /// The table: per command, per option, the values that used to crash, hang or pass.
    static let all: [InvalidInput] = train + generate + interpolate + evaluate + serve + synth + inspect
        + classifier + export + bench + vocabulary + [InvalidInput(["frobnicate"], mentions: "frobnicate")]

    /// The --vocabulary and --min-tag-count rows of a command that reads a data folder: a
    /// missing file, a folder, a file that is not vocabulary JSON, counts below 1 or not a
    /// number, and a minimum count beside a given vocabulary (it would do nothing).
    static func vocabularyRows(_ base: [String]) -> [InvalidInput] {
        table(base, [
            (["--vocabulary", "@missing.json"], "@missing.json"), (["--vocabulary", "@empty"], "@empty"),
            (["--vocabulary", "@note.txt"], "@note.txt"), (["--vocabulary", "@bad-vocabulary.json"], "@bad-vocabulary.json"),
            (["--min-tag-count", "0"], "--min-tag-count"), (["--min-tag-count=-1"], "--min-tag-count"),
            (["--min-tag-count", "nan"], "--min-tag-count"), (["--min-tag-count", "99999999999"], "--min-tag-count"),
            (["--vocabulary", "@vocabulary.json", "--min-tag-count", "3"], "--min-tag-count"),
        ])
    }

    static let vocabulary: [InvalidInput] = vocabularyRows(["vocabulary", "--data", "@fake-data"]) + [
        InvalidInput(["vocabulary"], mentions: "--data"),
        InvalidInput(["vocabulary", "--data", "@missing"], mentions: "@missing"),
        InvalidInput(["vocabulary", "--data", "@note.txt"], mentions: "@note.txt"),
        // Found when the folder is read: no layout, and tags too rare to infer a vocabulary.
        InvalidInput(["vocabulary", "--data", "@empty"], mentions: "@empty", refusedByParser: false),
        InvalidInput(["vocabulary", "--data", "@digits"], mentions: "--min-tag-count", refusedByParser: false),
    ]

    static let train: [InvalidInput] = {
        let base = ["train", "--data", "@empty", "--out", "@run"]
        var rows = table(base, [
            (["--batch", "0"], "--batch"), (["--batch", "1"], "--batch"), (["--batch=-4"], "--batch"),
            (["--d-steps", "0"], "--d-steps"), (["--iterations", "0"], "--iterations"),
            (["--iterations", "nan"], "--iterations"), (["--epochs", "0"], "--epochs"),
            (["--epochs", "99999999999"], "--epochs"), (["--epochs", "2", "--iterations", "5"], "--epochs"),
            (["--g-lr", "nan"], "--g-lr"), (["--g-lr", "0"], "--g-lr"), (["--d-lr", "inf"], "--d-lr"),
            (["--d-lr=-1"], "--d-lr"), (["--beta1", "1"], "--beta1"), (["--beta2", "nan"], "--beta2"),
            (["--ema", "nan"], "--ema"), (["--ema", "1"], "--ema"), (["--penalty", "bogus"], "--penalty"), (["--binary-tags", "some"], "--binary-tags"), (["--upsampling", "bicubic"], "--upsampling"),
            (["--penalty-weight", "nan"], "--penalty-weight"), (["--class-weight=-1"], "--class-weight"),
            (["--image-size", "48"], "--image-size"), (["--image-size", "0"], "--image-size"),
            (["--z-size", "0"], "--z-size"), (["--g-width", "0"], "--g-width"),
            (["--g-width", "1000000000"], "--g-width"), (["--g-blocks=-1"], "--g-blocks"),
            (["--d-width", "99999"], "--d-width"), (["--sample-every", "0"], "--sample-every"),
            (["--checkpoint-every", "0"], "--checkpoint-every"), (["--log-every", "0"], "--log-every"),
            (["--eval-every", "0", "--classifier", "@note.txt"], "--eval-every"), (["--eval-every", "5"], "--classifier"),
            (["--eval-every", "5", "--classifier", "@missing.safetensors"], "@missing.safetensors"),
            (["--eval-samples", "0"], "--eval-samples"), (["--threads", "0"], "--threads"),
            (["--threads", "100000"], "--threads"), (["--seed=-1"], "--seed"),
        ]) + vocabularyRows(base)
        rows += [
            InvalidInput(["train", "--data", "@missing", "--out", "@run"], mentions: "@missing"),
            InvalidInput(["train", "--data", "@note.txt", "--out", "@run"], mentions: "@note.txt"),
            InvalidInput(["train", "--data", "@empty", "--out", "@note.txt"], mentions: "--out"),
            InvalidInput(["train", "--out", "@run"], mentions: "--data"),
            // A folder whose only image is a text file named .png.
            InvalidInput(["train", "--data", "@fake-data", "--out", "@run"], mentions: "@fake-data", refusedByParser: false),
        ]
        return rows
    }()

    /// Rows `base + arguments` that the parser refuses, naming `mentions`.
    static func table(_ base: [String], _ rows: [([String], String)]) -> [InvalidInput] {
        rows.map { InvalidInput(base + $0.0, mentions: $0.1) }
    }

    /// The --checkpoint rows of a command that loads a model: missing, a folder, cut short in
    /// the header or in the weights, a text file named .png.
    static func checkpointRows(_ base: [String], option: String = "--checkpoint") -> [InvalidInput] {
        [InvalidInput(base + [option, "@missing.safetensors"], mentions: "@missing.safetensors"),
         InvalidInput(base + [option, "@empty"], mentions: "@empty"),
         InvalidInput(base + [option, "@cut-header.safetensors"], mentions: "@cut-header.safetensors", refusedByParser: false),
         InvalidInput(base + [option, "@cut-data.safetensors"], mentions: "@cut-data.safetensors", refusedByParser: false),
         InvalidInput(base + [option, "@fake.png"], mentions: "@fake.png", refusedByParser: false)]
    }

    /// The --truncation rows: zero and negative looped forever, tiny values for ~10^30 draws.
    static func truncationRows(_ base: [String]) -> [InvalidInput] {
        [["--truncation", "0"], ["--truncation=-1"], ["--truncation", "1e-30"], ["--truncation", "nan"],
         ["--truncation", "inf"], ["--truncation", "0.05"]].map { InvalidInput(base + $0, mentions: "--truncation") }
    }

    static let generate: [InvalidInput] = {
        let base = ["generate", "--out", "@grid.png"]
        return truncationRows(base) + checkpointRows(base) + table(base, [
            (["--count", "0"], "--count"), (["--count", "1025"], "--count"), (["--count=-3"], "--count"),
            (["--columns", "0"], "--columns"), (["--seed", "nan"], "--seed"),
            (["--latent", "@missing.npy"], "@missing.npy"), (["--latent", "@empty"], "@empty"),
            (["--tags-file", "@missing.txt"], "@missing.txt"), (["--tags-file", "@empty"], "@empty"),
            (["--tags", "blue hair", "--tags-file", "@tags.txt"], "--tags-file"),
            (["--tags-file", "@tags.txt", "--latent", "@wide.npy"], "--latent"),
        ]) + [
            InvalidInput(["generate", "--out", "@empty"], mentions: "--out"),
            InvalidInput(["generate", "--separate", "--out", "@note.txt"], mentions: "--out"),
            // Found once the model is loaded.
            InvalidInput(base + ["--latent", "@huge.npy"], mentions: "@huge.npy", refusedByParser: false),
            InvalidInput(base + ["--latent", "@wide.npy"], mentions: "@wide.npy", refusedByParser: false),
            InvalidInput(base + ["--latent", "@fake.png"], mentions: "@fake.png", refusedByParser: false),
            InvalidInput(base + ["--tags", "purple ears"], mentions: "purple", refusedByParser: false),
            InvalidInput(base + ["--tags-file", "@note.txt"], mentions: "@note.txt", refusedByParser: false),
        ]
    }()

    static let interpolate: [InvalidInput] = {
        let base = ["interpolate", "--out", "@strip.png"]
        return truncationRows(base) + checkpointRows(base) + [
            InvalidInput(base + ["--steps", "1"], mentions: "--steps"),
            InvalidInput(base + ["--steps", "65"], mentions: "--steps"),
            InvalidInput(["interpolate", "--out", "@empty"], mentions: "--out"),
            InvalidInput(base + ["--from-tags", "purple ears"], mentions: "purple", refusedByParser: false),
        ]
    }()

    static let evaluate: [InvalidInput] = {
        func command(checkpoint: String = "@MODEL", classifier: String = "@note.txt", data: String = "@empty",
                     report: String = "@report") -> [String] {
            ["evaluate", "--checkpoint", checkpoint, "--classifier", classifier, "--data", data, "--report", report]
        }
        return truncationRows(command()) + [
            InvalidInput(command() + ["--samples", "1"], mentions: "--samples"),
            InvalidInput(command() + ["--samples", "0"], mentions: "--samples"),
            InvalidInput(command() + ["--samples", "100000000"], mentions: "--samples"),
            InvalidInput(command(checkpoint: "@missing.safetensors"), mentions: "@missing.safetensors"),
            InvalidInput(command(checkpoint: "@empty"), mentions: "@empty"),
            InvalidInput(command(classifier: "@missing.safetensors"), mentions: "@missing.safetensors"),
            InvalidInput(command(data: "@missing"), mentions: "@missing"),
            InvalidInput(command(data: "@note.txt"), mentions: "@note.txt"),
            InvalidInput(command(report: "@note.txt"), mentions: "--report"),
            InvalidInput(command(checkpoint: "@cut-data.safetensors"), mentions: "@cut-data.safetensors", refusedByParser: false),
            InvalidInput(command(checkpoint: "@fake.png"), mentions: "@fake.png", refusedByParser: false),
            InvalidInput(command(classifier: "@fake.png"), mentions: "@fake.png", refusedByParser: false),
            InvalidInput(command(classifier: "@cut-header.safetensors"), mentions: "@cut-header.safetensors", refusedByParser: false),
            // evaluate reads --data with the classifier's vocabulary or --vocabulary (no --min-tag-count).
            InvalidInput(command() + ["--vocabulary", "@missing.json"], mentions: "@missing.json"),
            InvalidInput(command() + ["--vocabulary", "@empty"], mentions: "@empty"),
            InvalidInput(command() + ["--vocabulary", "@note.txt"], mentions: "@note.txt"),
            InvalidInput(command() + ["--min-tag-count", "3"], mentions: "--min-tag-count"),
        ]
    }()

    static let serve: [InvalidInput] = checkpointRows(["serve", "--port", "1"]) + [
        InvalidInput(["serve", "--port", "0"], mentions: "--port"),
        InvalidInput(["serve", "--port=-1"], mentions: "--port"),
        InvalidInput(["serve", "--port", "70000"], mentions: "--port"),
        InvalidInput(["serve", "--max-queued-images", "10"], mentions: "--max-queued-images"),
        // Beyond loopback only with a token.
        InvalidInput(["serve", "--host", "0.0.0.0"], mentions: "--token"),
        InvalidInput(["serve", "--host", "0.0.0.0", "--token", ""], mentions: "--token"),
        InvalidInput(["serve", "--data-root", "@missing"], mentions: "@missing"),
        InvalidInput(["serve", "--workspace", "@note.txt"], mentions: "--workspace"),
        InvalidInput(["serve", "--disk-quota-mb", "0"], mentions: "--disk-quota-mb"),
        InvalidInput(["serve", "--max-queued-runs", "0"], mentions: "--max-queued-runs"),
    ]

    static let synth: [InvalidInput] = [
        InvalidInput(["synth", "--out", "@synth"], mentions: "--count"),
        InvalidInput(["synth", "--out", "@synth", "--count=-1"], mentions: "--count"),
        InvalidInput(["synth", "--out", "@synth", "--count", "nan"], mentions: "--count"),
        InvalidInput(["synth", "--out", "@synth", "--count", "20000000"], mentions: "--count"),
        InvalidInput(["synth", "--out", "@synth", "--count", "1", "--size", "4"], mentions: "--size"),
        InvalidInput(["synth", "--out", "@synth", "--count", "1", "--size", "4096"], mentions: "--size"),
        InvalidInput(["synth", "--out", "@synth", "--count", "1", "--threads", "0"], mentions: "--threads"),
        InvalidInput(["synth", "--out", "@note.txt", "--count", "1"], mentions: "--out"),
        InvalidInput(["synth", "--out", "@synth", "--count", "1", "--preview", "@empty"], mentions: "--preview"),
    ]

    static let inspect: [InvalidInput] = [
        InvalidInput(["inspect", "@missing"], mentions: "@missing"),
        InvalidInput(["inspect", "@note.txt"], mentions: "@note.txt"),
        InvalidInput(["inspect", "@fake-data", "--size", "0"], mentions: "--size"),
        InvalidInput(["inspect", "@fake-data", "--size", "2000"], mentions: "--size"),
        InvalidInput(["inspect", "@fake-data", "--cache-directory", "@note.txt"], mentions: "--cache-directory"),
        InvalidInput(["inspect", "@fake-data"], mentions: "@fake-data", refusedByParser: false),
        InvalidInput(["inspect", "@empty"], mentions: "@empty", refusedByParser: false),
        InvalidInput(["inspect", "@digits"], mentions: "--min-tag-count", refusedByParser: false),
    ] + vocabularyRows(["inspect", "@fake-data"])

    static let classifier: [InvalidInput] = {
        let base = ["classifier", "train", "--data", "@empty", "--out", "@clf.safetensors"]
        return table(base, [
            (["--epochs", "0"], "--epochs"), (["--epochs", "99999999999"], "--epochs"), (["--batch", "1"], "--batch"),
            (["--held-out", "0"], "--held-out"), (["--held-out", "1"], "--held-out"), (["--held-out", "nan"], "--held-out"),
            (["--learning-rate", "0"], "--learning-rate"), (["--learning-rate", "nan"], "--learning-rate"),
            (["--learning-rate", "inf"], "--learning-rate"), (["--size", "48"], "--size"), (["--threads", "0"], "--threads"),
        ]) + vocabularyRows(base) + [
            InvalidInput(["classifier", "train", "--data", "@missing", "--out", "@clf.safetensors"], mentions: "@missing"),
            InvalidInput(["classifier", "train", "--data", "@note.txt", "--out", "@clf.safetensors"], mentions: "@note.txt"),
            InvalidInput(["classifier", "train", "--data", "@empty", "--out", "@empty"], mentions: "--out"),
            InvalidInput(["classifier", "train", "--data", "@fake-data", "--out", "@clf.safetensors"], mentions: "@fake-data",
                         refusedByParser: false),
            InvalidInput(base + ["--metrics", "@empty"], mentions: "--metrics"),
        ] + suggest
    }()

    static let suggest: [InvalidInput] = {
        let base = ["classifier", "suggest", "--data", "@fake-data", "--out", "@s.json"]
        func command(classifier: String = "@fake.png", data: String = "@fake-data", out: String = "@s.json") -> [String] {
            ["classifier", "suggest", "--classifier", classifier, "--data", data, "--out", out]
        }
        return [
            InvalidInput(base, mentions: "--classifier"),
            InvalidInput(command(classifier: "@missing.safetensors"), mentions: "@missing.safetensors"),
            InvalidInput(command(classifier: "@empty"), mentions: "@empty"),
            InvalidInput(command(data: "@missing"), mentions: "@missing"),
            InvalidInput(command(data: "@note.txt"), mentions: "@note.txt"),
            InvalidInput(command(out: "@empty"), mentions: "--out"),
            InvalidInput(command() + ["--show=-1"], mentions: "--show"),
            InvalidInput(command() + ["--threads", "0"], mentions: "--threads"),
            InvalidInput(command() + ["--vocabulary", "@missing.json"], mentions: "@missing.json"),
            // Files that exist but are no classifier: found when read, before the data.
            InvalidInput(command(), mentions: "@fake.png", refusedByParser: false),
            InvalidInput(command(classifier: "@MODEL"), mentions: "@MODEL", refusedByParser: false),
            InvalidInput(command(classifier: "@cut-header.safetensors"), mentions: "@cut-header.safetensors", refusedByParser: false),
        ]
    }()

    static let export: [InvalidInput] = [
        InvalidInput(["export", "--checkpoint", "@cut-header.safetensors"], mentions: "--out"),
        InvalidInput(["export", "--checkpoint", "@MODEL", "--out", "@g.safetensors", "--standing-stats", "-1"], mentions: "--standing-stats"),
        InvalidInput(["export", "--checkpoint", "@MODEL", "--out", "@g.onnx", "--format", "onnx", "--half"], mentions: "--half"),
        InvalidInput(["export", "--checkpoint", "@MODEL", "--out", "@g.onnx", "--format", "tflite"], mentions: "tflite"),
        InvalidInput(["export", "--checkpoint", "@MODEL", "--out", "@g.safetensors", "--standing-stats", "20000"],
                     mentions: "--standing-stats"),
    ] + ["@missing.safetensors", "@empty", "@cut-header.safetensors", "@cut-data.safetensors", "@fake.png"].map {
        // export reads its checkpoint in run(), so every bad file is found there.
        InvalidInput(["export", "--checkpoint", $0, "--out", "@g.safetensors"], mentions: $0, refusedByParser: false)
    }

    static let bench: [InvalidInput] = table(["bench"], [
        (["--batch", "1"], "--batch"), (["--batch", "100000"], "--batch"), (["--gen-batch", "0"], "--gen-batch"),
        (["--iters", "0"], "--iters"), (["--warmup=-1"], "--warmup"), (["--repeats", "0"], "--repeats"),
        (["--mode", "bogus"], "--mode"), (["--threads", "0"], "--threads"),
    ])
}

/// A folder of small bad inputs, made fresh for each row so that a row that writes anything
/// is caught by comparing the folder before and after.
enum Sandbox {
    /// The package's bundled model: a real checkpoint written by the library.
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models/acgan-synthetic-64.safetensors")

    /// Makes the fixtures:
    /// - empty/: an empty folder (a folder where a file is expected, a data folder with no layout);
    /// - note.txt: a text file (a file where a folder is expected, a bad vocabulary or tags file);
    /// - fake.png: a text file named .png (as a checkpoint or an image);
    /// - fake-data/: fake.png and a tags.csv line for it (a data set whose only image is text);
    /// - cut-header.safetensors, cut-data.safetensors: the model cut short in its header and in
    ///   its weights;
    /// - huge.npy: a header whose shape overflows (2^32)^3 elements; wide.npy: a (2, 3) array;
    /// - tags.txt: a valid tags file;
    /// - vocabulary.json: a valid vocabulary (cat, dog); bad-vocabulary.json: JSON that is not
    ///   a vocabulary (a group without priors);
    /// - digits/: three images tagged digit_0, digit_1, digit_2 once each (too rare to learn).
    static func make() throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("acgan-invalid-\(UUID().uuidString)")
        try fm.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("fake-data"), withIntermediateDirectories: true)
        try Data("just some text\n".utf8).write(to: root.appendingPathComponent("note.txt"))
        try Data("this is not a PNG\n".utf8).write(to: root.appendingPathComponent("fake.png"))
        try Data("this is not a PNG\n".utf8).write(to: root.appendingPathComponent("fake-data/fake.png"))
        try Data("fake.png,blonde hair blue eyes\n".utf8).write(to: root.appendingPathComponent("fake-data/tags.csv"))
        let handle = try FileHandle(forReadingFrom: model)
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 1_000_000) ?? Data()
        guard head.count == 1_000_000 else { throw CLIProcessError("\(model.path) is shorter than 1 MB") }
        try head.prefix(4_096).write(to: root.appendingPathComponent("cut-header.safetensors"))
        try head.write(to: root.appendingPathComponent("cut-data.safetensors"))
        try npy(shape: "(4294967296, 4294967296, 4294967296)", dataBytes: 16).write(to: root.appendingPathComponent("huge.npy"))
        try npy(shape: "(2, 3)", dataBytes: 24).write(to: root.appendingPathComponent("wide.npy"))
        try Data("1,blue hair\n".utf8).write(to: root.appendingPathComponent("tags.txt"))
        try Data(#"{"binaryTags":[],"groups":[{"name":"class","priors":[0.5,0.5],"values":["cat","dog"]}]}"#.utf8)
            .write(to: root.appendingPathComponent("vocabulary.json"))
        try Data(#"{"binaryTags":[],"groups":[{"name":"class","values":["cat","dog"]}]}"#.utf8)
            .write(to: root.appendingPathComponent("bad-vocabulary.json"))
        try fm.createDirectory(at: root.appendingPathComponent("digits"), withIntermediateDirectories: true)
        for digit in 0..<3 {
            try Data("not decoded\n".utf8).write(to: root.appendingPathComponent("digits/\(digit).png"))
        }
        try Data("0.png,digit_0\n1.png,digit_1\n2.png,digit_2\n".utf8).write(to: root.appendingPathComponent("digits/tags.csv"))
        return root
    }

    /// A version 1.0 float32 `.npy` file with `shape` and `dataBytes` zero bytes of data.
    static func npy(shape: String, dataBytes: Int) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let length = header.utf8.count
        return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
                    + Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes))
    }

    /// `text` with "@MODEL" and a leading "@name" replaced by their paths.
    static func resolve(_ text: String, in root: URL) -> String {
        if text == "@MODEL" { return model.path }
        guard text.hasPrefix("@") else { return text }
        return root.appendingPathComponent(String(text.dropFirst())).path
    }

    /// Every file and folder under `root`, relative to it.
    static func listing(_ root: URL) -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return Set(enumerator.compactMap { $0 as? String })
    }
}

@Suite struct InvalidInputTests {
    @Test(arguments: InvalidInput.all)
    func failsFastWithAOneLineReason(_ row: InvalidInput) throws {
        let root = try Sandbox.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = Sandbox.listing(root)
        let outcome = try CLIProcess.run(row.arguments.map { Sandbox.resolve($0, in: root) }, in: root)
        #expect(!outcome.timedOut && outcome.seconds < 10, "hung: \(outcome)")
        #expect(!outcome.killedBySignal, "crashed: \(outcome)")
        #expect(outcome.status != 0, "succeeded: \(outcome)")
        // ArgumentParser exits with EX_USAGE (64) for what the parser refuses, 1 for errors of run().
        #expect(outcome.status == (row.refusedByParser ? 64 : 1), "\(outcome)")
        // One reason, on one line, naming the option or the file.
        let reasons = outcome.errorLines
        #expect(reasons.count == 1, "\(outcome)")
        let mentions = Sandbox.resolve(row.mentions, in: root)
        #expect(reasons.first?.contains(mentions) == true, "the reason should name \(mentions): \(outcome)")
        #expect(!outcome.standardError.contains("Fatal error"), "\(outcome)")
        // Nothing written: no output file, no half-written temporary file, no cache.
        #expect(Sandbox.listing(root) == before, "files appeared: \(Sandbox.listing(root).subtracting(before).sorted())")
    }

    @Test func theBinaryIsFound() throws {
        let binary = try #require(CLIProcess.binary, "build the acgan product first")
        let outcome = try CLIProcess.run(["--version"])
        #expect(outcome.status == 0 && !outcome.standardOutput.isEmpty, "\(binary.path): \(outcome)")
    }
}
