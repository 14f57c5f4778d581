import Foundation
import Hummingbird
import HummingbirdTesting
import Studio
import Testing

/// A studio with a workspace in a fresh temporary folder, the real `acgan` for training runs,
/// and the test model as its startup model.
struct WorkspaceFixture: Sendable {
    /// The temporary folder; the workspace is `root/workspace`.
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("acgan-studio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    var workspace: URL { root.appendingPathComponent("workspace") }

    /// Where `acgan` was built: `$ACGAN_BINARY`, else beside the test bundle, else `.build/release`.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["ACGAN_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        for path in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("acgan"))
                folder = folder.deletingLastPathComponent()
            }
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates += ["release", "debug"].map { package.appendingPathComponent(".build/\($0)/acgan") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? package.appendingPathComponent(".build/release/acgan")
    }()

    /// The workspace configuration, with `change` applied.
    func configuration(_ change: (inout WorkspaceConfiguration) -> Void = { _ in }) -> StudioConfiguration {
        var workspace = WorkspaceConfiguration(root: self.workspace, executable: Self.binary)
        change(&workspace)
        return StudioConfiguration(workspace: workspace)
    }

    /// Runs `acgan arguments` to its end; fails the test on a non-zero status.
    static func acgan(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ACGAN_CONVOLUTION"] = environment["ACGAN_CONVOLUTION"] ?? "rules"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "acgan \(arguments.joined(separator: " "))")
    }

    /// A small synthetic data set (`acgan synth`) at `folder`.
    static func makeSynth(at folder: URL, count: Int = 48) throws {
        try acgan(["synth", "--out", folder.path, "--count", "\(count)", "--size", "32", "--balanced"])
    }

    /// Runs `body` against a studio on this workspace (in memory, no socket); the training
    /// queue is stopped afterwards as `acgan serve` stops it.
    func withStudio<Value: Sendable>(
        _ configuration: StudioConfiguration,
        _ body: @Sendable (any TestClientProtocol, StudioWorkspace) async throws -> Value
    ) async throws -> Value {
        let studio = try buildStudio(model: TestAvatarModel(), configuration: configuration)
        let workspace = try #require(studio.workspace)
        do {
            let value = try await studio.application.test(.router) { client in try await body(client, workspace) }
            await workspace.jobs.stop()
            return value
        } catch {
            await workspace.jobs.stop()
            throw error
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

extension TestClientProtocol {
    /// Polls `GET /api/runs/{id}` once a second until `done` holds (at most `timeout` seconds).
    func waitForRun(_ id: Int, timeout: Double = 120, until done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let start = Date()
        while true {
            let run = try await get("/api/runs/\(id)").json
            if done(run) { return run }
            if Date().timeIntervalSince(start) > timeout {
                Issue.record("run \(id) did not get there in \(timeout) s: \(run["status"] ?? "?") \(run["message"] ?? "")")
                return run
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// POSTs raw bytes.
    func post(_ uri: String, bytes: Data, contentType: String = "application/zip") async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: contentType], body: ByteBuffer(bytes: bytes))
    }
}

extension [String: Any] {
    var status: String? { self["status"] as? String }
}
