import Foundation

/// The element type of a tensor in a safetensors file, named as in the file's JSON header.
///
/// Every type is read into `Float`; every type can be written from `Float` (integers and
/// booleans only when each value is exactly representable). Model weights use `.float32`,
/// `.float16` or `.bfloat16`; the integer types exist so that a PyTorch `state_dict` file,
/// whose BatchNorm `num_batches_tracked` is `I64`, reads and writes back unchanged.
/// The FP8 types of the format are not supported (an `unknownDType` error names them).
public enum SafeTensorsDType: String, Sendable, CaseIterable, Hashable {
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case int16 = "I16"
    case uint16 = "U16"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int32 = "I32"
    case uint32 = "U32"
    case float32 = "F32"
    case float64 = "F64"
    case int64 = "I64"
    case uint64 = "U64"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .bool, .uint8, .int8: 1
        case .int16, .uint16, .float16, .bfloat16: 2
        case .int32, .uint32, .float32: 4
        case .float64, .int64, .uint64: 8
        }
    }

    /// Whether values of this type are floating point (F16, BF16, F32, F64).
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: true
        default: false
        }
    }

    /// The position of the type in the Rust `safetensors` crate's `Dtype` enum, which is
    /// ordered by alignment. Its writer lays tensors out by this rank descending, then by
    /// name, so that every tensor's data starts aligned; we do the same.
    var layoutRank: Int {
        switch self {
        case .bool: 0
        case .uint8: 1
        case .int8: 2
        // 3 and 4 are F8_E5M2 and F8_E4M3.
        case .int16: 5
        case .uint16: 6
        case .float16: 7
        case .bfloat16: 8
        case .int32: 9
        case .uint32: 10
        case .float32: 11
        case .float64: 12
        case .int64: 13
        case .uint64: 14
        }
    }
}

// MARK: - Decoding (little-endian bytes -> Float)

extension SafeTensorsDType {
    /// Decodes `count` little-endian elements starting at `offset` of `bytes` into floats.
    /// The bytes need not be aligned. The caller has checked the range.
    func decode(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float] {
        switch self {
        case .bool: decodeElements(bytes, offset, count, UInt8.self) { $0 == 0 ? 0 : 1 }
        case .uint8: decodeElements(bytes, offset, count, UInt8.self) { Float($0) }
        case .int8: decodeElements(bytes, offset, count, Int8.self) { Float($0) }
        case .int16: decodeElements(bytes, offset, count, Int16.self) { Float($0) }
        case .uint16: decodeElements(bytes, offset, count, UInt16.self) { Float($0) }
        case .float16: decodeElements(bytes, offset, count, UInt16.self) { Self.floatFromHalf($0) }
        case .bfloat16: decodeElements(bytes, offset, count, UInt16.self) { Self.floatFromBFloat16($0) }
        case .int32: decodeElements(bytes, offset, count, Int32.self) { Float($0) }
        case .uint32: decodeElements(bytes, offset, count, UInt32.self) { Float($0) }
        case .float32: decodeElements(bytes, offset, count, UInt32.self) { Float(bitPattern: $0) }
        case .float64:
            decodeElements(bytes, offset, count, UInt64.self) { Float(Double(bitPattern: $0)) }
        case .int64: decodeElements(bytes, offset, count, Int64.self) { Float($0) }
        case .uint64: decodeElements(bytes, offset, count, UInt64.self) { Float($0) }
        }
    }

    /// IEEE 754 half precision to single: exact (every half value is a float).
    static func floatFromHalf(_ bits: UInt16) -> Float {
        Float(Float16(bitPattern: bits))
    }

    /// bfloat16 is the upper half of a float32, so widening is a shift.
    static func floatFromBFloat16(_ bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    private func decodeElements<Raw: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int, _: Raw.Type,
        _ convert: (Raw) -> Float
    ) -> [Float] {
        let stride = MemoryLayout<Raw>.size
        return [Float](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            for index in 0..<count {
                let raw = bytes.loadUnaligned(fromByteOffset: offset + index * stride, as: Raw.self)
                buffer[index] = convert(Raw(littleEndian: raw))
            }
            initializedCount = count
        }
    }
}

// MARK: - Encoding (Float -> little-endian bytes)

extension SafeTensorsDType {
    /// Encodes `values` as little-endian elements at `offset` of `bytes`.
    /// Returns the index of the first value this type cannot hold (a fraction or an
    /// out-of-range number for an integer type, a finite number that would round to
    /// infinity for F16/BF16), or nil when all were written.
    func encode(_ values: [Float], into bytes: UnsafeMutableRawBufferPointer, offset: Int) -> Int? {
        switch self {
        case .bool: encodeElements(values, bytes, offset) { $0 == 0 ? UInt8(0) : $0 == 1 ? 1 : nil }
        case .uint8: encodeElements(values, bytes, offset) { UInt8(exactly: $0) }
        case .int8: encodeElements(values, bytes, offset) { Int8(exactly: $0) }
        case .int16: encodeElements(values, bytes, offset) { Int16(exactly: $0) }
        case .uint16: encodeElements(values, bytes, offset) { UInt16(exactly: $0) }
        case .float16: encodeElements(values, bytes, offset) { Self.halfFromFloat($0) }
        case .bfloat16: encodeElements(values, bytes, offset) { Self.bfloat16FromFloat($0) }
        case .int32: encodeElements(values, bytes, offset) { Int32(exactly: $0) }
        case .uint32: encodeElements(values, bytes, offset) { UInt32(exactly: $0) }
        case .float32: encodeElements(values, bytes, offset) { $0.bitPattern }
        case .float64: encodeElements(values, bytes, offset) { Double($0).bitPattern }
        case .int64: encodeElements(values, bytes, offset) { Int64(exactly: $0) }
        case .uint64: encodeElements(values, bytes, offset) { UInt64(exactly: $0) }
        }
    }

    /// Float to IEEE 754 half, rounding to nearest, ties to even (as PyTorch's `.half()`),
    /// with subnormals kept. Nil for a finite value that rounds to infinity (|x| >= 65520):
    /// a silently infinite weight or counter would corrupt a model.
    static func halfFromFloat(_ value: Float) -> UInt16? {
        let half = Float16(value)
        if half.isInfinite && value.isFinite { return nil }
        return half.bitPattern
    }

    /// Float to bfloat16, rounding to nearest, ties to even on the dropped 16 bits (as
    /// PyTorch). NaN stays a quiet NaN with its sign. Nil for a finite value that rounds to
    /// infinity.
    static func bfloat16FromFloat(_ value: Float) -> UInt16? {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let lowestKeptBit = (bits >> 16) & 1
        let rounded = UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ lowestKeptBit) >> 16)
        if value.isFinite && floatFromBFloat16(rounded).isInfinite { return nil }
        return rounded
    }

    private func encodeElements<Raw: FixedWidthInteger>(
        _ values: [Float], _ bytes: UnsafeMutableRawBufferPointer, _ offset: Int,
        _ convert: (Float) -> Raw?
    ) -> Int? {
        let stride = MemoryLayout<Raw>.size
        for (index, value) in values.enumerated() {
            guard let raw = convert(value) else { return index }
            bytes.storeBytes(of: raw.littleEndian, toByteOffset: offset + index * stride, as: Raw.self)
        }
        return nil
    }
}
