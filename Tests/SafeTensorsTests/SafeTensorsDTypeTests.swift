import Foundation
import SafeTensors
import Testing

/// The stored bits of `values` written as `dtype` (2-byte types), read from the file bytes.
private func storedBits16(_ values: [Float], as dtype: SafeTensorsDType) throws -> [UInt16] {
    let data = try SafeTensorsFile(tensors: ["t": SafeTensor(shape: [values.count], values: values)])
        .data(storing: dtype)
    let tail = Array(data.suffix(values.count * 2))
    return stride(from: 0, to: tail.count, by: 2).map { UInt16(tail[$0]) | UInt16(tail[$0 + 1]) << 8 }
}

/// The floats a file decodes from raw little-endian `data` stored as `dtype`.
private func decoded(_ data: [UInt8], as dtype: SafeTensorsDType, count: Int) throws -> [Float] {
    let json = #"{"t":{"dtype":"\#(dtype.rawValue)","shape":[\#(count)],"data_offsets":[0,\#(data.count)]}}"#
    return try SafeTensorsFile(data: handMadeSafeTensors(header: json, data: data)).tensors["t"]!.values
}

@Suite struct SafeTensorsDTypeTests {
    @Test func float16RoundsToNearestEvenWithSubnormals() throws {
        // Expected bit patterns worked out by hand from IEEE 754 binary16 (and checked against
        // torch's `.half()` for the ones in python_written.safetensors).
        let cases: [(Float, UInt16)] = [
            (1.0 / 3.0, 0x3555),         // 0.333251953125
            (0.1, 0x2E66),
            (1, 0x3C00),
            (-2, 0xC000),
            (65504, 0x7BFF),             // the largest half
            (65519, 0x7BFF),             // just below the halfway point to 65536
            (0x1p-14, 0x0400),           // the smallest normal
            (0x1p-14 - 0x1p-24, 0x03FF), // the largest subnormal
            (0x1p-24, 0x0001),           // the smallest subnormal
            (0x1p-25, 0x0000),           // halfway between 0 and 2^-24: ties to even (0)
            (0x1.8p-24, 0x0002),         // halfway between 1 and 2 ulps: ties to even (2)
            (1 + 0x1p-11, 0x3C00),       // halfway: ties to even (down)
            (1 + 0x1.8p-10, 0x3C02),     // halfway: ties to even (up)
            (1e-8, 0x0000),
            (-0.0, 0x8000),
            (.infinity, 0x7C00),
            (-.infinity, 0xFC00),
        ]
        let bits = try storedBits16(cases.map(\.0), as: .float16)
        for (index, (value, expected)) in cases.enumerated() {
            #expect(bits[index] == expected, "F16 of \(value)")
        }
        let nan = try storedBits16([.nan], as: .float16)[0]
        #expect(nan & 0x7C00 == 0x7C00 && nan & 0x03FF != 0)
    }

    @Test func float16DecodesExactly() throws {
        let bits: [UInt16] = [0x3555, 0x7BFF, 0x0001, 0x03FF, 0xC000, 0x8000, 0xFC00, 0x7E00]
        let values = try decoded(bits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, as: .float16, count: bits.count)
        let expected: [Float] = [1365.0 / 4096.0, 65504, 0x1p-24, 1023 * 0x1p-24, -2, -0.0, -.infinity]
        #expect(Array(values.prefix(7)) == expected)
        #expect(values[5].sign == .minus)
        #expect(values[7].isNaN)
    }

    @Test func bfloat16RoundsToNearestEven() throws {
        let cases: [(Float, UInt16)] = [
            (1.0 / 3.0, 0x3EAB),        // 0x3EAAAAAB: the dropped half 0xAAAB rounds up
            (1, 0x3F80),
            (-1.5, 0xBFC0),
            (1 + 0x1p-8, 0x3F80),       // halfway, kept bit even: down
            (1 + 0x1.8p-7, 0x3F82),     // halfway, kept bit odd: up
            (3e38, 0x7F62),
            (Float(1e-40 as Double), 0x0001),  // a float32 subnormal stays a bfloat16 subnormal
            (-0.0, 0x8000),
            (.infinity, 0x7F80),
        ]
        let bits = try storedBits16(cases.map(\.0), as: .bfloat16)
        for (index, (value, expected)) in cases.enumerated() {
            #expect(bits[index] == expected, "BF16 of \(value)")
        }
        #expect(try storedBits16([.nan], as: .bfloat16)[0] == 0x7FC0)
        #expect(try decoded([0xAB, 0x3E, 0xC0, 0xBF], as: .bfloat16, count: 2)
                == [Float(bitPattern: 0x3EAB_0000), -1.5])
    }

    @Test func finiteValuesThatWouldBecomeInfiniteAreRejected() {
        #expect(throws: SafeTensorsError.unrepresentableValue(tensor: "t", index: 1, value: 65520, dtype: .float16)) {
            try storedBits16([1, 65520], as: .float16)
        }
        #expect(throws: SafeTensorsError.unrepresentableValue(
            tensor: "t", index: 0, value: .greatestFiniteMagnitude, dtype: .bfloat16)) {
            try storedBits16([.greatestFiniteMagnitude], as: .bfloat16)
        }
    }

    @Test func integerTypesDecodeSignedAndUnsigned() throws {
        #expect(try decoded([0xFF, 0x7F, 0x80], as: .int8, count: 3) == [-1, 127, -128])
        #expect(try decoded([0xFF, 0x00], as: .uint8, count: 2) == [255, 0])
        #expect(try decoded([0x00, 0x01, 0x02], as: .bool, count: 3) == [0, 1, 1])
        #expect(try decoded([0xFE, 0xFF, 0xFF, 0xFF], as: .int16, count: 2) == [-2, -1])
        #expect(try decoded([0xFF, 0xFF], as: .uint16, count: 1) == [65535])
        #expect(try decoded([0xFD, 0xFF, 0xFF, 0xFF], as: .int32, count: 1) == [-3])
        #expect(try decoded([0x00, 0x00, 0x00, 0x80], as: .uint32, count: 1) == [2_147_483_648])
        #expect(try decoded([0xFC] + Array(repeating: 0xFF, count: 7), as: .int64, count: 1) == [-4])
        #expect(try decoded([0, 0, 0, 0, 0, 0, 0, 0x80], as: .uint64, count: 1) == [0x1p63])
        let tenth = withUnsafeBytes(of: (0.1 as Double).bitPattern.littleEndian) { Array($0) }
        #expect(try decoded(tenth, as: .float64, count: 1) == [0.1])
    }

    @Test func integerTypesStoreOnlyExactIntegers() throws {
        let counter = SafeTensorsFile(tensors: ["n": SafeTensor(shape: [], values: [123_456], dtype: .int64)])
        #expect(try SafeTensorsFile(data: counter.data()).tensors["n"]?.values == [123_456])
        #expect(throws: SafeTensorsError.unrepresentableValue(tensor: "n", index: 0, value: 1.5, dtype: .int64)) {
            try SafeTensorsFile(tensors: ["n": SafeTensor(shape: [], values: [1.5], dtype: .int64)]).data()
        }
        #expect(throws: SafeTensorsError.unrepresentableValue(tensor: "n", index: 1, value: 256, dtype: .uint8)) {
            try SafeTensorsFile(tensors: ["n": SafeTensor(shape: [2], values: [255, 256], dtype: .uint8)]).data()
        }
        #expect(throws: SafeTensorsError.unrepresentableValue(tensor: "n", index: 0, value: 2, dtype: .bool)) {
            try SafeTensorsFile(tensors: ["n": SafeTensor(shape: [1], values: [2], dtype: .bool)]).data()
        }
        let every = SafeTensorsDType.allCases.map { dtype in
            (dtype.rawValue, SafeTensor(shape: [2], values: [0, 1], dtype: dtype))
        }
        let file = SafeTensorsFile(tensors: Dictionary(uniqueKeysWithValues: every))
        #expect(try SafeTensorsFile(data: file.data()) == file)
    }

    @Test func byteCountsFollowTheFormat() {
        let sizes = Dictionary(uniqueKeysWithValues: SafeTensorsDType.allCases.map { ($0.rawValue, $0.byteCount) })
        #expect(sizes == ["BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
                          "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8])
    }
}
