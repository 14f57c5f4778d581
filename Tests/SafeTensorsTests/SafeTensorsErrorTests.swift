import Foundation
import SafeTensors
import Testing

/// A header entry for a tensor.
private func entry(_ name: String, _ dtype: String = "F32", shape: String, offsets: String) -> String {
    #""\#(name)":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}"#
}

private func parse(_ data: Data) throws(SafeTensorsError) {
    _ = try SafeTensorsFile(data: data)
}

/// Every malformed file the brief lists, built byte by byte, gives its own typed error.
@Suite struct SafeTensorsErrorTests {
    @Test func containerErrors() {
        #expect(throws: SafeTensorsError.fileTooShort(byteCount: 0)) { try parse(Data()) }
        #expect(throws: SafeTensorsError.fileTooShort(byteCount: 5)) { try parse(Data([1, 0, 0, 0, 0])) }
        #expect(throws: SafeTensorsError.headerTooLarge(headerByteCount: 1 << 63)) {
            try parse(handMadeSafeTensors(header: "{}", headerLength: 1 << 63))
        }
        #expect(throws: SafeTensorsError.headerBeyondFile(headerByteCount: 100, bytesAfterLengthField: 2)) {
            try parse(handMadeSafeTensors(header: "{}", headerLength: 100))
        }
        var notUTF8 = handMadeSafeTensors(header: "{\"\u{1}\":1}")
        notUTF8[10] = 0xFF
        #expect(throws: SafeTensorsError.headerNotUTF8) { try parse(notUTF8) }
    }

    @Test func jsonErrors() {
        #expect(throws: SafeTensorsError.headerNotJSON(byteOffset: 5, problem: "unexpected end of the header")) {
            try parse(handMadeSafeTensors(header: #"{"a":"#))
        }
        #expect(throws: SafeTensorsError.headerNotJSON(byteOffset: 2, problem: "unexpected text after the JSON value")) {
            try parse(handMadeSafeTensors(header: "{}}"))
        }
        #expect(throws: SafeTensorsError.headerNotObject(found: "array")) {
            try parse(handMadeSafeTensors(header: "[1, 2]"))
        }
        #expect(throws: SafeTensorsError.headerNotObject(found: "string")) {
            try parse(handMadeSafeTensors(header: #""weights""#))
        }
        // Deep nesting is refused, not a stack overflow.
        #expect(throws: SafeTensorsError.self) {
            try parse(handMadeSafeTensors(header: #"{"a":"# + String(repeating: "[", count: 100_000)))
        }
        #expect(throws: SafeTensorsError.duplicateName("a")) {
            try parse(handMadeSafeTensors(header: "{" + entry("a", shape: "[1]", offsets: "[0,4]") + ","
                                          + entry("a", shape: "[1]", offsets: "[4,8]") + "}", data: Array(repeating: 0, count: 8)))
        }
    }

    @Test func tensorEntryErrors() {
        #expect(throws: SafeTensorsError.unknownDType(tensor: "w", dtype: "F8_E4M3")) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", "F8_E4M3", shape: "[1]", offsets: "[0,1]") + "}", data: [0]))
        }
        #expect(throws: SafeTensorsError.negativeDimension(tensor: "w", shape: [-1, 2])) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", shape: "[-1,2]", offsets: "[0,8]") + "}", data: Array(repeating: 0, count: 8)))
        }
        #expect(throws: SafeTensorsError.invalidTensorEntry(tensor: "w", problem: "field 'shape' holds 1.5, not an integer")) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", shape: "[1.5]", offsets: "[0,4]") + "}", data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.invalidTensorEntry(tensor: "w", problem: "field 'shape' holds a boolean, not an integer")) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", shape: "[true]", offsets: "[0,4]") + "}", data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.invalidTensorEntry(tensor: "w", problem: "field 'data_offsets' is missing")) {
            try parse(handMadeSafeTensors(header: #"{"w":{"dtype":"F32","shape":[1]}}"#, data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.invalidTensorEntry(tensor: "w", problem: "its entry is a array, not an object")) {
            try parse(handMadeSafeTensors(header: #"{"w":[1]}"#))
        }
        #expect(throws: SafeTensorsError.invalidTensorEntry(tensor: "w", problem: "data_offsets [4, 0] is not a range (0 <= begin <= end)")) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", shape: "[1]", offsets: "[4,0]") + "}", data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.tensorTooLarge(tensor: "w", shape: [1 << 40, 1 << 40])) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", shape: "[1099511627776,1099511627776]", offsets: "[0,4]") + "}", data: [0, 0, 0, 0]))
        }
    }

    @Test func metadataMustBeStrings() {
        #expect(throws: SafeTensorsError.invalidMetadata(problem: "key 'epoch' has a number value")) {
            try parse(handMadeSafeTensors(header: #"{"__metadata__":{"format":"pt","epoch":3}}"#))
        }
        #expect(throws: SafeTensorsError.invalidMetadata(problem: "it is a string")) {
            try parse(handMadeSafeTensors(header: #"{"__metadata__":"pt"}"#))
        }
        // null is what some writers put for "no metadata"; the Rust reader accepts it too.
        #expect(throws: Never.self) { try parse(handMadeSafeTensors(header: #"{"__metadata__":null}"#)) }
    }

    @Test func byteRangeErrors() {
        let twelve = [UInt8](repeating: 0, count: 12)
        #expect(throws: SafeTensorsError.offsetsBeyondData(tensor: "w", begin: 0, end: 16, dataByteCount: 12)) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", shape: "[4]", offsets: "[0,16]") + "}", data: twelve))
        }
        #expect(throws: SafeTensorsError.byteCountMismatch(tensor: "w", dtype: .float32, shape: [3], expected: 12, found: 8)) {
            try parse(handMadeSafeTensors(header: "{" + entry("w", shape: "[3]", offsets: "[0,8]") + "}", data: Array(twelve.prefix(8))))
        }
        #expect(throws: SafeTensorsError.overlappingTensors(first: "a", second: "b")) {
            try parse(handMadeSafeTensors(header: "{" + entry("b", shape: "[2]", offsets: "[4,12]") + ","
                                          + entry("a", shape: "[2]", offsets: "[0,8]") + "}", data: twelve))
        }
        #expect(throws: SafeTensorsError.unclaimedBytes(before: "b", begin: 4, end: 8)) {
            try parse(handMadeSafeTensors(header: "{" + entry("a", shape: "[1]", offsets: "[0,4]") + ","
                                          + entry("b", shape: "[1]", offsets: "[8,12]") + "}", data: twelve))
        }
        #expect(throws: SafeTensorsError.unclaimedBytes(before: "a", begin: 0, end: 4)) {
            try parse(handMadeSafeTensors(header: "{" + entry("a", shape: "[2]", offsets: "[4,12]") + "}", data: twelve))
        }
        #expect(throws: SafeTensorsError.trailingBytes(coveredByteCount: 4, dataByteCount: 12)) {
            try parse(handMadeSafeTensors(header: "{" + entry("a", shape: "[1]", offsets: "[0,4]") + "}", data: twelve))
        }
    }

    @Test func everyTruncationOfAValidFileIsAnError() throws {
        let file = SafeTensorsFile(tensors: ["a": SafeTensor(shape: [2, 2], values: [1, 2, 3, 4]),
                                             "b": SafeTensor(shape: [3], values: [5, 6, 7], dtype: .float16)],
                                   metadata: ["k": "v"])
        let bytes = try file.data()
        for length in 0..<bytes.count {
            #expect(throws: SafeTensorsError.self, "truncated to \(length) bytes") {
                try parse(bytes.prefix(length))
            }
        }
        #expect(try SafeTensorsFile(data: bytes) == file)
    }

    @Test func writerErrors() {
        #expect(throws: SafeTensorsError.valueCountMismatch(tensor: "w", shape: [2, 3], valueCount: 5)) {
            try SafeTensorsFile(tensors: ["w": SafeTensor(shape: [2, 3], values: [1, 2, 3, 4, 5])]).data()
        }
        #expect(throws: SafeTensorsError.negativeDimension(tensor: "w", shape: [-2])) {
            try SafeTensorsFile(tensors: ["w": SafeTensor(shape: [-2], values: [])]).data()
        }
        #expect(throws: SafeTensorsError.reservedName) {
            try SafeTensorsFile(tensors: ["__metadata__": SafeTensor(shape: [], values: [1])]).data()
        }
    }

    @Test func fileErrorsNameThePath() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString).safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: missing) }
        guard case .readFailed(let path, let reason) = error else {
            Issue.record("expected readFailed, got \(String(describing: error))")
            return
        }
        #expect(path == missing.path)
        #expect(!reason.isEmpty)
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).safetensors")
        try Data().write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        do {
            _ = try SafeTensorsFile(contentsOf: empty)
            Issue.record("an empty file was accepted")
        } catch {
            #expect(error == .invalidFile(path: empty.path, problem: .fileTooShort(byteCount: 0)))
            #expect(error.description.hasPrefix(empty.path + ": safetensors data has 0 bytes"))
        }
    }
}
