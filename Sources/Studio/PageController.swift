import Hummingbird

/// Serves the page and its assets from bytes compiled into the program (`PageAssets`), so the
/// Studio works offline, needs no files beside the binary, and never maps a URL to a file.
struct PageController<Context: RequestContext>: Sendable {
    /// The page's routes: exact paths only.
    static var routes: [(method: HTTPRequest.Method, path: String)] {
        [(.get, "/"), (.get, "/app.js"), (.get, "/workspace.js"), (.get, "/app.css"), (.get, "/favicon.svg")]
            + scripts.map { (.get, $0.path) }
    }

    /// The scripts of generation in the browser, by path.
    static var scripts: [(path: String, bytes: [UInt8])] {
        [("/local-generation.js", PageAssets.localGenerationScript), ("/studio-random.js", PageAssets.randomScript),
         ("/generator-worker.js", PageAssets.generatorWorker), ("/generator-model.js", PageAssets.generatorModel),
         ("/safetensors-reader.js", PageAssets.safetensorsReader),
         ("/service-worker.js", PageAssets.serviceWorker)]
    }

    func addRoutes(to router: Router<Context>) {
        let page = Self.asset(PageAssets.html, type: "text/html; charset=utf-8")
        let script = Self.asset(PageAssets.script, type: "text/javascript; charset=utf-8")
        let workspaceScript = Self.asset(PageAssets.workspaceScript, type: "text/javascript; charset=utf-8")
        let style = Self.asset(PageAssets.style, type: "text/css; charset=utf-8")
        let icon = Self.asset(PageAssets.favicon, type: "image/svg+xml")
        router.get("/") { _, _ in page }
        router.get("/app.js") { _, _ in script }
        router.get("/workspace.js") { _, _ in workspaceScript }
        router.get("/app.css") { _, _ in style }
        router.get("/favicon.svg") { _, _ in icon }
        for script in Self.scripts {
            let response = Self.asset(script.bytes, type: "text/javascript; charset=utf-8")
            router.get(RouterPath(script.path)) { _, _ in response }
        }
    }

    /// A response with the asset's bytes, encoded once at startup.
    static func asset(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
