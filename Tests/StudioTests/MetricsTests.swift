import Foundation
import Hummingbird
import HummingbirdTesting
import Studio
import Testing

/// `GET /metrics`: scraped before and after a few requests, its counters move by exactly what
/// those requests did.
@Suite struct MetricsTests {
    /// The samples of a Prometheus text exposition: `name{labels} value` lines, keyed by
    /// everything before the value.
    static func samples(_ text: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            result[String(line[..<space])] = value
        }
        return result
    }

    static func scrape(_ client: any TestClientProtocol) async throws -> [String: Double] {
        let response = try await client.get("/metrics")
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return samples(String(buffer: response.body))
    }

    @Test func countersFollowTheRequests() async throws {
        try await withStudio(configuration: .init(maxQueuedImages: 8)) { client in
            let before = try await Self.scrape(client)
            #expect(before[#"acgan_generation_queue_capacity"#] == 8)
            #expect(before[#"acgan_generation_queue_images"#] == 0)

            #expect(try await client.post("/api/generate", json: "{}").status == .ok)
            #expect(try await client.post("/api/generate", json: #"{"count": 3}"#).status == .ok)
            #expect(try await client.post("/api/interpolate", json: #"{"from": {}, "to": {}, "steps": 4}"#).status == .ok)
            expectError(try await client.post("/api/generate", json: #"{"count": 0}"#), status: .badRequest, code: "out_of_range")
            // A grid bigger than the queue is refused at once: a rejection, nothing drawn.
            expectError(try await client.post("/api/generate", json: #"{"count": 9}"#), status: .serviceUnavailable, code: "busy")
            #expect(try await client.get("/no/such/page").status == .notFound)
            #expect(try await client.get("/healthz").status == .ok)

            let after = try await Self.scrape(client)
            func delta(_ key: String) -> Double { (after[key] ?? 0) - (before[key] ?? 0) }
            #expect(delta(#"acgan_http_requests_total{route="/api/generate",method="POST",status="200"}"#) == 2)
            #expect(delta(#"acgan_http_requests_total{route="/api/generate",method="POST",status="400"}"#) == 1)
            #expect(delta(#"acgan_http_requests_total{route="/api/generate",method="POST",status="503"}"#) == 1)
            #expect(delta(#"acgan_http_requests_total{route="/api/interpolate",method="POST",status="200"}"#) == 1)
            #expect(delta(#"acgan_http_requests_total{route="other",method="GET",status="404"}"#) == 1)
            #expect(delta(#"acgan_http_requests_total{route="/healthz",method="GET",status="200"}"#) == 1)
            // The first scrape itself was counted once it was answered.
            #expect(delta(#"acgan_http_requests_total{route="/metrics",method="GET",status="200"}"#) == 1)
            #expect(delta(#"acgan_generation_rejected_total{kind="generate"}"#) == 1)
            #expect(delta(#"acgan_generated_images_total{kind="generate"}"#) == 4)
            #expect(delta(#"acgan_generated_images_total{kind="interpolate"}"#) == 4)
            #expect(delta(#"acgan_generation_seconds_count{kind="generate"}"#) == 2)
            #expect(delta(#"acgan_generation_seconds_count{kind="interpolate"}"#) == 1)
            #expect(delta(#"acgan_generation_seconds_bucket{kind="generate",le="+Inf"}"#) == 2)
            #expect(after[#"acgan_generation_queue_images"#] == 0)
        }
    }
}
