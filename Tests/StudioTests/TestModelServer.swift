import Foundation
import Hummingbird
import Studio
import Testing

/// Serves the Studio with the test model on a real port, for `Scripts/browser_test.py` and
/// `Scripts/load_test.py` while the ACGAN sampler is not plugged into `acgan serve` yet.
///
/// Skipped unless `STUDIO_TEST_SERVER_PORT` is set, so `swift test` never blocks on it. Run:
///
///     STUDIO_TEST_SERVER_PORT=8181 swift test --skip-build --filter TestModelServer
///
/// It serves on 127.0.0.1 until SIGTERM or SIGINT, or `STUDIO_TEST_SERVER_SECONDS` (default
/// 900) pass. `STUDIO_TEST_SERVER_QUEUE` sets the queue capacity in images (default 100).
@Suite struct TestModelServer {
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["STUDIO_TEST_SERVER_PORT"] != nil, "set STUDIO_TEST_SERVER_PORT to serve"))
    func serveTestModel() async throws {
        let port = try #require(Self.environment["STUDIO_TEST_SERVER_PORT"].flatMap(Int.init))
        let seconds = Self.environment["STUDIO_TEST_SERVER_SECONDS"].flatMap(Int.init) ?? 900
        let queue = Self.environment["STUDIO_TEST_SERVER_QUEUE"].flatMap(Int.init) ?? 100
        let app = buildApplication(
            model: TestAvatarModel(),
            configuration: StudioConfiguration(port: port, maxQueuedImages: queue))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            group.addTask { try await Task.sleep(for: .seconds(seconds)) }
            try await group.next()
            group.cancelAll()
        }
    }
}
