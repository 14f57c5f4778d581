import Foundation
import HTTPTypes
import Hummingbird

/// Lets a request through only with the studio's token, when it has one: as
/// `Authorization: Bearer TOKEN` (scripts), the `acgan_token` cookie (the page), or `?token=`
/// on an address (a link to the page: the response then sets the cookie, so the page's own
/// requests and images carry it without the token in any script). Anything else is a 401.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    static var cookieName: String { "acgan_token" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let bearer = request.headers[.authorization], bearer.hasPrefix("Bearer "),
           Self.same(String(bearer.dropFirst(7)), token) {
            return try await next(request, context)
        }
        if let cookies = request.headers[.cookie] {
            for cookie in cookies.split(separator: ";") {
                let parts = cookie.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == Self.cookieName, Self.same(String(parts[1]), token) {
                    return try await next(request, context)
                }
            }
        }
        if let given = request.uri.queryParameters.get("token"), Self.same(given, token) {
            var response = try await next(request, context)
            response.headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        throw StudioError.unauthorized
    }

    /// Compares in time that depends only on the lengths, so the answer time does not leak
    /// how much of a guess was right.
    static func same(_ given: String, _ token: String) -> Bool {
        let a = Array(given.utf8), b = Array(token.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
