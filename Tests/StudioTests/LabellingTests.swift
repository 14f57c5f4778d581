import AnimeData
import Foundation
import Hummingbird
import HummingbirdTesting
import Studio
import Testing

/// Assisted labelling through the API: a classifier run (real `acgan classifier train` and
/// `suggest` children on a 48-face synthetic set, 16 pixels, one epoch), its suggestions, and
/// labels written face by face and in bulk into tags.csv with the previous version kept; the
/// vocabulary checks, read-only data sets and the classifier run's options.
@Suite(.serialized) struct LabellingTests {
    /// A synthetic set in the workspace whose last `untagged` lines are removed from tags.csv;
    /// returns the removed lines (file, tags).
    static func makeSet(_ fixture: WorkspaceFixture, untagged: Int, in folder: URL? = nil) throws -> [(file: String, tags: String)] {
        let data = folder ?? fixture.workspace.appendingPathComponent("data/synth")
        try WorkspaceFixture.makeSynth(at: data)
        let tagsURL = data.appendingPathComponent("tags.csv")
        let lines = try String(contentsOf: tagsURL, encoding: .utf8).split(separator: "\n").map(String.init)
        try Data((lines.dropLast(untagged).joined(separator: "\n") + "\n").utf8).write(to: tagsURL)
        return lines.suffix(untagged).map { line in
            let comma = line.firstIndex(of: ",")!
            return (String(line[..<comma]), String(line[line.index(after: comma)...]))
        }
    }

    static func tags(_ fixture: WorkspaceFixture, _ name: String = "tags.csv") throws -> String {
        try String(contentsOf: fixture.workspace.appendingPathComponent("data/synth/\(name)"), encoding: .utf8)
    }

    static let classifierRun = #"{"dataset": "synth", "kind": "classifier", "epochs": 1, "batch": 8, "image_size": 16, "threads": 1}"#

    @Test func aClassifierRunSuggestsTagsThatAreAcceptedFaceByFaceAndInBulk() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        let removed = try Self.makeSet(fixture, untagged: 6)
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            // Before any classifier run: the faces are counted, nothing is suggested.
            let before = try await client.get("/api/datasets/synth/suggestions").json
            #expect(before["run"] == nil && before["needingLabels"] as? Int == 6 && before["writable"] as? Bool == true)
            #expect((before["faces"] as? [Any])?.isEmpty == true)

            let started = try await client.post("/api/runs", json: Self.classifierRun)
            #expect(started.status == .created, "\(started.errorMessage)")
            #expect(started.json["kind"] as? String == "classifier")
            let run = try await client.waitForRun(1) { !["queued", "running"].contains($0.status ?? "") }
            #expect(run.status == "finished", "\(run["message"] ?? "")")
            #expect(run["hasGenerator"] as? Bool == false)
            let steps = try #require(run["totalIterations"] as? Int)
            #expect(steps > 0 && run["iteration"] as? Int == steps && run["progress"] as? Double == 1)
            let report = try #require(run["classifier"] as? [String: Any])
            #expect(report["epoch"] as? Int == 1 && report["epochs"] as? Int == 1)
            #expect((report["heldOutAccuracy"] as? Double).map { (0...1).contains($0) } == true)
            #expect(report["suggestedFaces"] as? Int == 48 && report["facesWithoutTags"] as? Int == 6 && report["skipped"] as? Int == 0)
            #expect((report["curve"] as? [[String: Any]])?.isEmpty == false)
            let folder = fixture.workspace.appendingPathComponent("runs/run-1")
            for file in ["classifier.safetensors", "classifier-metrics.jsonl", "suggestions.json", "train.log"] {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
            }
            #expect(try String(contentsOf: folder.appendingPathComponent("train.log"), encoding: .utf8).contains("held-out accuracy"))
            let models = try #require(try await client.get("/api/models").json["models"] as? [[String: Any]])
            #expect(!models.contains { $0["id"] as? String == "run-1" })

            // The suggestions: the six faces, with thumbnails, confidences and the vocabulary.
            let suggestions = try await client.get("/api/datasets/synth/suggestions").json
            #expect(suggestions["run"] as? String == "run-1" && suggestions["needingLabels"] as? Int == 6)
            #expect(suggestions["matching"] as? Int == 6 && suggestions["withoutSuggestion"] as? Int == 0)
            #expect(suggestions["stale"] == nil)
            let faces = try #require(suggestions["faces"] as? [[String: Any]])
            #expect(Set(faces.compactMap { $0["file"] as? String }) == Set(removed.map(\.file)))
            #expect((suggestions["confidences"] as? [Double])?.count == 6)
            for face in faces {
                #expect(face["status"] as? String == "untagged")
                #expect(try decodePNG(base64: face["png"]).width == 64)
                #expect((face["groups"] as? [Any])?.count == 3 && (face["binaryTags"] as? [Any])?.count == 6)
                #expect((try? TagVocabulary.syntheticAvatars.labels(parsing: face["tags"] as? String ?? "")) != nil)
            }
            let vocabulary = try #require(suggestions["vocabulary"] as? [String: Any])
            #expect((vocabulary["groups"] as? [[String: Any]])?.first?["name"] as? String == "hair color")
            let page = try await client.get("/api/datasets/synth/suggestions?offset=4&count=5").json
            #expect((page["faces"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
                == faces.suffix(2).compactMap { $0["file"] as? String })

            // Face by face: one accepted as suggested, one corrected by hand (any order and case).
            let first = try #require(faces[0]["file"] as? String), firstTags = try #require(faces[0]["tags"] as? String)
            let second = try #require(faces[1]["file"] as? String)
            let beforeWrite = try Self.tags(fixture)
            let accepted = try await client.post("/api/datasets/synth/labels",
                                                  json: #"{"labels": [{"image": "\#(first)", "tags": "\#(firstTags)"}]}"#)
            #expect(accepted.status == .ok, "\(accepted.errorMessage)")
            #expect(accepted.json["written"] as? Int == 1 && accepted.json["added"] as? Int == 1)
            #expect(accepted.json["backup"] as? String == "tags.csv.1" && accepted.json["needingLabels"] as? Int == 5)
            #expect(try Self.tags(fixture, "tags.csv.1") == beforeWrite)
            #expect(try Self.tags(fixture) == beforeWrite + "\(first),\(firstTags)\n")
            let corrected = try await client.post(
                "/api/datasets/synth/labels",
                json: #"{"labels": [{"image": "\#(second)", "tags": "SMILE green eyes ponytail Pink Hair glasses"}]}"#)
            #expect(corrected.status == .ok, "\(corrected.errorMessage)")
            let written = try #require((corrected.json["labelled"] as? [[String: Any]])?.first?["tags"] as? String)
            #expect(written == "pink hair ponytail green eyes smile glasses")
            #expect(try Self.tags(fixture).hasSuffix("\(second),pink hair ponytail green eyes smile glasses\n"))
            #expect(try await client.get("/api/datasets/synth/suggestions").json["needingLabels"] as? Int == 4)

            // In bulk: everything left at confidence 0 or more, but one skipped face.
            let skipped = try #require(faces[5]["file"] as? String)
            let nothing = try await client.post("/api/datasets/synth/labels", json: #"{"min_confidence": 1}"#)
            #expect(nothing.json["written"] as? Int == 0 && nothing.json["backup"] == nil, "\(nothing.errorMessage)")
            let bulk = try await client.post("/api/datasets/synth/labels", json: #"{"min_confidence": 0, "skip": ["\#(skipped)"]}"#)
            #expect(bulk.status == .ok, "\(bulk.errorMessage)")
            #expect(bulk.json["written"] as? Int == 3 && bulk.json["needingLabels"] as? Int == 1)
            let labels = try DatasetLabels.read(directory: fixture.workspace.appendingPathComponent("data/synth"))
            #expect(labels.unlabelled.map(\.file) == [skipped])
            #expect(labels.labelled.count == 47)
            let list = try #require(try JSONSerialization.jsonObject(with: try await client.get("/api/datasets").data) as? [[String: Any]])
            #expect(list.first { $0["name"] as? String == "synth" }?["unlabelledCount"] as? Int == 1)
            #expect(list.first { $0["name"] as? String == "synth" }?["imageCount"] as? Int == 47)
            // A tagged face the classifier disputes can be corrected too (replaced in place).
            let disputed = try await client.get("/api/datasets/synth/suggestions?disputed=true&count=64").json
            let tagged = (disputed["faces"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "tagged" }
            for face in tagged { #expect(face["currentTags"] as? String != face["tags"] as? String) }
            if let face = tagged.first, let file = face["file"] as? String, let tags = face["tags"] as? String {
                let fixed = try await client.post("/api/datasets/synth/labels", json: #"{"labels": [{"image": "\#(file)", "tags": "\#(tags)"}]}"#)
                #expect(fixed.json["replaced"] as? Int == 1 && fixed.json["added"] as? Int == 0, "\(fixed.errorMessage)")
            }
        }
    }

    @Test func labelsAreCheckedAgainstTheDataSetsTags() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        let removed = try Self.makeSet(fixture, untagged: 3)
        let original = try Self.tags(fixture)
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            let file = removed[0].file
            func label(_ body: String) async throws -> TestResponse { try await client.post("/api/datasets/synth/labels", json: body) }
            let unknown = try await label(#"{"labels": [{"image": "\#(file)", "tags": "rainbow hair long hair blue eyes"}]}"#)
            expectError(unknown, status: .badRequest, code: "invalid_label")
            #expect(unknown.errorMessage.contains("\(file): unknown tag \"rainbow\""), "\(unknown.errorMessage)")
            #expect(unknown.errorMessage.contains("hair color: blonde hair, brown hair"), "\(unknown.errorMessage)")
            #expect(unknown.errorMessage.contains("on/off: blush, smile"), "\(unknown.errorMessage)")
            let missing = try await label(#"{"labels": [{"image": "\#(file)", "tags": "blue hair blue eyes"}]}"#)
            expectError(missing, status: .badRequest, code: "invalid_label")
            #expect(missing.errorMessage.contains("no value for hair style; choose one of long hair, short hair"), "\(missing.errorMessage)")
            let outside = try await label(#"{"labels": [{"image": "../../registry.sqlite", "tags": "blue hair long hair blue eyes"}]}"#)
            expectError(outside, status: .badRequest, code: "invalid_label")
            #expect(outside.errorMessage.contains("is not an image of this data set"), "\(outside.errorMessage)")
            // One bad label in a list writes none of them.
            let mixed = try await label(#"{"labels": [{"image": "\#(removed[1].file)", "tags": "\#(removed[1].tags)"}, {"image": "\#(file)", "tags": "wings"}]}"#)
            expectError(mixed, status: .badRequest, code: "invalid_label")
            let twice = try await label(#"{"labels": [{"image": "\#(file)", "tags": "\#(removed[0].tags)"}, {"image": "\#(file)", "tags": "\#(removed[0].tags)"}]}"#)
            expectError(twice, status: .badRequest, code: "invalid_label")
            for (body, code, mention) in [
                (#"{"labels": [{"image": "\#(file)", "tags": "x"}], "min_confidence": 0.5}"#, "malformed_json", "not both"),
                (#"{}"#, "malformed_json", "min_confidence"),
                (#"{"labels": []}"#, "malformed_json", "empty"),
                (#"{"labels": [{"image": "\#(file)", "colour": "x"}]}"#, "malformed_json", "labels[0].colour"),
                (#"{"labels": [{"image": "\#(file)"}]}"#, "malformed_json", "tags"),
                (#"{"min_confidence": 2}"#, "out_of_range", "min_confidence"),
                (#"{"skip": ["a.png"], "labels": [{"image": "\#(file)", "tags": "x"}]}"#, "malformed_json", "skip"),
            ] {
                let response = try await label(body)
                expectError(response, status: .badRequest, code: code)
                #expect(response.errorMessage.contains(mention), "\(body): \(response.errorMessage)")
            }
            // Bulk needs a classifier run to take suggestions from.
            expectError(try await label(#"{"min_confidence": 0.5}"#), status: .conflict, code: "conflict")
            expectError(try await client.post("/api/datasets/nope/labels", json: #"{"min_confidence": 0.5}"#), status: .notFound, code: "not_found")
            expectError(try await client.get("/api/datasets/synth/suggestions?offset=-1"), status: .badRequest, code: "out_of_range")
            expectError(try await client.get("/api/datasets/synth/suggestions?count=0"), status: .badRequest, code: "out_of_range")
            expectError(try await client.get("/api/datasets/synth/suggestions?disputed=maybe"), status: .badRequest, code: "out_of_range")
            expectError(try await client.get("/api/datasets/..%2F..%2Fetc/suggestions"), status: .badRequest, code: "invalid_path")
        }
        // Nothing was written: no change, no backup.
        #expect(try Self.tags(fixture) == original)
        #expect(!FileManager.default.fileExists(atPath: fixture.workspace.appendingPathComponent("data/synth/tags.csv.1").path))
    }

    @Test func aDataSetFromADataRootIsReadOnly() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        let root = fixture.root.appendingPathComponent("shared-data")
        let removed = try Self.makeSet(fixture, untagged: 2, in: root.appendingPathComponent("faces"))
        let before = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        let original = try String(contentsOf: root.appendingPathComponent("faces/tags.csv"), encoding: .utf8)
        try await fixture.withStudio(fixture.configuration { $0.dataRoots = [root] }) { client, _ in
            let suggestions = try await client.get("/api/datasets/faces/suggestions").json
            #expect(suggestions["writable"] as? Bool == false && suggestions["needingLabels"] as? Int == 2)
            let reason = suggestions["readOnly"] as? String ?? ""
            #expect(reason.contains("--data-root") && reason.contains("shared-data"), "\(reason)")
            let refused = try await client.post(
                "/api/datasets/faces/labels", json: #"{"labels": [{"image": "\#(removed[0].file)", "tags": "\#(removed[0].tags)"}]}"#)
            expectError(refused, status: .forbidden, code: "read_only")
            #expect(refused.errorMessage.contains("faces is read-only") && refused.errorMessage.contains("--data-root"),
                    "\(refused.errorMessage)")
            expectError(try await client.post("/api/datasets/faces/labels", json: #"{"min_confidence": 0.5}"#),
                        status: .forbidden, code: "read_only")
        }
        #expect(try String(contentsOf: root.appendingPathComponent("faces/tags.csv"), encoding: .utf8) == original)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted() == before)
    }

    @Test func classifierRunOptionsAreCheckedBeforeAnythingStarts() async throws {
        let fixture = try WorkspaceFixture()
        defer { fixture.remove() }
        try WorkspaceFixture.makeSynth(at: fixture.workspace.appendingPathComponent("data/synth"), count: 8)
        try await fixture.withStudio(fixture.configuration()) { client, _ in
            for (body, mention) in [
                (#"{"dataset": "synth", "kind": "classifier", "model_size": "tiny"}"#, "model_size"),
                (#"{"dataset": "synth", "kind": "classifier", "iterations": 10}"#, "iterations"),
                (#"{"dataset": "synth", "kind": "classifier", "epochs": 0}"#, "epochs"),
                (#"{"dataset": "synth", "kind": "classifier", "epochs": 5000}"#, "epochs"),
                (#"{"dataset": "synth", "kind": "classifier", "batch": 1}"#, "batch"),
                (#"{"dataset": "synth", "kind": "classifier", "image_size": 48}"#, "image_size"),
                (#"{"dataset": "synth", "kind": "vae"}"#, "kind"),
                (#"{"dataset": "synth", "epochs": 3}"#, "epochs"),
            ] {
                let response = try await client.post("/api/runs", json: body)
                expectError(response, status: .badRequest, code: "out_of_range")
                #expect(response.errorMessage.contains(mention), "\(body): \(response.errorMessage)")
            }
            expectError(try await client.post("/api/runs", json: #"{"dataset": "missing", "kind": "classifier"}"#),
                        status: .notFound, code: "not_found")
            #expect((try JSONSerialization.jsonObject(with: try await client.get("/api/runs").data) as? [Any])?.isEmpty == true)
        }
    }
}
