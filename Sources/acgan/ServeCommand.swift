import ACGAN
import ArgumentParser
import Foundation
import Studio

/// `acgan serve`: ACGAN Studio, the web app, on this computer. A thin shell over
/// `Studio.buildStudio(model:configuration:)`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start ACGAN Studio: data sets, training runs, deployment, and faces in a browser.",
        discussion: """
            Serves the page and the API (described at /openapi.json) from this program; \
            nothing is loaded from the internet. The workspace (--workspace) holds data/, runs/ \
            and models/ and a registry; runs are `acgan train` child processes, one at a time. \
            It listens on 127.0.0.1 only, unless --host says otherwise; any other address needs \
            --token (or ACGAN_STUDIO_TOKEN), and every request must then carry it: open \
            http://HOST:PORT/?token=TOKEN, or send Authorization: Bearer TOKEN.
            """
    )

    /// The environment variable that gives the token when --token does not.
    static let tokenVariable = "ACGAN_STUDIO_TOKEN"

    @OptionGroup var model: ModelOptions

    @Option(help: "Address to listen on: 127.0.0.1 keeps the Studio on this computer; any other address needs --token.")
    var host = "127.0.0.1"

    @Option(help: "TCP port to listen on.")
    var port = 8080

    @Option(help: "Images that may wait or be drawn at once; requests beyond it get 503 at once (at least 50, the largest request).")
    var maxQueuedImages = 100

    @Option(help: "The workspace folder: data/, runs/, models/ and registry.sqlite (default: $XDG_DATA_HOME/acgan-studio or ~/.local/share/acgan-studio; created on first use).")
    var workspace: String?

    @Option(help: "A folder of data sets to offer read-only besides the workspace's data/ (repeatable).")
    var dataRoot: [String] = []

    @Option(help: "A secret every request must carry (default: $ACGAN_STUDIO_TOKEN); required with a --host other than loopback.")
    var token: String?

    @Option(help: "Megabytes the workspace may hold; runs and uploads that would go past it are refused (default: no quota).")
    var diskQuotaMb: Int?

    @Option(help: "Training runs that may wait or run at once.")
    var maxQueuedRuns = 8

    @Option(help: "Largest data set zip accepted, in megabytes.")
    var maxUploadMb = 512

    func validate() throws {
        guard (1...65_535).contains(port) else {
            throw ValidationError("--port must be from 1 to 65535, got \(port).")
        }
        guard (50...1_000_000).contains(maxQueuedImages) else {
            throw ValidationError("--max-queued-images must be from 50 (an interpolation of 50 frames) to 1000000, got \(maxQueuedImages).")
        }
        if let diskQuotaMb, diskQuotaMb < 1 { throw ValidationError("--disk-quota-mb must be at least 1, got \(diskQuotaMb).") }
        guard (1...1_000).contains(maxQueuedRuns) else {
            throw ValidationError("--max-queued-runs must be from 1 to 1000, got \(maxQueuedRuns).")
        }
        guard (1...100_000).contains(maxUploadMb) else {
            throw ValidationError("--max-upload-mb must be from 1 to 100000, got \(maxUploadMb).")
        }
        for root in dataRoot { try requireFolder(root, option: "--data-root") }
        if let workspace { try requireOutputFolder(workspace, option: "--workspace") }
        if !StudioConfiguration.isLoopback(host: host), resolvedToken == nil {
            throw ValidationError(StudioStartError.tokenRequired(host: host).description)
        }
    }

    /// --token, else the environment variable; an empty value counts as none.
    var resolvedToken: String? {
        let value = token ?? ProcessInfo.processInfo.environment[Self.tokenVariable]
        return value?.isEmpty == false ? value : nil
    }

    /// This program, which runs `acgan train` for the studio.
    static var executable: URL {
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if link.path != "/proc/self/exe" { return link }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    func run() async throws {
        let model = try self.model.sampler()
        let root = workspace.map { URL(fileURLWithPath: $0) } ?? Workspace.defaultRoot()
        let workspaceConfiguration = WorkspaceConfiguration(
            root: root, dataRoots: dataRoot.map { URL(fileURLWithPath: $0) }, executable: Self.executable,
            quotaBytes: diskQuotaMb.map { Int64($0) * 1_000_000 }, maxQueuedRuns: maxQueuedRuns,
            maxUploadBytes: maxUploadMb * 1_000_000)
        let studio = try buildStudio(
            model: model,
            configuration: StudioConfiguration(host: host, port: port, maxQueuedImages: maxQueuedImages,
                                               token: resolvedToken, workspace: workspaceConfiguration),
            log: { printError($0) })
        print("ACGAN Studio with \(model.modelName), workspace \(root.path): "
              + "open http://\(host):\(port)/\(resolvedToken == nil ? "" : "?token=…") in a browser (Ctrl+C stops it).")
        try await studio.application.runService()
        // The server has stopped (Ctrl+C or SIGTERM): end a training child too, and mark its
        // run interrupted, so the next start lists it as resumable.
        await studio.workspace?.jobs.stop()
    }
}
