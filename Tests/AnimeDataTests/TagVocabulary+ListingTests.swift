import AnimeData
import Testing

@Test func listingShowsGroupsThenOnOffTags() {
    let vocabulary = TagVocabulary(groups: [.init(name: "hair color", values: ["red hair", "blue hair"]),
                                            .init(name: "eye color", values: ["green eyes"])],
                                   binaryTags: [.init(name: "smile", prior: 0.5), .init(name: "glasses", prior: 0.1)])
    #expect(vocabulary.listing == """
        hair color (one of): red hair, blue hair
        eye color (one of): green eyes
        on/off tags ("no <tag>" turns one off): smile, glasses
        """)
    #expect(TagVocabulary(groups: [.init(name: "class", values: ["a", "b"])]).listing == "class (one of): a, b")
}
