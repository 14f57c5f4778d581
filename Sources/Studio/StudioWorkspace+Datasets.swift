import AnimeData
import Foundation
import Imaging

/// `GET /api/datasets`: one data set as `acgan inspect` sees it.
public struct DatasetSummary: Codable, Sendable, Equatable {
    /// A tag value with the number of images that carry it.
    public struct TagCount: Codable, Sendable, Equatable {
        public var group: String?
        public var tag: String
        public var count: Int
    }

    /// The name runs and requests use.
    public var name: String
    /// "workspace" for `data/`, else the `--data-root` folder it is in.
    public var location: String
    /// "upload" when it came through `POST /api/datasets`, else "folder".
    public var source: String
    /// The layout found ("images/ + tags.csv", ...), when the folder loads.
    public var layout: String?
    public var imageCount: Int?
    /// Each tag value with its count, in vocabulary order (zeros included).
    public var tagCounts: [TagCount]?
    /// Files and tag lines skipped, with the reason.
    public var rejections: [LoadReport.Rejection]?
    /// Which vocabulary was used and why.
    public var vocabulary: String?
    /// Images without usable tags (no line in tags.csv, or one that does not read): the faces
    /// assisted labelling is for.
    public var unlabelledCount: Int?
    /// Why the folder does not load as a data set, when it does not.
    public var error: String?
}

/// `GET /api/datasets/{name}/faces`: real faces of a data set.
public struct DatasetFaces: Codable, Sendable, Equatable {
    public struct Face: Codable, Sendable, Equatable {
        public var file: String
        public var tags: String
        /// Base64 PNG at the data set's inspection size (64 pixels).
        public var png: String
    }
    public var dataset: String
    /// The tag asked for, if any.
    public var tag: String?
    /// Images with the tag (all images without one).
    public var matching: Int
    public var faces: [Face]
}

extension StudioWorkspace {
    /// Side the studio loads data sets at, for inspection and previews.
    static let inspectionSize = 64
    /// Most faces in one preview.
    public static let maxPreviewFaces = 64

    /// Every data set: the folders of `data/`, then of each `--data-root` (a root that is
    /// itself a data set counts as one). A name in `data/` hides the same name in a root.
    func datasetFolders() -> [(name: String, location: String, url: URL)] {
        let fm = FileManager.default
        var found: [(name: String, location: String, url: URL)] = []
        var names = Set<String>()
        func subfolders(_ url: URL) -> [URL] {
            ((try? fm.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []).filter {
                var isDirectory: ObjCBool = false  // a link to a folder counts (and is refused when used)
                return !$0.lastPathComponent.hasPrefix(".") && fm.fileExists(atPath: $0.path, isDirectory: &isDirectory)
                    && isDirectory.boolValue
            }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        for url in subfolders(workspace.dataDirectory) where names.insert(url.lastPathComponent).inserted {
            found.append((url.lastPathComponent, "workspace", url))
        }
        for root in workspace.dataRoots {
            // A root is one data set, or a folder of them. A folder of data sets also looks like
            // "one folder per class", so that reading yields to subfolders that are data sets.
            let inner = subfolders(root)
            let rootLayout = try? DatasetLayout.detect(in: root)
            let innerSets = inner.contains { (try? DatasetLayout.detect(in: $0)).map { $0 != .classFolders } ?? false }
            let candidates = rootLayout != nil && !(rootLayout == .classFolders && innerSets) ? [root] : inner
            for url in candidates where (try? Workspace.checkName(url.lastPathComponent, field: "dataset")) != nil
                && names.insert(url.lastPathComponent).inserted {
                found.append((url.lastPathComponent, root.path, url))
            }
        }
        return found
    }

    /// The folder of data set `name`, confined to `data/` or the data root it is in.
    func datasetFolder(_ name: String) throws -> URL {
        try Workspace.checkName(name, field: "dataset")
        guard let entry = datasetFolders().first(where: { $0.name == name }) else {
            throw StudioError.unknownItem(kind: "data set", name: name)
        }
        let base = entry.location == "workspace" ? workspace.dataDirectory : URL(fileURLWithPath: entry.location)
        if entry.url.standardizedFileURL == base.standardizedFileURL { return base }
        return try workspace.confined(name, in: base, field: "dataset")
    }

    /// `GET /api/datasets`: each data set inspected (cached until its folder changes).
    public func datasets() async throws -> [DatasetSummary] {
        let sources = (try? registry.datasetSources()) ?? [:]
        var summaries: [DatasetSummary] = []
        for entry in datasetFolders() {
            var summary: DatasetSummary
            do {
                let url = try datasetFolder(entry.name)
                summary = try await inspection(of: url, name: entry.name)
            } catch let error as StudioError {
                summary = DatasetSummary(name: entry.name, location: entry.location, source: "folder", error: error.description)
            }
            summary.location = entry.location
            summary.source = sources[entry.name] ?? "folder"
            summaries.append(summary)
        }
        return summaries
    }

    /// The inspection of the folder `url`, made again when the folder's files change.
    func inspection(of url: URL, name: String) async throws -> DatasetSummary {
        let stamp = Self.modificationStamp(url)
        if let cached = inspections.withLock({ $0[url.path] }), cached.stamp == stamp { return cached.summary }
        let cache = workspace.root.appendingPathComponent(".cache/\(name)")
        let summary: DatasetSummary = try await Self.blocking {
            do {
                let inspection = try DatasetInspection.inspect(
                    directory: url, imageSize: Self.inspectionSize, cacheDirectory: cache)
                return DatasetSummary(
                    name: name, location: "", source: "",
                    layout: inspection.layout.description, imageCount: inspection.imageCount,
                    tagCounts: inspection.tagCounts.map { .init(group: $0.group, tag: $0.tag, count: $0.count) },
                    rejections: inspection.rejections, vocabulary: inspection.vocabularyChoice?.description,
                    unlabelledCount: (try? DatasetLabels.read(directory: url))?.unlabelled.count)
            } catch {
                return DatasetSummary(name: name, location: "", source: "", error: "\(error)")
            }
        }
        inspections.withLock { $0[url.path] = (stamp, summary) }
        return summary
    }

    /// The newest modification time of the folder and its direct entries (a tags file or
    /// an image folder edited in place changes it).
    static func modificationStamp(_ url: URL) -> Date {
        let fm = FileManager.default
        var newest = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
        for entry in (try? fm.contentsOfDirectory(at: url, includingPropertiesForKeys: [.contentModificationDateKey])) ?? [] {
            if let date = try? entry.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate, date > newest {
                newest = date
            }
        }
        return newest
    }

    /// `GET /api/datasets/{name}/faces?tag=T&count=N`: up to N real faces carrying tag T.
    public func datasetFaces(name: String, tag: String?, count: Int) async throws -> DatasetFaces {
        guard (1...Self.maxPreviewFaces).contains(count) else {
            throw StudioError.outOfRange(field: "count", value: "\(count)", allowed: "from 1 to \(Self.maxPreviewFaces)")
        }
        let url = try datasetFolder(name)
        let cache = workspace.root.appendingPathComponent(".cache/\(name)")
        return try await Self.blocking {
            let dataset: AnimeDataset
            do {
                dataset = try AnimeDataset.load(from: url, imageSize: Self.inspectionSize, cacheDirectory: cache)
            } catch {
                throw StudioError.conflict("\(name) does not load as a data set: \(error)")
            }
            let wanted = tag?.lowercased().trimmingCharacters(in: .whitespaces)
            var matching: [Int] = []
            for index in 0..<dataset.count {
                let text = dataset.vocabulary.text(for: dataset.labels[index])
                if let wanted, !wanted.isEmpty, !Self.tagText(text, contains: wanted) { continue }
                matching.append(index)
            }
            let known = dataset.vocabulary.groups.flatMap(\.values) + dataset.vocabulary.binaryTags.map(\.name)
            if let wanted, !wanted.isEmpty, matching.isEmpty, !known.contains(where: { $0.lowercased() == wanted }) {
                throw StudioError.unknownTag(wanted, known: known)
            }
            let faces = try matching.prefix(count).map { index in
                DatasetFaces.Face(file: dataset.fileNames[index], tags: dataset.vocabulary.text(for: dataset.labels[index]),
                                  png: try dataset.image(at: index).pngData().base64EncodedString())
            }
            return DatasetFaces(dataset: name, tag: wanted, matching: matching.count, faces: faces)
        }
    }

    /// Whether the tag text "blue hair long hair red eyes" holds the phrase "long hair" as
    /// whole words.
    static func tagText(_ text: String, contains phrase: String) -> Bool {
        let words = text.lowercased().split(separator: " "), wanted = phrase.split(separator: " ")
        guard !wanted.isEmpty, words.count >= wanted.count else { return false }
        return (0...(words.count - wanted.count)).contains { Array(words[$0..<($0 + wanted.count)]) == wanted }
    }
}
