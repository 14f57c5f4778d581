import Foundation
import Hummingbird
import HummingbirdTesting
import Studio
import Testing
import ZIPFoundation

/// The workspace routes without training: data sets, uploads, traversal attempts, run
/// options, the quota, the token, and the OpenAPI document. (Runs that train are in
/// `TrainingRunTests`.)
@Suite struct WorkspaceRouteTests {
    /// A zip (in memory) of every file under `folder`, under `prefix/`.
    static func zip(folder: URL, prefix: String) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                  !url.path.contains("/.acgan-cache") else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            try archive.addEntry(with: prefix + "/" + relative, fileURL: url)
        }
        return try #require(archive.data)
    }

    /// A zip with one entry of `type` at `path` holding `content`.
    static func zip(entries: [(path: String, type: Entry.EntryType, content: String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for entry in entries {
            let bytes = Data(entry.content.utf8)
            try archive.addEntry(with: entry.path, type: entry.type, uncompressedSize: Int64(bytes.count)) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    @Test func datasetsAreInspectedAndPreviewedByTag() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try WorkspaceFixture.makeSynth(at: fixture.workspace.appendingPathComponent("data/synth"))
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            let response = try await client.get("/api/datasets")
            #expect(response.status == .ok)
            let list = try #require(try JSONSerialization.jsonObject(with: response.data) as? [[String: Any]])
            let synth = try #require(list.first { $0["name"] as? String == "synth" })
            #expect(synth["layout"] as? String == "images + tags.csv")
            #expect(synth["imageCount"] as? Int == 48)
            #expect(synth["location"] as? String == "workspace")
            let counts = try #require(synth["tagCounts"] as? [[String: Any]])
            let blue = try #require(counts.first { $0["tag"] as? String == "blue hair" }?["count"] as? Int)
            #expect(blue > 0)

            let faces = try await client.get("/api/datasets/synth/faces?tag=blue%20hair&count=3").json
            #expect(faces["matching"] as? Int == blue)
            let shown = try #require(faces["faces"] as? [[String: Any]])
            #expect(shown.count == min(3, blue))
            for face in shown {
                #expect((face["tags"] as? String)?.contains("blue hair") == true)
                let image = try decodePNG(base64: face["png"])
                #expect(image.width == 64)
            }
            expectError(try await client.get("/api/datasets/synth/faces?tag=wings"), status: .badRequest, code: "unknown_tag")
            expectError(try await client.get("/api/datasets/synth/faces?count=0"), status: .badRequest, code: "out_of_range")
            expectError(try await client.get("/api/datasets/nope/faces"), status: .notFound, code: "not_found")
        }
    }

    @Test func dataRootsAreOfferedAndNeverWritten() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        let root = fixture.root.appendingPathComponent("shared-data")
        try WorkspaceFixture.makeSynth(at: root.appendingPathComponent("faces"), count: 8)
        let before = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        try await fixture.withStudio(fixture.configuration { $0.dataRoots = [root] }) { client, _ in
            let list = try #require(try JSONSerialization.jsonObject(with: try await client.get("/api/datasets").data) as? [[String: Any]])
            let faces = try #require(list.first { $0["name"] as? String == "faces" })
            #expect(faces["imageCount"] as? Int == 8)
            #expect((faces["location"] as? String)?.hasSuffix("shared-data") == true)
            #expect(try await client.get("/api/datasets/faces/faces?count=2").status == .ok)
        }
        // The pixel cache went to the workspace, not into the read-only root.
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted() == before)
    }

    @Test func traversalIsRefused() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        // A data set outside the workspace, and a link to it from data/.
        let outside = fixture.root.appendingPathComponent("outside")
        try WorkspaceFixture.makeSynth(at: outside, count: 8)
        try FileManager.default.createDirectory(at: fixture.workspace.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: fixture.workspace.appendingPathComponent("data/linked"), withDestinationURL: outside)
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            for (dataset, status, code) in [("../outside", HTTPResponse.Status.badRequest, "invalid_path"),
                                            (outside.path, .badRequest, "invalid_path"),
                                            ("linked", .forbidden, "forbidden_path")] {
                let body = String(decoding: try JSONSerialization.data(withJSONObject: ["dataset": dataset]), as: UTF8.self)
                expectError(try await client.post("/api/runs", json: body), status: status, code: code)
            }
            expectError(try await client.get("/api/datasets/linked/faces"), status: .forbidden, code: "forbidden_path")
            expectError(try await client.get("/api/datasets/..%2Foutside/faces"), status: .badRequest, code: "invalid_path")
            expectError(try await client.post("/api/models/..%2F..%2Fetc%2Fpasswd/deploy", json: ""),
                        status: .badRequest, code: "invalid_path")
            expectError(try await client.post("/api/datasets?name=../escape", bytes: Data("PK".utf8)),
                        status: .badRequest, code: "invalid_path")
            // The linked folder is listed with the reason it cannot be used, not read.
            let list = try #require(try JSONSerialization.jsonObject(with: try await client.get("/api/datasets").data) as? [[String: Any]])
            let linked = try #require(list.first { $0["name"] as? String == "linked" })
            #expect(linked["imageCount"] == nil)
            #expect((linked["error"] as? String)?.contains("outside the workspace") == true)
            #expect(try await client.get("/api/runs").json.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("escape").path))
    }

    @Test func uploadsAreUnpackedSafelyOrRefused() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        let synth = fixture.root.appendingPathComponent("synth")
        try WorkspaceFixture.makeSynth(at: synth, count: 16)
        let good = try Self.zip(folder: synth, prefix: "synth")
        try await fixture.withStudio(fixture.configuration { $0.maxUploadBytes = 200_000; $0.maxUploadEntries = 40 }) { client, _ in
            let response = try await client.post("/api/datasets?name=uploaded", bytes: good)
            #expect(response.status == .created, "\(response.errorMessage)")
            #expect(response.json["imageCount"] as? Int == 16)
            #expect(response.json["source"] as? String == "upload")
            let listed = try #require(try JSONSerialization.jsonObject(with: try await client.get("/api/datasets").data) as? [[String: Any]])
            #expect(listed.contains { $0["name"] as? String == "uploaded" && $0["source"] as? String == "upload" })
            expectError(try await client.post("/api/datasets?name=uploaded", bytes: good), status: .conflict, code: "conflict")

            let refusals: [(String, Data, HTTPResponse.Status, String, String)] = [
                ("garbage", Data(repeating: 7, count: 1000), .badRequest, "invalid_upload", "does not open as a zip"),
                ("climb", try Self.zip(entries: [("images/../../evil.txt", .file, "x")]), .badRequest, "invalid_upload", "'..'"),
                ("absolute", try Self.zip(entries: [("/tmp/evil.txt", .file, "x")]), .badRequest, "invalid_upload", "absolute"),
                ("link", try Self.zip(entries: [("tags.csv", .file, "a.png,x"), ("images", .symlink, "/etc")]),
                 .badRequest, "invalid_upload", "symbolic link"),
                ("many", try Self.zip(entries: (0..<41).map { ("f\($0).txt", .file, "x") }), .badRequest, "invalid_upload", "more than 40"),
                ("big", Data(count: 200_001), .contentTooLarge, "upload_too_large", "larger than"),
                ("empty", try Self.zip(entries: [("readme.txt", .file, "no images")]), .badRequest, "invalid_upload", "not a data folder"),
            ]
            for (name, data, status, code, phrase) in refusals {
                let refused = try await client.post("/api/datasets?name=\(name)", bytes: data)
                expectError(refused, status: status, code: code)
                #expect(refused.errorMessage.contains(phrase), "\(name): \(refused.errorMessage)")
            }
            expectError(try await client.post("/api/datasets", bytes: good), status: .badRequest, code: "malformed_json")
        }
        // Nothing of the refused uploads is left, and nothing was written outside.
        let data = try FileManager.default.contentsOfDirectory(atPath: fixture.workspace.appendingPathComponent("data").path)
        #expect(data == ["uploaded"])
        let incoming = try FileManager.default.contentsOfDirectory(atPath: fixture.workspace.appendingPathComponent(".incoming").path)
        #expect(incoming.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/evil.txt"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("evil.txt").path))
    }

    @Test func badRunOptionsAreRefusedBeforeAnythingStarts() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try WorkspaceFixture.makeSynth(at: fixture.workspace.appendingPathComponent("data/synth"), count: 8)
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            let cases: [(String, HTTPResponse.Status, String, String)] = [
                (#"{"dataset": "synth", "g_lr": -1}"#, .badRequest, "out_of_range", "g_lr"),
                (#"{"dataset": "synth", "iterations": 0}"#, .badRequest, "out_of_range", "iterations"),
                (#"{"dataset": "synth", "batch": 1}"#, .badRequest, "out_of_range", "batch"),
                (#"{"dataset": "synth", "image_size": 48}"#, .badRequest, "out_of_range", "image_size"),
                (#"{"dataset": "synth", "model_size": "huge"}"#, .badRequest, "out_of_range", "model_size"),
                (#"{"dataset": "synth", "penalty": "wgan"}"#, .badRequest, "out_of_range", "penalty"),
                (#"{"dataset": "synth", "beta1": 1.5}"#, .badRequest, "out_of_range", "beta1"),
                (#"{"dataset": "synth", "binary_tags": "each"}"#, .badRequest, "out_of_range", "binary_tags"),
                (#"{"dataset": "synth", "continuous_loss": "l1"}"#, .badRequest, "out_of_range", "continuous_loss"),
                (#"{"dataset": "synth", "info_codes": 99}"#, .badRequest, "out_of_range", "info_codes"),
                (#"{"dataset": "synth", "projection": "yes"}"#, .badRequest, "malformed_json", "projection"),
                (#"{"dataset": "synth", "iterations": "many"}"#, .badRequest, "malformed_json", "iterations"),
                (#"{"dataset": "synth", "learning_rate": 1}"#, .badRequest, "malformed_json", "learning_rate"),
                (#"{"iterations": 10}"#, .badRequest, "malformed_json", "dataset"),
                (#"{"dataset": "missing"}"#, .notFound, "not_found", "missing"),
            ]
            for (body, status, code, mention) in cases {
                let response = try await client.post("/api/runs", json: body)
                expectError(response, status: status, code: code)
                #expect(response.errorMessage.contains(mention), "\(body): \(response.errorMessage)")
            }
            // The document lists exactly the fields the server reads.
            let document = try JSONSerialization.jsonObject(with: try await client.get("/openapi.json").data) as? [String: Any]
            let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let properties = (schemas?["RunRequest"] as? [String: Any])?["properties"] as? [String: Any]
            #expect(Set(properties?.keys.map { $0 } ?? []) == RunRequest.fieldNames)
            // Every value a documented list offers is one a gan run takes (kind and image_size list
            // the classifier run's too).
            for (field, schema) in properties ?? [:] where !["kind", "image_size"].contains(field) {
                for value in ((schema as? [String: Any])?["enum"] as? [Any]) ?? [] {
                    let body = try JSONSerialization.data(withJSONObject: ["dataset": "synth", field: value])
                    #expect(throws: Never.self, "\(field): \(value)") {
                        try JSONDecoder().decode(RunRequest.self, from: body).validatedOptions()
                    }
                }
            }
            #expect(try JSONSerialization.jsonObject(with: try await client.get("/api/runs").data) as? [Any] != nil)
            #expect((try JSONSerialization.jsonObject(with: try await client.get("/api/runs").data) as? [Any])?.isEmpty == true)
            expectError(try await client.get("/api/runs/7"), status: .notFound, code: "not_found")
            expectError(try await client.get("/api/runs/seven"), status: .badRequest, code: "out_of_range")
            expectError(try await client.post("/api/runs/7/cancel", json: ""), status: .notFound, code: "not_found")
            expectError(try await client.post("/api/models/none.safetensors/deploy", json: ""), status: .notFound, code: "not_found")
            expectError(try await client.execute(uri: "/api/runs/7", method: .delete), status: .methodNotAllowed,
                        code: "method_not_allowed")
        }
        let runs = try FileManager.default.contentsOfDirectory(atPath: fixture.workspace.appendingPathComponent("runs").path)
        #expect(runs.isEmpty)
    }

    @Test func aRunPastTheQuotaIsRefusedWithTheReason() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try WorkspaceFixture.makeSynth(at: fixture.workspace.appendingPathComponent("data/synth"), count: 8)
        try await fixture.withStudio(fixture.configuration { $0.quotaBytes = 300_000 }) { client, _ in
            let response = try await client.post("/api/runs", json: #"{"dataset": "synth"}"#)
            expectError(response, status: .init(code: 507), code: "quota_exceeded")
            #expect(response.errorMessage.contains("0.3 MB quota"), "\(response.errorMessage)")
            let list = try JSONSerialization.jsonObject(with: try await client.get("/api/runs").data) as? [Any]
            #expect(list?.isEmpty == true)
        }
    }

    @Test func theTokenIsRequiredEverywhereWhenSet() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        var configuration = fixture.configuration()
        configuration.token = "s3cret-token"
        try await fixture.withStudio(configuration) { client, _ in
            for path in ["/", "/app.js", "/api/model", "/api/runs", "/api/datasets", "/api/models", "/openapi.json", "/metrics"] {
                expectError(try await client.get(path), status: .unauthorized, code: "unauthorized")
            }
            expectError(try await client.post("/api/runs", json: #"{"dataset": "x"}"#), status: .unauthorized, code: "unauthorized")
            let wrong = try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer s3cret-tokeN"])
            expectError(wrong, status: .unauthorized, code: "unauthorized")
            let bearer = try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer s3cret-token"])
            #expect(bearer.status == .ok)
            let page = try await client.get("/?token=s3cret-token")
            #expect(page.status == .ok)
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.hasPrefix("acgan_token=s3cret-token;") && cookie.contains("HttpOnly"))
            let withCookie = try await client.execute(uri: "/api/models", method: .get, headers: [.cookie: "x=1; acgan_token=s3cret-token"])
            #expect(withCookie.status == .ok)
        }
        // Beyond loopback, no token is no studio.
        var open = fixture.configuration()
        open.host = "0.0.0.0"
        #expect(throws: StudioStartError.tokenRequired(host: "0.0.0.0")) {
            _ = try buildStudio(model: TestAvatarModel(), configuration: open)
        }
        open.token = "t"
        #expect(throws: Never.self) { _ = try buildStudio(model: TestAvatarModel(), configuration: open) }
    }

    @Test func openAPIDocumentsEveryWorkspaceRoute() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            let document = try #require(try JSONSerialization.jsonObject(with: try await client.get("/openapi.json").data) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let expected: Set = ["GET /api/datasets", "POST /api/datasets", "GET /api/datasets/{name}/faces",
                                 "GET /api/datasets/{name}/suggestions", "POST /api/datasets/{name}/labels", "GET /api/runs",
                                 "POST /api/runs", "GET /api/runs/{id}", "POST /api/runs/{id}/cancel",
                                 "POST /api/runs/{id}/resume", "GET /api/runs/{id}/samples/{iteration}",
                                 "GET /api/models", "POST /api/models/{id}/deploy"]
            #expect(expected.isSubset(of: documented))
            for entry in expected {
                let parts = entry.split(separator: " ")
                let uri = String(parts[1]).replacingOccurrences(of: "{name}", with: "x").replacingOccurrences(of: "{id}", with: "1")
                    .replacingOccurrences(of: "{iteration}", with: "10")
                let response = try await client.execute(uri: uri, method: .init(String(parts[0]))!,
                                                        body: parts[0] == "POST" ? ByteBuffer(string: "{}") : nil)
                // Each exists: a JSON error about the item or the body, never an unknown route.
                #expect(response.status != .methodNotAllowed, "\(entry)")
                #expect(!response.errorMessage.contains("No such endpoint"), "\(entry): \(response.errorMessage)")
            }
            let metrics = MetricsTests.samples(String(buffer: try await client.get("/metrics").body))
            #expect(metrics["acgan_training_jobs_running"] == 0)
            #expect(metrics["acgan_training_jobs_queued"] == 0)
        }
    }
}
