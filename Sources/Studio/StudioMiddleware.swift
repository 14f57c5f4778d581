import Foundation
import HTTPTypes
import Hummingbird

/// Wraps every route: turns every failure into the Studio's JSON error shape and adds the
/// security headers to every response.
///
/// The headers matter because the Studio serves a page: the content security policy only
/// lets the page load its own script, style and `data:` images (no CDN, no inline script),
/// `nosniff` stops a browser from reading a PNG or JSON response as HTML, and
/// `frame-ancestors 'none'` keeps other sites from framing it.
struct StudioMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Methods each known path answers, for 405 instead of 404 on a wrong method.
    let allowedMethods: [String: [HTTPRequest.Method]]
    /// Counts every answered request (`GET /metrics`).
    let metrics: StudioMetrics

    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as StudioError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            if let route = Self.route(for: path, in: allowedMethods), let methods = allowedMethods[route] {
                let allowed = methods.map(\.rawValue).joined(separator: ", ")
                response = try StudioError.methodNotAllowed(
                    method: request.method.rawValue, path: path, allowed: allowed
                ).response(from: request, context: context)
                response.headers[.allow] = allowed
            } else {
                response = try StudioError.notFound(method: request.method.rawValue, path: path)
                    .response(from: request, context: context)
            }
        } catch let error as any HTTPResponseError {
            // Framework errors (for example a malformed request line) keep their status but
            // get the JSON body the page and scripts expect.
            let status = error.status
            response = Response(
                status: status, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: ErrorBody.encoded(
                    code: "http_\(status.code)", message: status.reasonPhrase))))
        } catch {
            context.logger.error("Unexpected error: \(error)")
            response = try StudioError.generationFailed(reason: "an internal error occurred")
                .response(from: request, context: context)
        }
        for field in Self.securityHeaders where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        metrics.recordRequest(route: Self.route(for: request.uri.path, in: allowedMethods) ?? "other",
                              method: request.method.rawValue, status: response.status.code)
        return response
    }

    /// The route `path` belongs to: itself when it is an exact route, else the template
    /// (`/api/runs/{id}`) whose fixed segments it matches; nil when none.
    static func route(for path: String, in routes: [String: [HTTPRequest.Method]]) -> String? {
        if routes[path] != nil { return path }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return routes.keys.sorted().first { template in
            guard template.contains("{") else { return false }
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count && zip(parts, segments).allSatisfy { part, segment in
                part.hasPrefix("{") ? !segment.isEmpty : part == segment
            }
        }
    }
}
