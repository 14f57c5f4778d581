/// A JSON value as the safetensors header needs it.
///
/// A small strict parser (RFC 8259) of our own rather than Foundation's
/// `JSONSerialization`, because that one turns `true` into the integer 1 and the integer 1
/// into `true`, routes integers through `NSNumber`, and silently keeps the last of two equal
/// keys. Here objects keep every key in order (so duplicates can be reported), and numbers
/// keep their text, so an integer is read exactly or rejected.
enum SafeTensorsJSON: Equatable {
    case object([Member])
    case array([SafeTensorsJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// One key-value pair of an object.
    struct Member: Equatable {
        var key: String
        var value: SafeTensorsJSON
    }

    /// A word for the kind of value, for error messages.
    var kind: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }

    /// The value as an exact integer, if it is an integer number (no fraction or exponent,
    /// as serde_json requires for the Rust reader's `usize` fields) that fits an `Int`.
    var integer: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }

    /// Parses one JSON value that spans all of `bytes` (whitespace around it allowed).
    /// The bytes must already be valid UTF-8.
    static func parse(_ bytes: [UInt8]) throws(SafeTensorsError) -> SafeTensorsJSON {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.position != bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    /// `text` as a JSON string literal, escaped as serde_json does (so headers we write are
    /// byte for byte those of the Python library): `"` and `\` escaped, control characters as
    /// `\n`-style or `\u00xx` escapes, everything else (including `/` and non-ASCII) as is.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// The recursive-descent parser behind `SafeTensorsJSON.parse`.
private struct Parser {
    /// Deeper nesting is refused, so a hostile header cannot exhaust the stack.
    static let maximumDepth = 64

    let bytes: [UInt8]
    var position = 0

    func error(_ problem: String) -> SafeTensorsError {
        .headerNotJSON(byteOffset: position, problem: problem)
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            position += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(SafeTensorsError) {
        guard current == byte else { throw error("expected \(what)") }
        position += 1
    }

    mutating func parseValue(depth: Int) throws(SafeTensorsError) -> SafeTensorsJSON {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels") }
        switch current {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
            return .number(try parseNumber())
        case nil: throw error("unexpected end of the header")
        default: throw error("unexpected character")
        }
    }

    mutating func parseLiteral(_ word: String) throws(SafeTensorsError) {
        for byte in word.utf8 {
            guard current == byte else { throw error("invalid literal, expected \(word)") }
            position += 1
        }
    }

    mutating func parseObject(depth: Int) throws(SafeTensorsError) -> SafeTensorsJSON {
        position += 1  // {
        var members: [SafeTensorsJSON.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after an object key")
            skipWhitespace()
            members.append(.init(key: key, value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return .object(members) }
            try expect(UInt8(ascii: ","), "',' or '}' in an object")
        }
    }

    mutating func parseArray(depth: Int) throws(SafeTensorsError) -> SafeTensorsJSON {
        position += 1  // [
        var elements: [SafeTensorsJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
            try expect(UInt8(ascii: ","), "',' or ']' in an array")
        }
    }

    /// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, returned as its text.
    mutating func parseNumber() throws(SafeTensorsError) -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw error("expected a digit") }
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw error("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw error("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func skipDigits() -> Int {
        let start = position
        while let byte = current, (0x30...0x39).contains(byte) { position += 1 }
        return position - start
    }

    mutating func parseString() throws(SafeTensorsError) -> String {
        position += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                // The header was checked to be UTF-8, and we only cut it at ASCII bytes.
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0..<0x20:
                position -= 1
                throw error("control character inside a string (it must be escaped)")
            default:
                utf8.append(byte)
            }
        }
    }

    mutating func parseEscape(into utf8: inout [UInt8]) throws(SafeTensorsError) {
        guard let byte = current else { throw error("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var value = try parseHex4()
            if (0xD800..<0xDC00).contains(value) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard current == UInt8(ascii: "\\") else { throw error("unpaired surrogate escape") }
                position += 1
                guard current == UInt8(ascii: "u") else { throw error("unpaired surrogate escape") }
                position += 1
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate escape") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(value) {
                throw error("unpaired surrogate escape")
            }
            guard let scalar = Unicode.Scalar(value) else { throw error("invalid \\u escape") }
            utf8.append(contentsOf: String(scalar).utf8)
        default:
            position -= 1
            throw error("invalid escape character")
        }
    }

    mutating func parseHex4() throws(SafeTensorsError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexDigit(byte) else {
                throw error("expected four hexadecimal digits after \\u")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }
}
