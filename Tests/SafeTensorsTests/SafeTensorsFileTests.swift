import Foundation
import SafeTensors
import Testing

/// A safetensors file assembled by hand: length field, header text, data bytes.
func handMadeSafeTensors(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> Data {
    let headerBytes = Array(header.utf8)
    let length = headerLength ?? UInt64(headerBytes.count)
    var bytes = withUnsafeBytes(of: length.littleEndian) { Array($0) }
    bytes += headerBytes + data
    return Data(bytes)
}

/// Little-endian bytes of float32 values.
func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}

/// A fixture of `Scripts/make_torch_fixtures.py`, which writes them all into
/// `Tests/NeuralNetworkTests/Fixtures` (the Adam test reads the same folder).
private func fixtureURL(_ name: String) throws -> URL {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NeuralNetworkTests/Fixtures/\(name).safetensors")
    try #require(FileManager.default.fileExists(atPath: url.path), "missing fixture \(url.path)")
    return url
}

@Suite struct SafeTensorsFileTests {
    @Test func roundTripKeepsEveryFloat32BitAndTheMetadata() throws {
        let original = SafeTensorsFile(
            tensors: [
                "stages.0.down.weight": SafeTensor(shape: [2, 1, 2, 2], values: [1, -2, 0.1, 0x1p-140, -0.0, .infinity, 3e38, 7]),
                "bn.num_batches_tracked": SafeTensor(shape: [], values: [42]),
                "empty": SafeTensor(shape: [0, 5], values: []),
            ],
            metadata: ["config": #"{"z": 128, "path": "a/b\c"}"#, "note": "line\nbreak \u{1}é😀"])
        let bytes = try original.data()
        let decoded = try SafeTensorsFile(data: bytes)
        #expect(decoded == original)
        let weights = try decoded.tensor(named: "stages.0.down.weight").values
        #expect(weights.map(\.bitPattern) == original.tensors["stages.0.down.weight"]!.values.map(\.bitPattern))
    }

    @Test func headerIsByteForByteTheRustLibrarysExample() throws {
        // From the safetensors crate's own serialization tests: one F32 tensor of 0...5. The
        // first JSON is 64 bytes, a multiple of 8; the second is 65, padded with 7 spaces.
        let values: [Float] = [0, 1, 2, 3, 4, 5]
        let file = SafeTensorsFile(tensors: ["attn.0": SafeTensor(shape: [1, 2, 3], values: values)])
        let json = #"{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}"#
        #expect(try file.data() == handMadeSafeTensors(header: json, data: float32Bytes(values)))
        let padded = SafeTensorsFile(tensors: ["attn0": SafeTensor(shape: [1, 1, 2, 3], values: values)])
        let paddedJSON = #"{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}"#
        #expect(try padded.data() == handMadeSafeTensors(header: paddedJSON + "       ", data: float32Bytes(values)))
        // No tensors and one metadata key: `{"__metadata__":{"framework":"pt"}}` + 5 spaces.
        let metadataOnly = SafeTensorsFile(metadata: ["framework": "pt"])
        #expect(try metadataOnly.data() == handMadeSafeTensors(header: #"{"__metadata__":{"framework":"pt"}}"# + "     "))
        #expect(try SafeTensorsFile().data() == handMadeSafeTensors(header: "{}      "))
    }

    @Test func tensorsAreLaidOutByDtypeAlignmentThenName() throws {
        let file = SafeTensorsFile(tensors: [
            "b": SafeTensor(shape: [1], values: [1], dtype: .float16),
            "a": SafeTensor(shape: [1], values: [1], dtype: .float16),
            "c": SafeTensor(shape: [1], values: [1], dtype: .int64),
            "d": SafeTensor(shape: [1], values: [1], dtype: .float32),
            "e": SafeTensor(shape: [1], values: [1], dtype: .bool),
        ])
        let bytes = try file.data()
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        let order = ["\"c\"", "\"d\"", "\"a\"", "\"b\"", "\"e\""].map { header.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(header.contains(#""c":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}"#))
        #expect(header.contains(#""e":{"dtype":"BOOL","shape":[1],"data_offsets":[16,17]}"#))
    }

    @Test func readsTheFileWrittenByThePythonLibrary() throws {
        let file = try SafeTensorsFile(contentsOf: try fixtureURL("python_written"))
        #expect(file.metadata == ["format": "pt"])
        #expect(Set(file.tensors.keys) == ["f32.matrix", "f16.values", "bf16.values", "i64.scalar", "f32.empty"])

        let matrix = try file.tensor(named: "f32.matrix", shape: [2, 3])
        #expect(matrix.dtype == .float32)
        let expectedMatrix: [Float] = [1.0 / 3.0, -2.5, 65504, Float(1e-40 as Double), -0.0, .greatestFiniteMagnitude]
        #expect(matrix.values == expectedMatrix)

        let half = try file.tensor(named: "f16.values", shape: [6])
        #expect(half.dtype == .float16)
        // torch rounded 1/3 to 0x3555 = 1365/4096, 1e5 to infinity, 0.1 to 0x2E66.
        let expectedHalf: [Float] = [1365.0 / 4096.0, 65504, 0x1p-24, .infinity, -0.0, 1638.0 / 16384.0]
        #expect(half.values == expectedHalf)
        #expect(half.values[4].sign == .minus)

        let brain = try file.tensor(named: "bf16.values", shape: [4])
        #expect(brain.dtype == .bfloat16)
        // 0x3EAB, 0xBFC0, 0x0001 (smallest bfloat16 subnormal = 2^-133), 0x7F62.
        let expectedBrain: [Float] = [Float(bitPattern: 0x3EAB_0000), -1.5, 0x1p-133, Float(bitPattern: 0x7F62_0000)]
        #expect(brain.values == expectedBrain)

        let counter = try file.tensor(named: "i64.scalar", shape: [])
        #expect(counter.dtype == .int64 && counter.values == [7])
        #expect(try file.tensor(named: "f32.empty", shape: [0, 3]).values.isEmpty)
    }

    @Test func rewritesThePythonFileByteForByte() throws {
        let url = try fixtureURL("python_written")
        let original = try Data(contentsOf: url)
        #expect(try SafeTensorsFile(data: original).data() == original)
    }

    @Test func storingAsFloat16RoundsEveryTensor() throws {
        let file = SafeTensorsFile(tensors: ["w": SafeTensor(shape: [3], values: [1.0 / 3.0, 0.1, -2])])
        let half = try SafeTensorsFile(data: try file.data(storing: .float16))
        #expect(half.tensors["w"] == SafeTensor(shape: [3], values: [1365.0 / 4096.0, 1638.0 / 16384.0, -2],
                                                dtype: .float16))
        // 8-byte length + header padded to 8 + 3 x 2 bytes.
        #expect(try file.data(storing: .float16).count % 8 == 6)
    }

    @Test func writeIsAtomicAndReplacesAnExistingFile() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("SafeTensorsFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")

        let first = SafeTensorsFile(tensors: ["x": SafeTensor(shape: [2], values: [1, 2])], metadata: ["step": "1"])
        try first.write(to: url)
        let second = SafeTensorsFile(tensors: ["x": SafeTensor(shape: [2], values: [3, 4])], metadata: ["step": "2"])
        try second.write(to: url)
        #expect(try SafeTensorsFile(contentsOf: url) == second)
        // Only the final file is left: the temporary file was renamed, not copied.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])

        // A failed write (a value F16 cannot hold) leaves the previous file as it was.
        let bad = SafeTensorsFile(tensors: ["x": SafeTensor(shape: [1], values: [1e6])])
        #expect(throws: SafeTensorsError.self) { try bad.write(to: url, storing: .float16) }
        #expect(try SafeTensorsFile(contentsOf: url) == second)
    }

    @Test func writeIntoAMissingDirectoryIsAWriteError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/model.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile().write(to: url) }
        guard case .writeFailed(let path, _) = error else {
            Issue.record("expected writeFailed, got \(String(describing: error))")
            return
        }
        #expect(path == url.path)
    }

    @Test func namesWithJSONEscapesAreDecoded() throws {
        let json = #"{"caf\u00e9.\ud83d\ude00\/\"x\"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let file = try SafeTensorsFile(data: handMadeSafeTensors(header: json, data: float32Bytes([5])))
        #expect(file.tensors["café.😀/\"x\""]?.values == [5])
    }

    @Test func lookupErrorsNameTheTensorAndTheShapes() throws {
        let file = SafeTensorsFile(tensors: ["fc.weight": SafeTensor(shape: [2, 3], values: Array(repeating: 0, count: 6)),
                                             "fc.bias": SafeTensor(shape: [2], values: [0, 0])])
        #expect(throws: SafeTensorsError.missingTensor("fc.weigth", available: ["fc.weight", "fc.bias"])) {
            try file.tensor(named: "fc.weigth")
        }
        #expect(throws: SafeTensorsError.shapeMismatch(tensor: "fc.weight", expected: [3, 2], found: [2, 3])) {
            try file.tensor(named: "fc.weight", shape: [3, 2])
        }
        #expect(SafeTensorsError.missingTensor("x", available: ["a"]).description.contains("'x'"))
    }
}

@Suite struct SafeTensorsFixtureTests {
    /// The Adam fixture of make_torch_fixtures.py reads, with the keys its README lists.
    @Test func readsTheAdamFixture() throws {
        let file = try SafeTensorsFile(contentsOf: try fixtureURL("adam_linear"))
        #expect(file.tensors.count == 86)
        #expect(try file.tensor(named: "plain.step5.weight", shape: [3, 4]).dtype == .float32)
        #expect(try file.tensor(named: "weight_decay.state.step.bias", shape: []).values == [5])
        let provenance = try #require(file.metadata["provenance"])
        let json = try JSONSerialization.jsonObject(with: Data(provenance.utf8)) as? [String: Any]
        #expect(json?["adam"] != nil && json?["command"] != nil)
    }
}
