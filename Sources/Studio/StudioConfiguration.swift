/// How the Studio server listens and how much work it accepts at once.
public struct StudioConfiguration: Sendable, Equatable {
    /// Address to bind. Loopback by default; any other address needs a `token`
    /// (`isLoopback(host:)`, checked by `acgan serve` and `buildStudio`).
    public var host: String
    /// TCP port to listen on.
    public var port: Int
    /// Images that may be waiting or in progress at once (a grid of 25 counts 25). A request
    /// that would go past this gets 503 at once instead of queueing without bound.
    public var maxQueuedImages: Int
    /// Largest request body read, in bytes; larger bodies get 400 before any parsing. The
    /// biggest legitimate body (two latents of a few hundred floats) is a few kilobytes.
    public var maxBodyBytes: Int
    /// Value of the `Server` response header and the name in logs.
    public var serverName: String
    /// When set, every request must carry it (`Authorization: Bearer`, the `acgan_token`
    /// cookie, or `?token=` on the page's address); required to listen beyond loopback.
    public var token: String?
    /// The workspace of data sets, runs and models; without one the studio only generates.
    public var workspace: WorkspaceConfiguration?

    /// Creates a configuration; the defaults suit one person on their own machine.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxQueuedImages: Int = 100,
        maxBodyBytes: Int = 64 * 1024,
        serverName: String = "ACGAN Studio",
        token: String? = nil,
        workspace: WorkspaceConfiguration? = nil
    ) {
        self.token = token
        self.workspace = workspace
        self.host = host
        self.port = port
        self.maxQueuedImages = maxQueuedImages
        self.maxBodyBytes = maxBodyBytes
        self.serverName = serverName
    }

    /// Whether `host` only accepts connections from this computer.
    public static func isLoopback(host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
