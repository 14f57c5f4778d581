import Foundation

extension DatasetIndex {
    /// Layout 4: one subfolder of images per class. Without a given vocabulary, the
    /// vocabulary is one group "class" whose values are the folder names (sorted, hidden and
    /// image-less folders skipped) with observed priors. With a given vocabulary, each folder
    /// name is parsed as tag text (so folders can be named "blue hair red eyes").
    static func readClassFolders(directory: URL, vocabulary given: TagVocabulary?) throws -> DatasetIndex {
        var folders: [(name: String, files: [URL])] = []
        for folder in try DatasetLayout.listDirectory(directory)
        where DatasetLayout.isFolder(folder) && !folder.lastPathComponent.hasPrefix(".") {
            let files = try DatasetLayout.imageFiles(in: folder)
            if !files.isEmpty { folders.append((folder.lastPathComponent, files)) }
        }
        let vocabulary = given ?? TagVocabulary(groups: [.init(name: "class", values: folders.map(\.name))])
        var entries: [Entry] = []
        var rejected: [LoadReport.Rejection] = []
        for (folderIndex, folder) in folders.enumerated() {
            let labels: TagLabels
            if given == nil {
                labels = TagLabels(groupIndices: [folderIndex], binaryTags: [])
            } else {
                do {
                    labels = try vocabulary.labels(parsing: folder.name)
                } catch {
                    for file in folder.files {
                        rejected.append(.init(file: "\(folder.name)/\(file.lastPathComponent)", reason: "folder name: \(error)"))
                    }
                    continue
                }
            }
            for file in folder.files {
                entries.append(Entry(url: file, name: "\(folder.name)/\(file.lastPathComponent)", labels: labels))
            }
        }
        return DatasetIndex(layout: .classFolders, vocabulary: vocabulary, usesObservedPriors: given == nil,
                            choice: given == nil
                                ? VocabularyChoice(source: .inferred, name: "one group \"class\" of the folder names",
                                                   reason: "\(folders.count) folders hold images")
                                : givenChoice,
                            entries: entries, rejectedLines: rejected, metadataFiles: [])
    }
}
