/// The JSON header of a safetensors file: each tensor's dtype, shape and byte range in the
/// data section, and the optional `__metadata__` strings.
///
/// Layout of a file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (`{"__metadata__": {...}, "name": {"dtype": "F32", "shape": [2, 3],
/// "data_offsets": [begin, end]}, ...}`), then the data section; offsets count from the
/// start of the data section.
struct SafeTensorsHeader {
    /// Where one tensor lives in the data section.
    struct Entry {
        var name: String
        var dtype: SafeTensorsDType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// The reserved key of the metadata object.
    static let metadataKey = "__metadata__"
    /// The largest header the reference implementation accepts.
    static let maximumByteCount: UInt64 = 100_000_000

    /// The tensors in data order (ascending offsets).
    var entries: [Entry]
    var metadata: [String: String]
}

// MARK: - Reading

extension SafeTensorsHeader {
    /// Parses header bytes and checks them against a data section of `dataByteCount` bytes.
    init(parsing bytes: [UInt8], dataByteCount: Int) throws(SafeTensorsError) {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .headerNotUTF8 }
        let json = try SafeTensorsJSON.parse(bytes)
        guard case .object(let members) = json else { throw .headerNotObject(found: json.kind) }
        var seen = Set<String>()
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for member in members {
            guard seen.insert(member.key).inserted else { throw .duplicateName(member.key) }
            if member.key == Self.metadataKey {
                metadata = try Self.parseMetadata(member.value)
            } else {
                let entry = try Self.parseEntry(name: member.key, member.value)
                guard entry.end <= dataByteCount else {
                    throw .offsetsBeyondData(tensor: entry.name, begin: entry.begin, end: entry.end,
                                             dataByteCount: dataByteCount)
                }
                entries.append(entry)
            }
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        try Self.checkTiling(entries, dataByteCount: dataByteCount)
        self.init(entries: entries, metadata: metadata)
    }

    private static func parseMetadata(_ value: SafeTensorsJSON) throws(SafeTensorsError) -> [String: String] {
        switch value {
        case .null:
            return [:]
        case .object(let members):
            var metadata: [String: String] = [:]
            for member in members {
                guard case .string(let text) = member.value else {
                    throw .invalidMetadata(problem: "key '\(member.key)' has a \(member.value.kind) value")
                }
                guard metadata.updateValue(text, forKey: member.key) == nil else {
                    throw .invalidMetadata(problem: "key '\(member.key)' appears twice")
                }
            }
            return metadata
        default:
            throw .invalidMetadata(problem: "it is a \(value.kind)")
        }
    }

    private static func parseEntry(name: String, _ value: SafeTensorsJSON) throws(SafeTensorsError) -> Entry {
        guard case .object(let members) = value else {
            throw .invalidTensorEntry(tensor: name, problem: "its entry is a \(value.kind), not an object")
        }
        func field(_ key: String) throws(SafeTensorsError) -> SafeTensorsJSON {
            let matches = members.filter { $0.key == key }
            guard let match = matches.first else {
                throw .invalidTensorEntry(tensor: name, problem: "field '\(key)' is missing")
            }
            guard matches.count == 1 else {
                throw .invalidTensorEntry(tensor: name, problem: "field '\(key)' appears twice")
            }
            return match.value
        }
        func integers(_ key: String) throws(SafeTensorsError) -> [Int] {
            guard case .array(let elements) = try field(key) else {
                throw .invalidTensorEntry(tensor: name, problem: "field '\(key)' is not an array")
            }
            var result: [Int] = []
            for element in elements {
                guard let integer = element.integer else {
                    let shown = if case .number(let text) = element { text } else { "a \(element.kind)" }
                    throw .invalidTensorEntry(tensor: name, problem: "field '\(key)' holds \(shown), not an integer")
                }
                result.append(integer)
            }
            return result
        }

        guard case .string(let dtypeName) = try field("dtype") else {
            throw .invalidTensorEntry(tensor: name, problem: "field 'dtype' is not a string")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw .unknownDType(tensor: name, dtype: dtypeName)
        }
        let shape = try integers("shape")
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .negativeDimension(tensor: name, shape: shape) }
        let offsets = try integers("data_offsets")
        guard offsets.count == 2 else {
            throw .invalidTensorEntry(tensor: name, problem: "data_offsets has \(offsets.count) numbers, not 2 (begin, end)")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, begin <= end else {
            throw .invalidTensorEntry(tensor: name, problem: "data_offsets [\(begin), \(end)] is not a range (0 <= begin <= end)")
        }
        guard let byteCount = Self.byteCount(shape: shape, dtype: dtype) else {
            throw .tensorTooLarge(tensor: name, shape: shape)
        }
        guard end - begin == byteCount else {
            throw .byteCountMismatch(tensor: name, dtype: dtype, shape: shape, expected: byteCount,
                                     found: end - begin)
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// The byte ranges, sorted by offset, must tile the data section: no overlap, no gap,
    /// nothing after the last tensor (the reference reader insists on the same).
    private static func checkTiling(_ entries: [Entry], dataByteCount: Int) throws(SafeTensorsError) {
        var covered = 0
        var previous: String?
        for entry in entries {
            if entry.begin < covered, let previous {
                throw .overlappingTensors(first: previous, second: entry.name)
            }
            if entry.begin > covered {
                throw .unclaimedBytes(before: entry.name, begin: covered, end: entry.begin)
            }
            covered = entry.end
            previous = entry.name
        }
        guard covered == dataByteCount else {
            throw .trailingBytes(coveredByteCount: covered, dataByteCount: dataByteCount)
        }
    }

    /// Product of the shape times the element size, or nil on overflow.
    static func byteCount(shape: [Int], dtype: SafeTensorsDType) -> Int? {
        var count = dtype.byteCount
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }
}

// MARK: - Writing

extension SafeTensorsHeader {
    /// Lays tensors out as the Python/Rust library does: by dtype alignment descending, then
    /// by name (UTF-8 byte order), one after another from offset 0.
    init(laying tensors: [String: SafeTensor], storing dtype: SafeTensorsDType?,
         metadata: [String: String]) throws(SafeTensorsError) {
        var entries: [Entry] = []
        for (name, tensor) in tensors {
            guard name != Self.metadataKey else { throw .reservedName }
            let storedType = dtype ?? tensor.dtype
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else {
                throw .negativeDimension(tensor: name, shape: tensor.shape)
            }
            guard let byteCount = Self.byteCount(shape: tensor.shape, dtype: storedType) else {
                throw .tensorTooLarge(tensor: name, shape: tensor.shape)
            }
            guard byteCount == tensor.values.count * storedType.byteCount else {
                throw .valueCountMismatch(tensor: name, shape: tensor.shape, valueCount: tensor.values.count)
            }
            entries.append(Entry(name: name, dtype: storedType, shape: tensor.shape, begin: 0, end: byteCount))
        }
        entries.sort { left, right in
            if left.dtype.layoutRank != right.dtype.layoutRank {
                return left.dtype.layoutRank > right.dtype.layoutRank
            }
            return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }
        var offset = 0
        for index in entries.indices {
            let size = entries[index].end
            entries[index].begin = offset
            entries[index].end = offset + size
            offset += size
        }
        self.init(entries: entries, metadata: metadata)
    }

    /// The header as the Python library writes it: compact JSON, `__metadata__` first (keys
    /// sorted here; the library's order is a hash map's), tensors in data order, then spaces
    /// up to a multiple of 8 bytes so the data section starts aligned.
    func encoded() -> [UInt8] {
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                .map { SafeTensorsJSON.quoted($0.key) + ":" + SafeTensorsJSON.quoted($0.value) }
            parts.append(SafeTensorsJSON.quoted(Self.metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        for entry in entries {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            parts.append(SafeTensorsJSON.quoted(entry.name)
                + ":{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shape)],"
                + "\"data_offsets\":[\(entry.begin),\(entry.end)]}")
        }
        var bytes = Array(("{" + parts.joined(separator: ",") + "}").utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }
}
