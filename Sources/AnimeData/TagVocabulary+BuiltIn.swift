extension TagVocabulary {
    /// The 64x64 tagged anime-face set of the ACGAN anime article ("extra_data"):
    /// 12 hair colours and 10 eye colours (see DATASETS.md), uniform priors.
    /// Readers that build a vocabulary from such data replace the priors by observed
    /// frequencies and add "gray eyes" when the data uses it.
    public static let animeFaces = TagVocabulary(
        groups: [
            Group(name: "hair color", values: animeFaceHairColors.map { "\($0) hair" }),
            Group(name: "eye color", values: animeFaceEyeColors.map { "\($0) eyes" }),
        ])

    /// Hair colours of the "extra_data" set, in its (alphabetical) order.
    static let animeFaceHairColors = [
        "aqua", "black", "blonde", "blue", "brown", "gray", "green", "orange", "pink", "purple",
        "red", "white",
    ]
    /// Eye colours of the "extra_data" set, in its (alphabetical) order.
    static let animeFaceEyeColors = [
        "aqua", "black", "blue", "brown", "green", "orange", "pink", "purple", "red", "yellow",
    ]

    /// make.girls.moe's attribute set, used by the built-in synthetic avatars: hair colour
    /// (13), hair style (5, one per face), eye colour (10), then six binary tags, with the
    /// priors of DATASETS.md (normalised per group).
    public static let syntheticAvatars = TagVocabulary(
        groups: [
            Group(
                name: "hair color",
                values: [
                    "blonde hair", "brown hair", "black hair", "blue hair", "pink hair",
                    "purple hair", "green hair", "red hair", "silver hair", "white hair",
                    "orange hair", "aqua hair", "grey hair",
                ],
                priors: [0.160, 0.213, 0.155, 0.105, 0.080, 0.095, 0.036, 0.077, 0.032, 0.018, 0.022, 0.005, 0.002]),
            Group(
                name: "hair style",
                values: ["long hair", "short hair", "twin tail", "ponytail", "drill hair"],
                priors: [0.35, 0.25, 0.15, 0.15, 0.10]),
            Group(
                name: "eye color",
                values: [
                    "blue eyes", "red eyes", "brown eyes", "green eyes", "purple eyes",
                    "yellow eyes", "pink eyes", "aqua eyes", "black eyes", "orange eyes",
                ],
                priors: [0.284, 0.158, 0.179, 0.134, 0.142, 0.054, 0.010, 0.006, 0.032, 0.002]),
        ],
        binaryTags: [
            BinaryTag(name: "blush", prior: 0.6),
            BinaryTag(name: "smile", prior: 0.6),
            BinaryTag(name: "open mouth", prior: 0.25),
            BinaryTag(name: "hat", prior: 0.045),
            BinaryTag(name: "ribbon", prior: 0.3),
            BinaryTag(name: "glasses", prior: 0.054),
        ])
}
