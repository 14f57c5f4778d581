/// Why a safetensors file could not be read or written.
///
/// Reading checks everything the format promises (as the reference Rust implementation
/// does): a header inside the file, strict JSON, known dtypes, shapes that match their byte
/// ranges, and byte ranges that tile the data section exactly, with no overlap, gap or
/// trailing bytes. A bad file is always one of these errors, never a crash.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    // The container.
    /// Fewer than the 8 bytes of the header-length field.
    case fileTooShort(byteCount: Int)
    /// The header-length field asks for more than the 100 MB the format allows.
    case headerTooLarge(headerByteCount: UInt64)
    /// The header-length field points past the end of the file.
    case headerBeyondFile(headerByteCount: UInt64, bytesAfterLengthField: Int)
    /// The header bytes are not UTF-8.
    case headerNotUTF8
    /// The header is not valid JSON; `byteOffset` counts from the header's first byte.
    case headerNotJSON(byteOffset: Int, problem: String)
    /// The header is valid JSON but not an object (`found` names what it is).
    case headerNotObject(found: String)
    /// A name appears twice in the header.
    case duplicateName(String)

    // One tensor's entry in the header.
    /// A tensor entry lacks a field or has one of the wrong kind.
    case invalidTensorEntry(tensor: String, problem: String)
    /// A dtype this reader does not know.
    case unknownDType(tensor: String, dtype: String)
    /// The shape has a negative dimension (on reading, or in a tensor given to the writer).
    case negativeDimension(tensor: String, shape: [Int])
    /// The product of the dimensions (or its byte count) overflows.
    case tensorTooLarge(tensor: String, shape: [Int])
    /// `__metadata__` is not an object of strings.
    case invalidMetadata(problem: String)

    // Byte ranges of the data section.
    /// `data_offsets` reach past the end of the data section.
    case offsetsBeyondData(tensor: String, begin: Int, end: Int, dataByteCount: Int)
    /// The byte range does not hold shape x dtype.
    case byteCountMismatch(tensor: String, dtype: SafeTensorsDType, shape: [Int],
                           expected: Int, found: Int)
    /// Two tensors claim the same bytes.
    case overlappingTensors(first: String, second: String)
    /// Bytes between two tensors (or before the first) belong to no tensor.
    case unclaimedBytes(before: String, begin: Int, end: Int)
    /// Bytes after the last tensor belong to no tensor.
    case trailingBytes(coveredByteCount: Int, dataByteCount: Int)

    // Writing.
    /// The number of values is not the product of the shape.
    case valueCountMismatch(tensor: String, shape: [Int], valueCount: Int)
    /// A value the requested dtype cannot hold.
    case unrepresentableValue(tensor: String, index: Int, value: Float, dtype: SafeTensorsDType)
    /// `__metadata__` is reserved by the format and cannot name a tensor.
    case reservedName

    // Looking tensors up.
    /// No tensor of that name; `available` lists (some of) the names that exist.
    case missingTensor(String, available: [String])
    /// The tensor exists with another shape.
    case shapeMismatch(tensor: String, expected: [Int], found: [Int])

    // Files.
    /// The file could not be read.
    case readFailed(path: String, reason: String)
    /// The file could not be written (the previous file at that path, if any, is intact).
    case writeFailed(path: String, reason: String)
    /// A read file is not a valid safetensors file; `problem` says why.
    indirect case invalidFile(path: String, problem: SafeTensorsError)

    /// A message that says what is wrong and what to do next.
    public var description: String {
        let notSafeTensors = "the file is truncated, damaged or not a safetensors file; re-export it"
        switch self {
        case .fileTooShort(let count):
            return "safetensors data has \(count) bytes, fewer than the 8-byte header length: \(notSafeTensors)"
        case .headerTooLarge(let length):
            return "safetensors header claims \(length) bytes, more than the format's 100 MB limit: \(notSafeTensors)"
        case .headerBeyondFile(let length, let available):
            return "safetensors header claims \(length) bytes but only \(available) follow the length field: \(notSafeTensors)"
        case .headerNotUTF8:
            return "safetensors header is not UTF-8 text: \(notSafeTensors)"
        case .headerNotJSON(let offset, let problem):
            return "safetensors header is not valid JSON (byte \(offset) of the header: \(problem)): \(notSafeTensors)"
        case .headerNotObject(let found):
            return "safetensors header is a JSON \(found), not an object of tensor entries: \(notSafeTensors)"
        case .duplicateName(let name):
            return "safetensors header names '\(name)' twice: the file is ambiguous; re-export it"
        case .invalidTensorEntry(let tensor, let problem):
            return "tensor '\(tensor)' in the safetensors header: \(problem)"
        case .unknownDType(let tensor, let dtype):
            let known = SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            return "tensor '\(tensor)' has dtype \"\(dtype)\", which this reader does not support (it reads \(known)); convert the file to F32 or F16"
        case .negativeDimension(let tensor, let shape):
            return "tensor '\(tensor)' has a negative dimension in shape \(shape)"
        case .tensorTooLarge(let tensor, let shape):
            return "tensor '\(tensor)' has shape \(shape), whose size overflows: \(notSafeTensors)"
        case .invalidMetadata(let problem):
            return "safetensors __metadata__ must be an object of string values: \(problem)"
        case .offsetsBeyondData(let tensor, let begin, let end, let count):
            return "tensor '\(tensor)' has data_offsets [\(begin), \(end)] but the data section has \(count) bytes: \(notSafeTensors)"
        case .byteCountMismatch(let tensor, let dtype, let shape, let expected, let found):
            return "tensor '\(tensor)' is \(dtype.rawValue) of shape \(shape), which needs \(expected) bytes, but its data_offsets span \(found): \(notSafeTensors)"
        case .overlappingTensors(let first, let second):
            return "tensors '\(first)' and '\(second)' claim overlapping bytes: \(notSafeTensors)"
        case .unclaimedBytes(let before, let begin, let end):
            return "data bytes [\(begin), \(end)) before tensor '\(before)' belong to no tensor: \(notSafeTensors)"
        case .trailingBytes(let covered, let count):
            return "the tensors cover \(covered) bytes but the data section has \(count): \(notSafeTensors)"
        case .valueCountMismatch(let tensor, let shape, let count):
            return "tensor '\(tensor)' has shape \(shape) but \(count) values; give exactly the product of the shape"
        case .unrepresentableValue(let tensor, let index, let value, let dtype):
            let fix = dtype.isFloatingPoint ? "store it as F32" : "store it as a floating-point dtype"
            return "tensor '\(tensor)' value \(value) at index \(index) cannot be stored as \(dtype.rawValue); \(fix)"
        case .reservedName:
            return "'__metadata__' is reserved by the safetensors format and cannot name a tensor; rename it"
        case .missingTensor(let name, let available):
            let list = available.isEmpty ? "the file has no tensors" : "it has: " + available.joined(separator: ", ")
            return "no tensor named '\(name)' in the safetensors file; \(list)"
        case .shapeMismatch(let tensor, let expected, let found):
            return "tensor '\(tensor)' has shape \(found) but \(expected) was expected: the file was made for another configuration"
        case .readFailed(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason); any previous file there is unchanged"
        case .invalidFile(let path, let problem):
            return "\(path): \(problem.description)"
        }
    }
}
