import Dispatch
import Foundation
import HummingbirdTesting
import Studio
import Synchronization
import Testing

/// The queue admits work up to its capacity in images and refuses the rest at once.
@Suite struct GenerationQueueTests {
    @Test func runsWorkAndReleasesCapacity() async throws {
        let queue = GenerationQueue(capacity: 3)
        let value = try await queue.run(cost: 3) { 6 * 7 }
        #expect(value == 42)
        #expect(queue.queuedImages == 0)
    }

    @Test func refusesWorkBeyondCapacityWithoutWaiting() async throws {
        let queue = GenerationQueue(capacity: 4)
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let held = Task {
            try await queue.run(cost: 3) {
                started.signal()
                gate.wait()
                return 1
            }
        }
        started.wait()
        #expect(queue.queuedImages == 3)
        // One more image fits, and waits behind the held job.
        let fits = Task { try await queue.run(cost: 1) { 2 } }
        while queue.queuedImages < 4 { try await Task.sleep(for: .milliseconds(5)) }
        // The held job keeps the queue full until the gate opens below: the refusal comes at
        // once, without waiting for room (no timed assertion: the machine may be busy).
        await #expect(throws: StudioError.busy(queuedImages: 4, capacity: 4)) {
            try await queue.run(cost: 1) { 3 }
        }
        gate.signal()
        #expect(try await held.value == 1)
        #expect(try await fits.value == 2)
        #expect(queue.queuedImages == 0)
    }

    @Test func errorsInWorkReleaseCapacity() async throws {
        struct Failure: Error {}
        let queue = GenerationQueue(capacity: 2)
        await #expect(throws: Failure.self) { try await queue.run(cost: 2) { throw Failure() } }
        #expect(queue.queuedImages == 0)
    }

    @Test func fullQueueAnswers503ThroughHTTP() async throws {
        let model = GatedAvatarModel()
        try await withStudio(model: model, configuration: .init(maxQueuedImages: 4)) { client in
            let held = Task {
                try await client.post("/api/generate", json: #"{"count": 4}"#)
            }
            // Wait until the held request occupies the whole queue.
            var queued = 0
            for _ in 0..<400 where queued < 4 {
                queued = try await client.get("/healthz").json["queuedImages"] as? Int ?? 0
                if queued < 4 { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(queued == 4)
            // The held request keeps the queue full until the model's gate opens below, so an
            // answer here means the full queue refused at once instead of waiting for room (no
            // timed assertion: the machine may be busy).
            let refused = try await client.post("/api/generate", json: "{}")
            expectError(refused, status: .serviceUnavailable, code: "busy")
            #expect(refused.headers[.retryAfter] == "1")
            let refusedStrip = try await client.post("/api/interpolate", json: #"{"from": {}, "to": {}}"#)
            expectError(refusedStrip, status: .serviceUnavailable, code: "busy")
            model.open()
            #expect(try await held.value.status == .ok)
            model.open()
            #expect(try await client.post("/api/generate", json: "{}").status == .ok)
        }
    }
}
