/// What a synthetic avatar shows, in the terms of `TagVocabulary.syntheticAvatars`: the raw
/// values of the enums are the vocabulary's tag phrases, so mapping labels to drawing choices
/// goes by phrase, never by a position that could silently drift.
public struct AvatarAttributes: Sendable, Equatable, Hashable {
    /// The 13 hair colours of make.girls.moe, in vocabulary order.
    public enum HairColor: String, CaseIterable, Sendable {
        case blonde = "blonde hair", brown = "brown hair", black = "black hair"
        case blue = "blue hair", pink = "pink hair", purple = "purple hair"
        case green = "green hair", red = "red hair", silver = "silver hair"
        case white = "white hair", orange = "orange hair", aqua = "aqua hair", grey = "grey hair"

        /// The base fill colour. Chosen to stay apart at 64x64: silver is a cool light grey
        /// (blue-tinted, about 70% bright), white is near white, grey is a neutral mid grey;
        /// aqua is a bright green-blue (cyan) while blue is a deep royal blue.
        public var color: AvatarColor {
            switch self {
            case .blonde: AvatarColor(250, 222, 105)
            case .brown: AvatarColor(128, 78, 42)
            case .black: AvatarColor(38, 34, 44)
            case .blue: AvatarColor(38, 78, 212)
            case .pink: AvatarColor(250, 142, 192)
            case .purple: AvatarColor(128, 58, 182)
            case .green: AvatarColor(58, 162, 68)
            case .red: AvatarColor(208, 30, 42)
            case .silver: AvatarColor(172, 184, 208)
            case .white: AvatarColor(248, 248, 250)
            case .orange: AvatarColor(246, 132, 28)
            case .aqua: AvatarColor(52, 218, 212)
            case .grey: AvatarColor(112, 112, 116)
            }
        }
    }

    /// The five hair styles; each has its own silhouette.
    public enum HairStyle: String, CaseIterable, Sendable {
        case long = "long hair", short = "short hair", twinTail = "twin tail"
        case ponytail = "ponytail", drill = "drill hair"
    }

    /// The 10 eye colours of make.girls.moe, in vocabulary order.
    public enum EyeColor: String, CaseIterable, Sendable {
        case blue = "blue eyes", red = "red eyes", brown = "brown eyes", green = "green eyes"
        case purple = "purple eyes", yellow = "yellow eyes", pink = "pink eyes"
        case aqua = "aqua eyes", black = "black eyes", orange = "orange eyes"

        /// The iris colour (its lower, brightest part; the top is drawn darker).
        public var color: AvatarColor {
            switch self {
            case .blue: AvatarColor(36, 92, 236)
            case .red: AvatarColor(216, 28, 32)
            case .brown: AvatarColor(132, 76, 34)
            case .green: AvatarColor(36, 172, 58)
            case .purple: AvatarColor(142, 58, 206)
            case .yellow: AvatarColor(238, 204, 24)
            case .pink: AvatarColor(248, 108, 184)
            case .aqua: AvatarColor(36, 214, 214)
            case .black: AvatarColor(34, 32, 38)
            case .orange: AvatarColor(248, 126, 16)
            }
        }
    }

    /// Binary tags, in vocabulary order; the raw values are the vocabulary's tag names.
    public enum Tag: String, CaseIterable, Sendable {
        case blush, smile, openMouth = "open mouth", hat, ribbon, glasses
    }

    /// Hair colour.
    public var hairColor: HairColor
    /// Hair style.
    public var hairStyle: HairStyle
    /// Eye (iris) colour.
    public var eyeColor: EyeColor
    /// The binary tags that are on.
    public var tags: Set<Tag>

    /// An avatar description; `tags` lists the binary tags that are on.
    public init(hairColor: HairColor, hairStyle: HairStyle, eyeColor: EyeColor, tags: Set<Tag> = []) {
        self.hairColor = hairColor
        self.hairStyle = hairStyle
        self.eyeColor = eyeColor
        self.tags = tags
    }

    /// Whether `tag` is on.
    public func has(_ tag: Tag) -> Bool { tags.contains(tag) }

    /// The tag text of a `tags.csv` line: group values then binary tags that are on, in
    /// vocabulary order, e.g. "blonde hair twin tail blue eyes blush smile glasses".
    public var tagPhrase: String {
        var phrases = [hairColor.rawValue, hairStyle.rawValue, eyeColor.rawValue]
        phrases += Tag.allCases.filter { tags.contains($0) }.map(\.rawValue)
        return phrases.joined(separator: " ")
    }
}
