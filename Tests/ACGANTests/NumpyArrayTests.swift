import ACGAN
import Foundation
import Testing

@Suite struct NumpyArrayTests {
    @Test func writesWhatNumPyWritesAndReadsItBack() throws {
        let array = NumpyArray(shape: [2, 3], values: [1, -2, 0.5, 3, 4, 1e-3])
        let data = array.data()
        // The header NumPy writes for float32 (2, 3): 60 characters, padded with spaces so that
        // the data starts at a multiple of 64 (here 128), ending in a newline.
        let bytes = [UInt8](data)
        let header = String(decoding: bytes[10..<128], as: UTF8.self)
        #expect(Array(bytes[0..<10]) == [0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0])
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.hasSuffix(" \n") && bytes.count == 128 + 24)
        #expect(try NumpyArray(data: data) == array)
    }

    @Test func readsFloat64AndRejectsWhatItCannotUse() throws {
        var f64 = Self.replacing("<f4", with: "<f8", in: NumpyArray(shape: [2], values: [0, 0]).data())
        f64.removeLast(8)
        f64.append(contentsOf: withUnsafeBytes(of: (2.5 as Double).bitPattern.littleEndian) { Array($0) })
        f64.append(contentsOf: withUnsafeBytes(of: (-1.0 as Double).bitPattern.littleEndian) { Array($0) })
        #expect(try NumpyArray(data: f64).values == [2.5, -1])
        #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(data: Data("not numpy".utf8)) }
        let truncated = NumpyArray(shape: [4], values: [1, 2, 3, 4]).data().dropLast(3)
        #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(data: Data(truncated)) }
        let int32 = Self.replacing("<f4", with: "<i4", in: NumpyArray(shape: [1], values: [1]).data())
        #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(data: int32) }
    }

    /// A version 1.0 `.npy` file with `header` (padded as NumPy pads it) and `dataBytes` zero bytes.
    static func crafted(header: String, dataBytes: Int = 0) -> Data {
        var text = header
        text += String(repeating: " ", count: (64 - (10 + text.utf8.count + 1) % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(text.utf8.count & 0xFF), UInt8(text.utf8.count >> 8)]
        bytes += Array(text.utf8) + [UInt8](repeating: 0, count: dataBytes)
        return Data(bytes)
    }

    @Test func craftedHeadersAreErrorsNotCrashes() throws {
        // The element count overflows Int (it trapped in shape.reduce(1, *)).
        let huge = Self.crafted(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }")
        #expect(NumpyArray.elementCount(of: [4_294_967_296, 4_294_967_296, 4_294_967_296]) == nil)
        let message = try #require(throwsDescription { _ = try NumpyArray(data: huge, path: "z.npy") })
        #expect(message.hasPrefix("z.npy:") && message.contains("more elements than memory can hold"))
        // The count fits, but its byte count does not (2^62 floats of 4 bytes).
        let bytesOverflow = Self.crafted(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,), }")
        #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(data: bytesOverflow) }
        // A negative or unparseable dimension, and a closing parenthesis before the opening one.
        for shape in ["(-1, 2)", "(99999999999999999999999,)", ")("] {
            let data = Self.crafted(header: "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }", dataBytes: 24)
            #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(data: data) }
        }
        // A header length past the end of the file.
        var long = [UInt8](Self.crafted(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"))
        long[8] = 0xFF; long[9] = 0xFF
        #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(data: Data(long)) }
        // The same header with a plausible shape reads.
        let fine = Self.crafted(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", dataBytes: 24)
        #expect(try NumpyArray(data: fine) == NumpyArray(shape: [2, 3], values: [0, 0, 0, 0, 0, 0]))
    }

    @Test func rowsOfAMatrix() throws {
        let array = NumpyArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(try array.rows(columns: 3) == [[1, 2, 3], [4, 5, 6]])
        let message = try #require(throwsDescription { _ = try array.rows(columns: 4, path: "z.npy") })
        #expect(message == "z.npy: the array has shape (2, 3); this needs (N, 4) with N at least 1")
        #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(shape: [6], values: [1, 2, 3, 4, 5, 6]).rows(columns: 6) }
        #expect(throws: NumpyArray.NumpyError.self) { try NumpyArray(shape: [0, 3], values: []).rows(columns: 3) }
    }

    /// `data` with the first occurrence of `old` replaced by `new` (same length).
    static func replacing(_ old: String, with new: String, in data: Data) -> Data {
        var bytes = [UInt8](data)
        let o = Array(old.utf8)
        if let i = (0...(bytes.count - o.count)).first(where: { Array(bytes[$0..<($0 + o.count)]) == o }) {
            bytes.replaceSubrange(i..<(i + o.count), with: Array(new.utf8))
        }
        return Data(bytes)
    }
}

/// The description of the error `body` throws, or nil if it throws none.
func throwsDescription(_ body: () throws -> Void) -> String? {
    do { try body() } catch { return "\(error)" }
    return nil
}
