import Foundation

extension DatasetIndex {
    /// Layouts 1 and 3: `tags.csv` lines `<id or file>,<tag> <tag> ...`, images in
    /// `imageFolder` (layout 1: "images") or next to the tags file (layout 3: nil).
    ///
    /// Without a given vocabulary, two built-in candidates are tried on every line, and the one
    /// that labels more lines (ties: hair/eyes for layout 1, synthetic avatars for layout 3) is
    /// used when it labels at least `builtInPercent`% of them:
    /// - hair/eyes built from the data: lines of the form `<x> hair <y> eyes`; the values are
    ///   the 12 hair and 10 eye colours of `TagVocabulary.animeFaces`, plus any other known
    ///   colour seen (such as "gray eyes", or "silver hair" from make.girls.moe's set), and the
    ///   priors are the observed frequencies. Other words ("wings hair") stay unknown tags, so
    ///   a typo does not become a class;
    /// - `TagVocabulary.syntheticAvatars`, with its own priors.
    /// Otherwise the vocabulary is inferred from the lines (`TagVocabulary.inferred`), with
    /// observed priors; lines that use a tag too rare to learn are rejected, naming it.
    static func readTagsCSV(directory: URL, imageFolder: String?, layout: DatasetLayout,
                            vocabulary given: TagVocabulary?, minimumTagCount: Int) throws -> DatasetIndex {
        let tagsURL = directory.appendingPathComponent("tags.csv")
        let imageDirectory = imageFolder.map { directory.appendingPathComponent($0) } ?? directory
        let prefix = imageFolder.map { "\($0)/" } ?? ""
        let imageFiles = try DatasetLayout.imageFiles(in: imageDirectory)
        let lookup = ImageLookup(files: imageFiles)
        var rejected: [LoadReport.Rejection] = []

        var rows: [(number: Int, key: String, text: String)] = []
        for line in try lines(of: tagsURL) {
            guard let (key, text) = splitKey(line.text) else {
                rejected.append(.init(file: "tags.csv line \(line.number)",
                                      reason: "expected \"<file or id>,<tags>\", got \"\(line.text)\""))
                continue
            }
            rows.append((line.number, key, text))
        }

        // Labels of every row under the chosen vocabulary (an error where the row does not
        // parse), computed once: choosing a vocabulary already parses every row.
        let vocabulary: TagVocabulary
        var parsed: [Result<TagLabels, any Error>]
        var choice: VocabularyChoice
        var usesObservedPriors = false
        if let given {
            vocabulary = given
            let parser = TagParser(given)
            parsed = rows.map { row in Result { try parser.labels(parsing: row.text) } }
            choice = givenChoice
        } else {
            guard !rows.isEmpty else {
                throw AnimeDataError.emptyDataset(path: directory.path, layout: layout, reasons: ["tags.csv has no lines"])
            }
            // The tags are chosen from the text without its `name=value` words, which
            // `continuousAttributes` reads after.
            let split = rows.map { TagVocabulary.splitContinuous($0.text) }
            let tagTexts = split.map(\.tags)
            let tagVocabulary: TagVocabulary
            let hairEyes = hairAndEyeVocabulary(tagTexts: tagTexts)
            let candidates: [(name: String, vocabulary: TagVocabulary)] = (layout == .imagesWithTags
                ? [hairEyes.map { ("the anime faces' hair and eye colours", $0) }, ("the synthetic avatars' tags", .syntheticAvatars)]
                : [("the synthetic avatars' tags", .syntheticAvatars), hairEyes.map { ("the anime faces' hair and eye colours", $0) }])
                .compactMap { $0 }
            let results = candidates.map { candidate in
                let parser = TagParser(candidate.vocabulary)
                return tagTexts.map { text in Result { try parser.labels(parsing: text) } }
            }
            let scores = results.map { $0.filter { (try? $0.get()) != nil }.count }
            let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            func share(_ count: Int) -> String {
                "\(count) of \(rows.count) lines (\(String(format: "%.1f", 100 * Double(count) / Double(rows.count)))%)"
            }
            if scores[best] * 100 >= builtInPercent * rows.count {
                tagVocabulary = candidates[best].vocabulary
                parsed = results[best]
                choice = VocabularyChoice(source: .builtIn, name: candidates[best].name, reason: "it labels \(share(scores[best]))")
                usesObservedPriors = tagVocabulary != .syntheticAvatars
            } else {
                let inference = TagVocabulary.inferred(fromTagTexts: tagTexts, minimumTagCount: minimumTagCount)
                guard inference.vocabulary.conditionLength > 0 else {
                    throw AnimeDataError.noTagsToLearn(path: tagsURL.path, minimumTagCount: minimumTagCount,
                                                       mostFrequent: inference.rareTags.first)
                }
                tagVocabulary = inference.vocabulary
                let rareCounts = Dictionary(uniqueKeysWithValues: inference.rareTags.map { ($0.tag, $0.count) })
                let parser = TagParser(tagVocabulary)
                parsed = tagTexts.map { text in
                    Result {
                        do { return try parser.labels(parsing: text) } catch {
                            // A rare tag: say why it is unknown instead of listing the known tags.
                            if let rareTag = TagVocabulary.words(of: text).first(where: { rareCounts[$0] != nil }) {
                                throw RareTagRejection(tag: rareTag, count: rareCounts[rareTag]!, minimumTagCount: minimumTagCount)
                            }
                            throw error
                        }
                    }
                }
                let builtInScores = candidates.indices.map { "\(candidates[$0].name) label \(share(scores[$0]))" }
                choice = VocabularyChoice(
                    source: .inferred, name: "inferred from tags.csv",
                    reason: "no built-in vocabulary labels \(builtInPercent)% of the lines ("
                        + builtInScores.joined(separator: "; ") + "); " + inference.rule,
                    rareTags: inference.rareTags, minimumTagCount: minimumTagCount)
                usesObservedPriors = true
            }
            if split.contains(where: { !$0.values.isEmpty }) {
                let found = continuousAttributes(values: split.map(\.values), tagsParsed: parsed.map { (try? $0.get()) != nil },
                                                 tagVocabulary: tagVocabulary, minimumTagCount: minimumTagCount)
                vocabulary = TagVocabulary(groups: tagVocabulary.groups, binaryTags: tagVocabulary.binaryTags,
                                           continuous: found.attributes)
                choice.reason += "; " + found.rule
                choice.rareTags += found.rareNames
                choice.minimumTagCount = minimumTagCount
                // Every row again, with its values: a row whose tags did not read keeps that error.
                let parser = TagParser(vocabulary)
                let rareCounts = Dictionary(uniqueKeysWithValues: found.rareNames.map { ($0.tag, $0.count) })
                parsed = zip(parsed, zip(rows, split)).map { tagResult, row in
                    Result {
                        _ = try tagResult.get()
                        if let rare = row.1.values.first(where: { rareCounts["\($0.name)="] != nil }) {
                            throw RareTagRejection(tag: "\(rare.name)=", count: rareCounts["\(rare.name)="]!, minimumTagCount: minimumTagCount)
                        }
                        return try parser.labels(parsing: row.0.text)
                    }
                }
            } else {
                vocabulary = tagVocabulary
            }
        }

        var entries: [Entry] = []
        var used: Set<String> = []
        var unlabelled: [UnlabelledImage] = []
        for (row, result) in zip(rows, parsed) {
            guard let url = lookup.find(row.key) else {
                rejected.append(.init(file: "\(prefix)\(row.key)",
                                      reason: "tags.csv line \(row.number): no image file \"\(row.key)\" (or .png/.jpg) in \(imageFolder ?? "the data folder")"))
                continue
            }
            let name = prefix + url.lastPathComponent
            guard !used.contains(name) else {
                rejected.append(.init(file: name, reason: "tags.csv line \(row.number): a second line for this image"))
                continue
            }
            do {
                entries.append(Entry(url: url, name: name, labels: try result.get()))
                used.insert(name)
            } catch {
                rejected.append(.init(file: name, reason: "tags.csv line \(row.number): \(error)"))
                unlabelled.append(UnlabelledImage(file: name, reason: "tags.csv line \(row.number): \(error)", lineText: row.text))
            }
        }
        // An image whose bad line is followed by a good one is labelled; one with two bad lines is listed once.
        var listed: Set<String> = used
        unlabelled = unlabelled.filter { listed.insert($0.file).inserted }
        // Images without a line: listed, not loaded. (Lines that failed above still count as
        // "having a line", so each file is reported once.)
        let mentioned = Set(rows.compactMap { lookup.find($0.key)?.lastPathComponent })
        for file in imageFiles where !mentioned.contains(file.lastPathComponent) {
            rejected.append(.init(file: prefix + file.lastPathComponent, reason: UnlabelledImage.noLine))
            unlabelled.append(UnlabelledImage(file: prefix + file.lastPathComponent, reason: UnlabelledImage.noLine))
        }
        return DatasetIndex(layout: layout, vocabulary: vocabulary, usesObservedPriors: usesObservedPriors, choice: choice,
                            entries: entries, rejectedLines: rejected, metadataFiles: [tagsURL],
                            unlabelled: unlabelled.sorted { $0.file < $1.file })
    }

    /// The share of tags.csv lines, in percent, a built-in vocabulary must label to be used
    /// instead of one inferred from the data.
    static let builtInPercent = 95

    /// A line rejected because it uses a tag seen too rarely to be learnt.
    struct RareTagRejection: Error, CustomStringConvertible {
        var tag: String
        var count: Int
        var minimumTagCount: Int

        var description: String {
            "tag \"\(tag)\" is on \(count) \(count == 1 ? "line" : "lines"), fewer than --min-tag-count \(minimumTagCount), so it is not learnt"
        }
    }

    /// Colour words a data-built hair/eye vocabulary accepts: those of `animeFaces` and of
    /// make.girls.moe's set, and both spellings of grey.
    static let knownColors: Set<String> = Set(
        TagVocabulary.animeFaceHairColors + TagVocabulary.animeFaceEyeColors
            + (TagVocabulary.syntheticAvatars.groups[0].values + TagVocabulary.syntheticAvatars.groups[2].values)
                .map { TagVocabulary.words(of: $0)[0] }
            + ["gray", "grey"])

    /// A "hair color" + "eye color" vocabulary from lines of the form `<x> hair <y> eyes`, or
    /// nil if no line has that form. Values: `animeFaces`' colours first, in their order, then
    /// other colours seen in the data, sorted.
    static func hairAndEyeVocabulary(tagTexts: [String]) -> TagVocabulary? {
        var hairSeen: Set<String> = []
        var eyesSeen: Set<String> = []
        for text in tagTexts {
            let words = TagVocabulary.words(of: text)
            guard words.count == 4, words[1] == "hair", words[3] == "eyes",
                  knownColors.contains(words[0]), knownColors.contains(words[2]) else { continue }
            hairSeen.insert(words[0])
            eyesSeen.insert(words[2])
        }
        guard !hairSeen.isEmpty else { return nil }
        let hair = TagVocabulary.animeFaceHairColors
            + hairSeen.subtracting(TagVocabulary.animeFaceHairColors).sorted()
        let eyes = TagVocabulary.animeFaceEyeColors
            + eyesSeen.subtracting(TagVocabulary.animeFaceEyeColors).sorted()
        return TagVocabulary(groups: [
            .init(name: "hair color", values: hair.map { "\($0) hair" }),
            .init(name: "eye color", values: eyes.map { "\($0) eyes" }),
        ])
    }
}
