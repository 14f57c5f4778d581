/// One attribute in a request or response: a group's value phrase, a binary tag's on/off, a
/// continuous attribute's value, or random (drawn from the priors).
///
/// On the wire it is the bare JSON value: `"blue hair"`, `true`, `false`, a number such as
/// `1.02`, or `null` (the string `"random"` is read as `null` too, so a form can send what it
/// shows).
public enum AttributeChoice: Codable, Sendable, Equatable, Hashable {
    /// A value phrase of a categorical group, e.g. "blue hair".
    case value(String)
    /// A binary tag on (`true`) or off (`false`).
    case flag(Bool)
    /// A continuous attribute's value, in its own units (within its range).
    case number(Double)
    /// Drawn from the vocabulary's priors.
    case random

    /// Reads `null`, a Boolean, a number or a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .random
        } else if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = text.lowercased() == "random" ? .random : .value(text)
        } else {
            throw DecodingError.typeMismatch(
                AttributeChoice.self,
                .init(codingPath: decoder.codingPath,
                      debugDescription: "expected a value phrase, true, false, a number or null"))
        }
    }

    /// Writes the bare JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .value(let text): try container.encode(text)
        case .flag(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .random: try container.encodeNil()
        }
    }
}
