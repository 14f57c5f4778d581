import Hummingbird

/// Builds the Studio's router: the page and its assets, the API, the workspace API when
/// there is a workspace, and the middleware that checks the token and gives every error the
/// same JSON shape.
///
/// The page and the generation API are exact paths answered from memory; the workspace's
/// routes take names and numbers that `StudioWorkspace` resolves inside the workspace only.
public func buildRouter(
    model: any AvatarModel, configuration: StudioConfiguration = .init()
) -> Router<BasicRequestContext> {
    let metrics = StudioMetrics()
    return buildRouter(
        engine: StudioEngine(model: model, maxQueuedImages: configuration.maxQueuedImages, metrics: metrics),
        workspace: nil, configuration: configuration, metrics: metrics)
}

/// Builds the router around an engine and, optionally, a workspace.
func buildRouter(
    engine: StudioEngine, workspace: StudioWorkspace?, configuration: StudioConfiguration, metrics: StudioMetrics
) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let api = APIController<BasicRequestContext>(engine: engine, configuration: configuration, metrics: metrics)
    var allowedMethods: [String: [HTTPRequest.Method]] = [:]
    var routes = APIController<BasicRequestContext>.routes + PageController<BasicRequestContext>.routes
    if workspace != nil { routes += WorkspaceController<BasicRequestContext>.routes }
    for route in routes {
        allowedMethods[route.path, default: []].append(route.method)
    }
    // Middleware first: Hummingbird wraps only the routes added after it.
    router.add(middleware: StudioMiddleware(allowedMethods: allowedMethods, metrics: metrics))
    if let token = configuration.token {
        router.add(middleware: TokenMiddleware<BasicRequestContext>(token: token))
    }
    api.addRoutes(to: router)
    if let workspace {
        WorkspaceController<BasicRequestContext>(studio: workspace, configuration: configuration).addRoutes(to: router)
    }
    PageController<BasicRequestContext>().addRoutes(to: router)
    return router
}

/// Builds the Studio application for `model`, listening where `configuration` says
/// (loopback by default). Run it with `try await app.runService()`.
public func buildApplication(
    model: any AvatarModel, configuration: StudioConfiguration = .init()
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(model: model, configuration: configuration),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: configuration.serverName))
}

/// A studio with its workspace: the application, and the workspace to stop after it
/// (`await studio.workspace?.jobs.stop()` marks a training run interrupted and ends its child).
public struct StudioServer<App: ApplicationProtocol>: Sendable {
    public let application: App
    public let workspace: StudioWorkspace?
}

/// Errors that stop the studio from starting.
public enum StudioStartError: Error, CustomStringConvertible, Equatable {
    /// Listening beyond loopback without a token.
    case tokenRequired(host: String)

    public var description: String {
        switch self {
        case .tokenRequired(let host):
            "refusing to listen on \(host) without a token: anyone who can reach it could start runs and read the workspace. "
                + "Give --token TOKEN (or set ACGAN_STUDIO_TOKEN), or listen on 127.0.0.1."
        }
    }
}

/// Builds the studio for `model` with the workspace `configuration.workspace` (opened here:
/// interrupted runs are marked, the last deployed model is made live).
/// - Throws: `StudioStartError.tokenRequired` beyond loopback without a token; workspace errors.
public func buildStudio(
    model: any AvatarModel, configuration: StudioConfiguration, log: @escaping @Sendable (String) -> Void = { _ in }
) throws -> StudioServer<some ApplicationProtocol> {
    if !StudioConfiguration.isLoopback(host: configuration.host), (configuration.token ?? "").isEmpty {
        throw StudioStartError.tokenRequired(host: configuration.host)
    }
    let metrics = StudioMetrics()
    let startup = LiveModel(model: model, id: "startup", path: nil)
    let slot = ModelSlot(startup)
    let workspace = try configuration.workspace.map {
        try StudioWorkspace(configuration: $0, startupModel: startup, slot: slot, metrics: metrics, log: log)
    }
    let engine = StudioEngine(slot: slot, maxQueuedImages: configuration.maxQueuedImages, metrics: metrics)
    let application = Application(
        router: buildRouter(engine: engine, workspace: workspace, configuration: configuration, metrics: metrics),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: configuration.serverName))
    return StudioServer(application: application, workspace: workspace)
}
