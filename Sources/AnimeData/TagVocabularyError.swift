/// Why tag text or a vocabulary file could not be read.
public enum TagVocabularyError: Error, CustomStringConvertible, Equatable {
    /// A word that starts no known tag phrase.
    case unknownTag(word: String, text: String, knownTags: [String])
    /// Two different values of one categorical group, e.g. "blue hair red hair".
    case conflictingValues(group: String, first: String, second: String)
    /// Tag text that names a tag both on and off ("glasses no glasses").
    case conflictingBinaryTag(tag: String)
    /// Data-set tag text that names no value for a group every image must have.
    case missingGroup(group: String, text: String)
    /// Vocabulary JSON that does not decode or describes an unusable vocabulary.
    case invalidJSON(reason: String)
    /// A `name=value` word whose name is no continuous attribute of the vocabulary (the known
    /// ones with their ranges, "face_size=0.94...1.1").
    case unknownAttribute(name: String, text: String, knownAttributes: [String])
    /// A continuous value outside its attribute's range.
    case valueOutOfRange(name: String, value: Double, minimum: Double, maximum: Double)
    /// Data-set tag text that gives no value for a continuous attribute every image must have.
    case missingValue(name: String, text: String)
    /// `--info-codes` on a vocabulary that already has an attribute or tag of a code's name
    /// ("code1"), or already has learned codes.
    case learnedCodeNameTaken(name: String)
    /// Learned code values (`--codes`) that cannot be used, and why.
    case badCodes(reason: String)

    /// A message that names the problem and says what to do next.
    public var description: String {
        switch self {
        case let .unknownTag(word, text, knownTags):
            return "unknown tag \"\(word)\" in \"\(text)\"; known tags: \(knownTags.joined(separator: ", "))"
        case let .conflictingValues(group, first, second):
            return "\"\(first)\" and \"\(second)\" are both values of \(group); choose one"
        case let .conflictingBinaryTag(tag):
            return "\"\(tag)\" is asked both on and off; keep one"
        case let .missingGroup(group, text):
            return "\"\(text)\" names no \(group); every image needs exactly one"
        case let .invalidJSON(reason):
            return "vocabulary JSON is not valid (\(reason)); write it as `acgan vocabulary` prints it"
        case let .unknownAttribute(name, text, knownAttributes):
            let known = knownAttributes.isEmpty ? "this model has no continuous attributes"
                : "continuous attributes: " + knownAttributes.joined(separator: ", ")
            return "unknown continuous attribute \"\(name)\" in \"\(text)\"; \(known)"
        case let .valueOutOfRange(name, value, minimum, maximum):
            return "\(name)=\(ContinuousAttribute.format(value)) is outside its range \(ContinuousAttribute.format(minimum))"
                + " ... \(ContinuousAttribute.format(maximum)); give a value in it"
        case let .missingValue(name, text):
            return "\"\(text)\" gives no value for \(name) (\(name)=<number>); every image needs one"
        case let .badCodes(reason):
            return "bad learned codes: \(reason)"
        case let .learnedCodeNameTaken(name):
            return "the learned codes are named code1, code2, ..., but the data already has \"\(name)\"; rename that attribute or tag"
        }
    }
}
