import Foundation
import Hummingbird
import HummingbirdTesting
import Imaging
import Studio
import Testing

/// Training runs for real: `acgan train` children on a tiny model (32 pixels, one block, width
/// 8) and a 48-face synthetic set, a few dozen iterations each, so the suite stays fast.
@Suite(.serialized) struct TrainingRunTests {
    static let tiny = #""model_size": "tiny", "batch": 8, "threads": 1, "log_every": 5, "sample_every": 10, "checkpoint_every": 10"#

    func samples(_ client: any TestClientProtocol) async throws -> [String: Double] {
        MetricsTests.samples(String(buffer: try await client.get("/metrics").body))
    }

    @Test func aRunTrainsReportsItsCurvesAndIsDeployedWithoutARestart() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try WorkspaceFixture.makeSynth(at: fixture.workspace.appendingPathComponent("data/synth"))
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            let started = try await client.post("/api/runs", json: #"{"dataset": "synth", "iterations": 30, "seed": 3, \#(Self.tiny)}"#)
            #expect(started.status == .created, "\(started.errorMessage)")
            #expect(started.json["id"] as? Int == 1)
            #expect(["queued", "running"].contains(started.json["status"] as? String))
            let run = try await client.waitForRun(1) { !["queued", "running"].contains($0.status ?? "") }
            #expect(run.status == "finished", "\(run["message"] ?? "")")
            #expect(run["iteration"] as? Int == 30 && run["progress"] as? Double == 1)
            let losses = try #require(run["losses"] as? [[String: Any]])
            #expect(losses.map { $0["iteration"] as? Int } == [5, 10, 15, 20, 25, 30])
            #expect(losses.allSatisfy { ($0["d_loss"] as? Double)?.isFinite == true })
            let sheets = try #require(run["samples"] as? [[String: Any]])
            #expect(sheets.compactMap { $0["iteration"] as? Int }.last == 30)
            let sheet = try await client.get(try #require(sheets.last?["url"] as? String))
            #expect(sheet.headers[.contentType] == "image/png")
            #expect(try RGBImage(pngData: sheet.data).width > 32)
            expectError(try await client.get("/api/runs/1/samples/11"), status: .notFound, code: "not_found")
            expectError(try await client.post("/api/runs/1/cancel", json: ""), status: .conflict, code: "conflict")
            expectError(try await client.post("/api/runs/1/resume", json: ""), status: .conflict, code: "conflict")
            let log = try String(contentsOf: fixture.workspace.appendingPathComponent("runs/run-1/train.log"), encoding: .utf8)
            #expect(log.contains("done:"))

            let models = try await client.get("/api/models").json
            #expect(models["live"] as? String == "startup")
            let listed = try #require(models["models"] as? [[String: Any]])
            #expect(listed.contains { $0["id"] as? String == "run-1" && $0["source"] as? String == "run" && $0["dataset"] as? String == "synth" })

            // Deploy: the studio now draws 32-pixel faces with the run's generator.
            let deployed = try await client.post("/api/models/run-1/deploy", json: "")
            #expect(deployed.status == .ok, "\(deployed.errorMessage)")
            #expect(deployed.json["live"] as? String == "run-1" && deployed.json["previous"] as? String == "startup")
            let model = try await client.get("/api/model").json
            #expect(model["id"] as? String == "run-1" && model["imageSize"] as? Int == 32)
            #expect(model["name"] as? String == "run-1 (synth)")
            let face = try await client.post("/api/generate", json: #"{"tags": "blue hair", "seed": 1}"#)
            #expect(face.status == .ok, "\(face.errorMessage)")
            #expect(try RGBImage(pngData: face.data).width == 32)

            // Restore the previous one.
            let restored = try await client.post("/api/models/startup/deploy", json: "")
            #expect(restored.json["live"] as? String == "startup" && restored.json["previous"] as? String == "run-1")
            #expect(try RGBImage(pngData: try await client.post("/api/generate", json: "{}").data).width == 64)
            let gauges = try await samples(client)
            #expect(gauges["acgan_training_jobs_running"] == 0 && gauges["acgan_training_jobs_queued"] == 0)
        }
    }

    @Test func cancelStopsTheChildKeepsTheCheckpointAndResumeContinues() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try WorkspaceFixture.makeSynth(at: fixture.workspace.appendingPathComponent("data/synth"))
        let checkpoint = fixture.workspace.appendingPathComponent("runs/run-1/checkpoint.safetensors")
        try await fixture.withStudio(fixture.configuration { $0.maxQueuedRuns = 2 }) { client, _ in
            let long = #"{"dataset": "synth", "iterations": 1000000, \#(Self.tiny)}"#
            #expect(try await client.post("/api/runs", json: long).status == .created)
            _ = try await client.waitForRun(1) { _ in FileManager.default.fileExists(atPath: checkpoint.path) }
            // A second run waits; a third does not fit in the queue of two.
            #expect(try await client.post("/api/runs", json: long).json["status"] as? String == "queued")
            expectError(try await client.post("/api/runs", json: long), status: .serviceUnavailable, code: "run_queue_full")
            var gauges = try await samples(client)
            #expect(gauges["acgan_training_jobs_running"] == 1 && gauges["acgan_training_jobs_queued"] == 1)
            #expect(try await client.post("/api/runs/2/cancel", json: "").json["status"] as? String == "cancelled")

            #expect(try await client.post("/api/runs/1/cancel", json: "").status == .ok)
            let cancelled = try await client.waitForRun(1) { $0.status != "running" }
            #expect(cancelled.status == "cancelled" && cancelled["resumable"] as? Bool == true)
            #expect(FileManager.default.fileExists(atPath: checkpoint.path))
            let stoppedAt = try #require(cancelled["iteration"] as? Int)
            gauges = try await samples(client)
            #expect(gauges["acgan_training_jobs_running"] == 0 && gauges["acgan_training_jobs_queued"] == 0)

            // Resume continues from the checkpoint: the iterations go on past where it stopped.
            let resumed = try await client.post("/api/runs/1/resume", json: "")
            #expect(resumed.status == .ok, "\(resumed.errorMessage)")
            #expect((resumed.json["message"] as? String)?.contains("last checkpoint") == true)
            let later = try await client.waitForRun(1) { ($0["iteration"] as? Int ?? 0) > stoppedAt + 10 }
            #expect(later.status == "running")
            let log = try String(contentsOf: fixture.workspace.appendingPathComponent("runs/run-1/train.log"), encoding: .utf8)
            // The log keeps the first part and the resumed one, which read the run's checkpoint.
            #expect(log.components(separatedBy: "loading ").count == 3)
            #expect(log.contains("vocabulary: the run's own, from its checkpoint"))
            #expect(try await client.post("/api/runs/1/cancel", json: "").status == .ok)
            #expect(try await client.waitForRun(1) { $0.status != "running" }.status == "cancelled")
        }
    }

    @Test func aRestartListsTheRunInterruptedItResumesAndTheDeploymentSurvives() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try WorkspaceFixture.makeSynth(at: fixture.workspace.appendingPathComponent("data/synth"))
        let configuration = fixture.configuration()
        let checkpoint = fixture.workspace.appendingPathComponent("runs/run-1/checkpoint.safetensors")
        let iterations = 60
        // First server: the run starts; the server stops while it trains.
        try await fixture.withStudio(configuration) { client, _ in
            let body = #"{"dataset": "synth", "iterations": \#(iterations), "seed": 5, \#(Self.tiny)}"#
            #expect(try await client.post("/api/runs", json: body).status == .created)
            _ = try await client.waitForRun(1) { _ in FileManager.default.fileExists(atPath: checkpoint.path) }
        }
        // Second server: listed as interrupted; it resumes and finishes; its model is deployed.
        try await fixture.withStudio(configuration) { client, _ in
            let runs = try #require(try JSONSerialization.jsonObject(with: try await client.get("/api/runs").data) as? [[String: Any]])
            #expect(runs.count == 1)
            #expect(runs.first?.status == "interrupted" && runs.first?["resumable"] as? Bool == true)
            #expect(try await client.post("/api/runs/1/resume", json: "").status == .ok)
            let run = try await client.waitForRun(1) { !["queued", "running"].contains($0.status ?? "") }
            #expect(run.status == "finished" && run["iteration"] as? Int == iterations, "\(run["message"] ?? "")")
            #expect((run["losses"] as? [[String: Any]])?.last?["iteration"] as? Int == iterations)
            #expect(try await client.post("/api/models/run-1/deploy", json: "").status == .ok)
        }
        // A run left "running" by a studio that crashed is interrupted on the next start.
        let registry = try Registry(url: fixture.workspace.appendingPathComponent("registry.sqlite"))
        let crashed = try registry.addRun(dataset: "synth", options: #"{"dataset":"synth"}"#, totalIterations: 10)
        try registry.updateRun(try #require(crashed.id)) { $0.status = .running }
        // Third server: the deployed model is live again, and the crashed run is interrupted.
        try await fixture.withStudio(configuration) { client, _ in
            let model = try await client.get("/api/model").json
            #expect(model["id"] as? String == "run-1" && model["imageSize"] as? Int == 32)
            #expect(try await client.get("/api/models").json["live"] as? String == "run-1")
            #expect(try await client.get("/api/runs/2").json.status == "interrupted")
        }
    }
}
