import Foundation

/// One tensor of a safetensors file: its element type in the file, its shape and its values.
///
/// Values are always `Float`, row-major (C order, the last dimension fastest), whatever the
/// file stores; `dtype` records what the file held (after reading) or what to store (when
/// writing). A shape of `[]` is a scalar with one value.
public struct SafeTensor: Sendable, Equatable {
    /// The element type in the file.
    public var dtype: SafeTensorsDType
    /// The dimensions, outermost first (NCHW for images, (out, in, kH, kW) for convolutions).
    public var shape: [Int]
    /// The elements in row-major order; exactly the product of `shape` of them.
    public var values: [Float]

    /// A tensor to write; the writer checks that `values.count` is the product of `shape`.
    public init(shape: [Int], values: [Float], dtype: SafeTensorsDType = .float32) {
        self.dtype = dtype
        self.shape = shape
        self.values = values
    }
}

/// A safetensors file (https://huggingface.co/docs/safetensors) held in memory: named
/// tensors and string metadata.
///
/// The reader accepts what the Python and Rust `safetensors` libraries accept and rejects
/// every malformed file with a `SafeTensorsError`. The writer produces what the Python
/// library produces, byte for byte (same tensor order, same header JSON and padding), so
/// files move freely between this package and PyTorch (`safetensors.torch.load_file`).
public struct SafeTensorsFile: Sendable, Equatable {
    /// Tensors by name; for model weights, names are PyTorch `state_dict` keys.
    public var tensors: [String: SafeTensor]
    /// The `__metadata__` strings (for example a configuration as JSON).
    public var metadata: [String: String]

    /// A file with the given contents, to write.
    public init(tensors: [String: SafeTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads and validates a file; errors name the path.
    public init(contentsOf url: URL) throws(SafeTensorsError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .readFailed(path: url.path, reason: Self.reason(error))
        }
        do {
            try self.init(data: data)
        } catch {
            throw .invalidFile(path: url.path, problem: error)
        }
    }

    /// Parses and validates the bytes of a whole file.
    public init(data: Data) throws(SafeTensorsError) {
        let decoded = data.withUnsafeBytes { raw in
            Result { () throws(SafeTensorsError) in try Self.decode(raw) }
        }
        self = try decoded.get()
    }

    /// The tensor called `name`, or `missingTensor` listing the names the file has.
    public func tensor(named name: String) throws(SafeTensorsError) -> SafeTensor {
        guard let tensor = tensors[name] else {
            throw .missingTensor(name, available: Self.someNames(tensors.keys, near: name))
        }
        return tensor
    }

    /// The tensor called `name`, checked to have `shape`.
    public func tensor(named name: String, shape: [Int]) throws(SafeTensorsError) -> SafeTensor {
        let tensor = try tensor(named: name)
        guard tensor.shape == shape else {
            throw .shapeMismatch(tensor: name, expected: shape, found: tensor.shape)
        }
        return tensor
    }

    /// The bytes of the file. With `dtype` nil each tensor is stored as its own `dtype`;
    /// otherwise every tensor is stored as `dtype` (check integer-valued tensors such as
    /// BatchNorm's `num_batches_tracked`: F16 holds integers exactly only up to 2048).
    /// Throws for a shape that does not match the values, or a value the dtype cannot hold.
    public func data(storing dtype: SafeTensorsDType? = nil) throws(SafeTensorsError) -> Data {
        let header = try SafeTensorsHeader(laying: tensors, storing: dtype, metadata: metadata)
        let headerBytes = header.encoded()
        let dataStart = 8 + headerBytes.count
        var data = Data(count: dataStart + (header.entries.last?.end ?? 0))
        let failure: SafeTensorsError? = data.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(headerBytes.count).littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.baseAddress!.advanced(by: 8).copyMemory(from: headerBytes, byteCount: headerBytes.count)
            for entry in header.entries {
                let values = tensors[entry.name]!.values
                if let index = entry.dtype.encode(values, into: raw, offset: dataStart + entry.begin) {
                    return .unrepresentableValue(tensor: entry.name, index: index, value: values[index],
                                                 dtype: entry.dtype)
                }
            }
            return nil
        }
        if let failure { throw failure }
        return data
    }

    // MARK: - Decoding

    private static func decode(_ raw: UnsafeRawBufferPointer) throws(SafeTensorsError) -> SafeTensorsFile {
        guard raw.count >= 8 else { throw .fileTooShort(byteCount: raw.count) }
        let headerLength = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard headerLength <= SafeTensorsHeader.maximumByteCount else {
            throw .headerTooLarge(headerByteCount: headerLength)
        }
        guard headerLength <= UInt64(raw.count - 8) else {
            throw .headerBeyondFile(headerByteCount: headerLength, bytesAfterLengthField: raw.count - 8)
        }
        let dataStart = 8 + Int(headerLength)
        let header = try SafeTensorsHeader(parsing: Array(raw[8..<dataStart]),
                                           dataByteCount: raw.count - dataStart)
        var tensors: [String: SafeTensor] = [:]
        for entry in header.entries {
            let count = (entry.end - entry.begin) / entry.dtype.byteCount
            let values = entry.dtype.decode(raw, offset: dataStart + entry.begin, count: count)
            tensors[entry.name] = SafeTensor(shape: entry.shape, values: values, dtype: entry.dtype)
        }
        return SafeTensorsFile(tensors: tensors, metadata: header.metadata)
    }

    /// Up to 12 names for an error message, those sharing the longest prefix with `name` first.
    private static func someNames(_ names: Dictionary<String, SafeTensor>.Keys, near name: String) -> [String] {
        func sharedPrefix(_ other: String) -> Int {
            zip(other.utf8, name.utf8).prefix { $0 == $1 }.count
        }
        let ranked = names.sorted { (sharedPrefix($1), $0) < (sharedPrefix($0), $1) }
        return Array(ranked.prefix(12))
    }

    static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying as? POSIXError {
            return underlying.localizedDescription
        }
        return error.localizedDescription
    }
}
