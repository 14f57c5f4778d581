import Foundation

extension DatasetIndex {
    /// Layout 2: `faces/<id>.jpg` + `tags_clean.csv` lines `<id>,<tag>:<count>\t<tag>:<count>\t...`.
    ///
    /// Tags outside the vocabulary are ignored (the file has many); an image is kept when it has
    /// exactly one value of every group, and its binary tags are on when listed. Without a
    /// given vocabulary, `TagVocabulary.animeFaces` is used with observed priors.
    static func readTagsClean(directory: URL, vocabulary given: TagVocabulary?) throws -> DatasetIndex {
        let tagsURL = directory.appendingPathComponent("tags_clean.csv")
        let imageFiles = try DatasetLayout.imageFiles(in: directory.appendingPathComponent("faces"))
        let lookup = ImageLookup(files: imageFiles)
        let vocabulary = given ?? .animeFaces
        var rejected: [LoadReport.Rejection] = []
        var entries: [Entry] = []
        var mentioned: Set<String> = []

        for line in try lines(of: tagsURL) {
            guard let (key, rest) = splitKey(line.text) else {
                rejected.append(.init(file: "tags_clean.csv line \(line.number)",
                                      reason: "expected \"<id>,<tag>:<count>\\t...\", got \"\(line.text)\""))
                continue
            }
            guard let url = lookup.find(key) else {
                rejected.append(.init(file: "faces/\(key)",
                                      reason: "tags_clean.csv line \(line.number): no image file \"\(key)\" (or .jpg/.png) in faces/"))
                continue
            }
            let name = "faces/" + url.lastPathComponent
            guard !mentioned.contains(name) else {
                rejected.append(.init(file: name, reason: "tags_clean.csv line \(line.number): a second line for this image"))
                continue
            }
            mentioned.insert(name)
            let tags = Set(rest.split(separator: "\t").map { item -> String in
                // "<tag>:<count>"; tags themselves never contain ':' in this format.
                let tag = item.lastIndex(of: ":").map { item[..<$0] } ?? item[...]
                return TagVocabulary.words(of: String(tag)).joined(separator: " ")
            })
            do {
                entries.append(Entry(url: url, name: name, labels: try labels(from: tags, vocabulary: vocabulary)))
            } catch let reason as TagsCleanRejection {
                rejected.append(.init(file: name, reason: "tags_clean.csv line \(line.number): \(reason.message)"))
            }
        }
        for file in imageFiles where !mentioned.contains("faces/" + file.lastPathComponent) {
            rejected.append(.init(file: "faces/" + file.lastPathComponent, reason: "no line in tags_clean.csv"))
        }
        return DatasetIndex(layout: .facesWithTagsClean, vocabulary: vocabulary, usesObservedPriors: given == nil,
                            choice: given == nil
                                ? VocabularyChoice(source: .builtIn, name: "the anime faces' hair and eye colours",
                                                   reason: "tags_clean.csv is always read with it unless a vocabulary is given")
                                : givenChoice,
                            entries: entries, rejectedLines: rejected, metadataFiles: [tagsURL])
    }

    /// Why a tags_clean line was not kept.
    private struct TagsCleanRejection: Error {
        var message: String
    }

    /// Labels from a set of normalised tag phrases: exactly one value per group.
    private static func labels(from tags: Set<String>, vocabulary: TagVocabulary) throws -> TagLabels {
        var indices: [Int] = []
        for group in vocabulary.groups {
            let matches = group.values.indices.filter { tags.contains(TagVocabulary.words(of: group.values[$0]).joined(separator: " ")) }
            guard matches.count == 1 else {
                let found = matches.map { group.values[$0] }.joined(separator: ", ")
                throw TagsCleanRejection(message: matches.isEmpty
                    ? "no \(group.name) tag" : "\(matches.count) values of \(group.name) (\(found)); need exactly one")
            }
            indices.append(matches[0])
        }
        let flags = vocabulary.binaryTags.map { tags.contains(TagVocabulary.words(of: $0.name).joined(separator: " ")) }
        return TagLabels(groupIndices: indices, binaryTags: flags)
    }
}
