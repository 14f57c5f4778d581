import Foundation

/// A float32 array in NumPy's `.npy` format (version 1.0/2.0, C order, little-endian), so latent
/// vectors can be shared with Python: `np.load("z.npy")` reads what `write` writes, and
/// `np.save("z.npy", z.astype(np.float32))` writes what `init(contentsOf:)` reads (float64 is
/// accepted and converted).
public struct NumpyArray: Equatable, Sendable {
    public var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(NumpyArray.elementCount(of: shape) == values.count, "\(values.count) values for shape \(shape)")
        self.shape = shape
        self.values = values
    }

    /// Why a `.npy` file could not be read.
    public enum NumpyError: Error, CustomStringConvertible {
        case invalid(path: String, reason: String)
        /// A valid array of the wrong shape for its use.
        case wrongShape(path: String, shape: [Int], expected: String)
        public var description: String {
            switch self {
            case .invalid(let path, let reason): return "\(path): not a usable .npy array: \(reason)"
            case .wrongShape(let path, let shape, let expected):
                let dims = shape.map(String.init).joined(separator: ", ")
                return "\(path): the array has shape (\(dims)); this needs \(expected)"
            }
        }
    }

    /// Reads a `.npy` file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NumpyError.invalid(path: url.path, reason: "cannot read it (\(error.localizedDescription))")
        }
        try self.init(data: data, path: url.path)
    }

    /// Parses `.npy` bytes.
    public init(data: Data, path: String = "memory") throws {
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> NumpyError { .invalid(path: path, reason: reason) }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw fail("the file does not start with the .npy magic bytes")
        }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default: throw fail("unsupported .npy version \(major)")
        }
        guard headerStart + headerLength <= bytes.count else { throw fail("the header is longer than the file") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        func field(_ name: String) -> String? {
            guard let range = header.range(of: "'\(name)':") else { return nil }
            return String(header[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descrField = field("descr"), let quote = descrField.dropFirst().firstIndex(of: "'") else {
            throw fail("no 'descr' in the header")
        }
        let descr = String(descrField[descrField.index(after: descrField.startIndex)..<quote])
        guard ["<f4", "<f8", "|f4"].contains(descr) else { throw fail("element type \(descr); use float32 ('<f4') or float64") }
        if let fortran = field("fortran_order"), fortran.hasPrefix("True") { throw fail("Fortran order; save a C-ordered array") }
        guard let shapeField = field("shape"), let open = shapeField.firstIndex(of: "("),
              let close = shapeField[open...].firstIndex(of: ")") else {
            throw fail("no 'shape' in the header")
        }
        let dims = shapeField[shapeField.index(after: open)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = try dims.map { text -> Int in
            guard let n = Int(text), n >= 0 else { throw fail("bad dimension '\(text)'") }
            return n
        }
        let width = descr.hasSuffix("8") ? 8 : 4
        // A crafted header can name a shape whose element or byte count overflows Int.
        guard let count = NumpyArray.elementCount(of: shape),
              case let (byteCount, overflow) = count.multipliedReportingOverflow(by: width), !overflow else {
            throw fail("shape \(shape) has more elements than memory can hold")
        }
        let start = headerStart + headerLength
        guard bytes.count - start == byteCount else {
            throw fail("shape \(shape) needs \(byteCount) data bytes, the file has \(bytes.count - start)")
        }
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                if width == 4 {
                    values[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                } else {
                    values[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self))))
                }
            }
        }
        self.init(shape: shape, values: values)
    }

    /// The product of `shape`, or nil if a dimension is negative or the product overflows `Int`.
    public static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The rows of a 2-D array of shape (N, `columns`), e.g. N latent vectors of a model
    /// whose z has `columns` values.
    /// - Throws: `NumpyError.wrongShape` when the array is not (N, `columns`) with N >= 1.
    public func rows(columns: Int, path: String = "memory") throws -> [[Float]] {
        guard shape.count == 2, shape[0] >= 1, shape[1] == columns else {
            throw NumpyError.wrongShape(path: path, shape: shape, expected: "(N, \(columns)) with N at least 1")
        }
        return (0..<shape[0]).map { Array(values[($0 * columns)..<(($0 + 1) * columns)]) }
    }

    /// The `.npy` bytes (version 1.0, '<f4', C order).
    public func data() -> Data {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        // Magic (6) + version (2) + length (2) + header + newline, padded to a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        out.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        out.append(contentsOf: Array(header.utf8))
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }
}
