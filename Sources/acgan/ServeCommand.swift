import ACGAN
import ArgumentParser
import Studio

/// `acgan serve`: ACGAN Studio, the web app, on this computer. A thin shell over
/// `Studio.buildApplication(model:configuration:)`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start ACGAN Studio: pick attributes in a browser and get faces.",
        discussion: """
            Serves the page and the API (described at /openapi.json) from this program; \
            nothing is loaded from the internet. It listens on 127.0.0.1 only, unless --host \
            says otherwise: the Studio has no login, so expose it to a network deliberately.
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Address to listen on: 127.0.0.1 keeps the Studio on this computer; 0.0.0.0 opens it to your network.")
    var host = "127.0.0.1"

    @Option(help: "TCP port to listen on.")
    var port = 8080

    @Option(help: "Images that may wait or be drawn at once; requests beyond it get 503 at once (at least 50, the largest request).")
    var maxQueuedImages = 100

    func validate() throws {
        guard (1...65_535).contains(port) else {
            throw ValidationError("--port must be from 1 to 65535, got \(port).")
        }
        guard (50...1_000_000).contains(maxQueuedImages) else {
            throw ValidationError("--max-queued-images must be from 50 (an interpolation of 50 frames) to 1000000, got \(maxQueuedImages).")
        }
    }

    func run() async throws {
        let model = try self.model.sampler()
        let app = buildApplication(
            model: model,
            configuration: StudioConfiguration(host: host, port: port, maxQueuedImages: maxQueuedImages))
        print("ACGAN Studio with \(model.modelName): open http://\(host):\(port)/ in a browser (Ctrl+C stops it).")
        try await app.runService()
    }
}
