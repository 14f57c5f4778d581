import Foundation

extension DatasetIndex {
    /// Layouts 1 and 3: `tags.csv` lines `<id or file>,<tag> <tag> ...`, images in
    /// `imageFolder` (layout 1: "images") or next to the tags file (layout 3: nil).
    ///
    /// Without a given vocabulary, two candidates are tried on every line and the one that
    /// labels more lines wins (ties: hair/eyes for layout 1, synthetic avatars for layout 3):
    /// - hair/eyes built from the data: lines of the form `<x> hair <y> eyes`; the values are
    ///   the 12 hair and 10 eye colours of `TagVocabulary.animeFaces`, plus any other known
    ///   colour seen (such as "gray eyes", or "silver hair" from make.girls.moe's set), and the
    ///   priors are the observed frequencies. Other words ("wings hair") stay unknown tags, so
    ///   a typo does not become a class;
    /// - `TagVocabulary.syntheticAvatars`, with its own priors.
    static func readTagsCSV(directory: URL, imageFolder: String?, layout: DatasetLayout,
                            vocabulary given: TagVocabulary?) throws -> DatasetIndex {
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

        let vocabulary: TagVocabulary
        var usesObservedPriors = false
        if let given {
            vocabulary = given
        } else {
            let texts = rows.map(\.text)
            let hairEyes = hairAndEyeVocabulary(tagTexts: texts)
            let candidates: [TagVocabulary] = layout == .imagesWithTags
                ? [hairEyes, .syntheticAvatars].compactMap { $0 }
                : [.syntheticAvatars, hairEyes].compactMap { $0 }
            let scores = candidates.map { candidate in texts.filter { (try? candidate.labels(parsing: $0)) != nil }.count }
            guard let best = scores.indices.max(by: { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }),
                  scores[best] > 0 else {
                if let example = rows.first?.text {
                    throw AnimeDataError.noVocabularyFits(path: tagsURL.path, example: example)
                }
                throw AnimeDataError.emptyDataset(path: directory.path, layout: layout, reasons: ["tags.csv has no lines"])
            }
            vocabulary = candidates[best]
            usesObservedPriors = vocabulary != .syntheticAvatars
        }

        var entries: [Entry] = []
        var used: Set<URL> = []
        for row in rows {
            guard let url = lookup.find(row.key) else {
                rejected.append(.init(file: "\(prefix)\(row.key)",
                                      reason: "tags.csv line \(row.number): no image file \"\(row.key)\" (or .png/.jpg) in \(imageFolder ?? "the data folder")"))
                continue
            }
            let name = prefix + url.lastPathComponent
            guard !used.contains(url) else {
                rejected.append(.init(file: name, reason: "tags.csv line \(row.number): a second line for this image"))
                continue
            }
            do {
                let labels = try vocabulary.labels(parsing: row.text)
                entries.append(Entry(url: url, name: name, labels: labels))
                used.insert(url)
            } catch {
                rejected.append(.init(file: name, reason: "tags.csv line \(row.number): \(error)"))
            }
        }
        // Images without a line: listed, not loaded. (Lines that failed above still count as
        // "having a line", so each file is reported once.)
        let mentioned = Set(rows.compactMap { lookup.find($0.key) })
        for file in imageFiles where !mentioned.contains(file) {
            rejected.append(.init(file: prefix + file.lastPathComponent, reason: "no line in tags.csv"))
        }
        return DatasetIndex(layout: layout, vocabulary: vocabulary, usesObservedPriors: usesObservedPriors, entries: entries,
                            rejectedLines: rejected, metadataFiles: [tagsURL])
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
