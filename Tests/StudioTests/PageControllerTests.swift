import Foundation
import Hummingbird
import HummingbirdTesting
import Studio
import Testing

/// The page and its assets come from the program, with security headers, and no request
/// path reaches the file system.
@Suite struct PageControllerTests {
    @Test func pageAndAssetsAreServedWithTheirTypes() async throws {
        try await withStudio { client in
            let expectations: [(path: String, type: String, marker: String)] = [
                ("/", "text/html; charset=utf-8", #"<script type="module" src="/app.js">"#),
                ("/app.js", "text/javascript; charset=utf-8", "async function generate("),
                ("/workspace.js", "text/javascript; charset=utf-8", "async function startRun("),
                ("/app.css", "text/css; charset=utf-8", ".layout {"),
                ("/favicon.svg", "image/svg+xml", "<svg"),
            ]
            for expectation in expectations {
                let response = try await client.get(expectation.path)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == expectation.type)
                #expect(String(buffer: response.body).contains(expectation.marker), "\(expectation.path)")
            }
        }
    }

    /// The binary serves exactly the files in Sources/Studio/Assets: what editors, linters and
    /// `node --check` see is what the browser gets.
    @Test func servedAssetsAreTheFilesInAssets() async throws {
        let assets = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Studio/Assets")
        try await withStudio { client in
            for (path, file) in [("/", "index.html"), ("/app.js", "app.js"), ("/workspace.js", "workspace.js"),
                                 ("/app.css", "app.css"), ("/favicon.svg", "favicon.svg")] {
                let served = Data(buffer: try await client.get(path).body)
                let onDisk = try Data(contentsOf: assets.appendingPathComponent(file))
                #expect(served == onDisk, "\(path) differs from Sources/Studio/Assets/\(file)")
            }
        }
    }

    @Test func everyResponseCarriesSecurityHeaders() async throws {
        try await withStudio { client in
            for path in ["/", "/api/model", "/nope"] {
                let response = try await client.get(path)
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.headers.first { $0.name.canonicalName == "x-content-type-options" }?.value == "nosniff")
            }
        }
    }

    @Test func pageLoadsNothingFromOtherHosts() async throws {
        try await withStudio { client in
            for path in ["/", "/app.js", "/workspace.js", "/app.css"] {
                // No CDN: the only absolute URL is the SVG namespace, inside the favicon and in
                // the script that draws the run plots (a name, never fetched).
                let text = String(buffer: try await client.get(path).body)
                    .replacingOccurrences(of: "\"http://www.w3.org/2000/svg\"", with: "")
                #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"), "\(path)")
            }
        }
    }

    @Test func pathsThatLookLikeFilesAreNotFound() async throws {
        try await withStudio { client in
            let attempts = [
                "/Package.swift", "/../Package.swift", "/%2e%2e/Package.swift", "/app.js/../../etc/passwd",
                "/etc/passwd", "/Sources/Studio/PageAssets.swift", "/index.html", "//etc/passwd",
                "/Assets/app.js", "/Sources/Studio/Assets/app.js",
                "/app.css%00.png",
            ]
            for path in attempts {
                let response = try await client.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.errorCode == "not_found", "\(path)")
            }
        }
    }

    @Test func everyControlTheIssueAsksForIsOnThePage() async throws {
        try await withStudio { client in
            let page = String(buffer: try await client.get("/").body)
            let ids = ["generate", "fix-all", "reset", "seed", "copy-seed", "count", "truncation",
                       "download-face", "download-grid", "share", "history-list", "interp-from",
                       "interp-to", "steps", "interpolate", "download-strip", "notice"]
            for id in ids {
                #expect(page.contains(#"id="\#(id)""#), "missing #\(id)")
            }
            // The workspace pages (issue 14): Data, Runs, Models.
            for id in ["tabs", "view-data", "upload-form", "upload-file", "datasets", "preview-faces", "view-runs",
                       "run-form", "run-dataset", "run-iterations", "run-size", "run-penalty", "run-seed", "runs-body",
                       "loss-plot", "quality-plot", "sheet-slider", "sheet-image", "view-models", "models-body",
                       "restore-previous"] {
                #expect(page.contains(#"id="\#(id)""#), "missing #\(id)")
            }
            #expect(page.contains(#"name="viewport""#))
            #expect(page.contains(#"role="alert""#))
        }
    }
}
