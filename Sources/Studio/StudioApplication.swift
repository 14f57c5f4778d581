import Hummingbird

/// Builds the Studio's router: the page and its assets, the API, and the middleware that
/// gives every error the same JSON shape.
///
/// Every route is an exact path answered from memory; nothing a request names is ever
/// looked up on the file system, so there is no path to traverse.
public func buildRouter(
    model: any AvatarModel, configuration: StudioConfiguration = .init()
) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let metrics = StudioMetrics()
    let api = APIController<BasicRequestContext>(
        engine: StudioEngine(model: model, maxQueuedImages: configuration.maxQueuedImages, metrics: metrics),
        configuration: configuration, metrics: metrics)
    var allowedMethods: [String: [HTTPRequest.Method]] = [:]
    for route in APIController<BasicRequestContext>.routes + PageController<BasicRequestContext>.routes {
        allowedMethods[route.path, default: []].append(route.method)
    }
    // Middleware first: Hummingbird wraps only the routes added after it.
    router.add(middleware: StudioMiddleware(allowedMethods: allowedMethods, metrics: metrics))
    api.addRoutes(to: router)
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
