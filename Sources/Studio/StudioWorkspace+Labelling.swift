import AnimeData
import Foundation
import Imaging

/// Assisted labelling: the faces of a data set without usable tags, the suggestions of its
/// latest classifier run, and writing the tags a person accepts or corrects into `tags.csv`
/// (`TagsFileEditor`: atomically, the previous version kept as `tags.csv.1`).
extension StudioWorkspace {
    /// Most faces in one page of suggestions.
    public static let maxSuggestionFaces = 64
    /// Side of the faces' thumbnails.
    static let thumbnailSize = 64
    /// Largest body of `POST .../labels`: some 40,000 labels given one by one.
    public static let maxLabelsBodyBytes = 4 * 1024 * 1024

    /// `GET /api/datasets/{name}/suggestions?offset=O&count=N&disputed=true|false`.
    public func suggestions(dataset name: String, offset: Int = 0, count: Int = 24,
                            disputed: Bool = false) async throws -> DatasetSuggestions {
        guard (1...Self.maxSuggestionFaces).contains(count) else {
            throw StudioError.outOfRange(field: "count", value: "\(count)", allowed: "from 1 to \(Self.maxSuggestionFaces)")
        }
        guard offset >= 0 else { throw StudioError.outOfRange(field: "offset", value: "\(offset)", allowed: "0 or more") }
        let (url, readOnly) = try labellingFolder(name)
        let latest = try latestSuggestionRun(dataset: name)
        return try await Self.blocking {
            let labels = try Self.readLabels(url, name: name)
            let needing = Set(labels.unlabelled.map(\.file))
            var result = DatasetSuggestions(
                dataset: name, writable: readOnly == nil && labels.hasTagsCSV,
                readOnly: readOnly.map { "served from --data-root \($0), which the studio never writes; upload a zip of it to label a copy" }
                    ?? (labels.hasTagsCSV ? nil : LabellingError.notTagsCSV(path: name, layout: labels.layout).description),
                needingLabels: needing.count, withoutSuggestion: needing.count, vocabulary: .init(labels.vocabulary),
                matching: 0, offset: offset, confidences: [], faces: [], skipped: [])
            guard let latest else { return result }
            let suggestions: TagSuggestions
            do {
                suggestions = try TagSuggestions(contentsOf: latest.file)
            } catch {
                throw StudioError.workspaceFailed(reason: "\(error)")
            }
            result.run = latest.record.name
            result.heldOutAccuracy = suggestions.heldOutAccuracy
            result.skipped = suggestions.skipped
            if !Self.sameTags(suggestions.vocabulary, labels.vocabulary) {
                result.stale = "the data set's tags have changed since \(latest.record.name) suggested these; "
                    + "start a new classifier run"
            }
            let current = Dictionary(labels.labelled.map { ($0.file, labels.vocabulary.text(for: $0.labels)) },
                                     uniquingKeysWith: { first, _ in first })
            let unlabelled = suggestions.faces.filter { $0.status != .tagged && needing.contains($0.file) }
            let disputedFaces = disputed ? suggestions.faces.filter { face in
                face.status == .tagged && current[face.file].map { $0 != face.suggestion.tags } == true
            } : []
            result.withoutSuggestion = needing.subtracting(unlabelled.map(\.file)).count
            let listed = unlabelled + disputedFaces
            result.matching = listed.count
            result.confidences = unlabelled.map(\.suggestion.confidence)
            result.faces = listed.dropFirst(offset).prefix(count).map { face in
                let thumbnail = try? RGBImage(contentsOf: url.appendingPathComponent(face.file)).centerCroppedToSquare()
                    .resized(width: Self.thumbnailSize, height: Self.thumbnailSize).pngData().base64EncodedString()
                return DatasetSuggestions.Face(
                    file: face.file, status: face.status.rawValue,
                    currentTags: face.status == .tagged ? current[face.file] : face.currentTags,
                    tags: face.suggestion.tags, confidence: face.suggestion.confidence,
                    groups: face.suggestion.groups, binaryTags: face.suggestion.binaryTags, png: thumbnail)
            }
            return result
        }
    }

    /// `POST /api/datasets/{name}/labels`: writes the given labels, or every current
    /// suggestion at or above `min_confidence`, into the data set's tags.csv.
    public func applyLabels(dataset name: String, request: LabelsRequest) async throws -> LabelsResponse {
        let (url, readOnly) = try labellingFolder(name)
        if let readOnly { throw StudioError.readOnlyDataset(name: name, root: readOnly) }
        switch (request.labels, request.minConfidence) {
        case (nil, nil), (.some, .some):
            throw StudioError.malformedJSON(reason: "give either labels (a list of {image, tags}) or min_confidence, not both")
        case let (.some(labels), nil) where labels.isEmpty:
            throw StudioError.malformedJSON(reason: "labels is empty; give at least one {image, tags}")
        case let (nil, .some(threshold)) where !(0...1).contains(threshold) || !threshold.isFinite:
            throw StudioError.outOfRange(field: "min_confidence", value: "\(threshold)", allowed: "from 0 to 1")
        default: break
        }
        if request.skip != nil, request.minConfidence == nil {
            throw StudioError.malformedJSON(reason: "skip goes with min_confidence; leave out the faces you do not label from labels instead")
        }
        let skipped = Set(request.skip ?? [])
        let latest = request.minConfidence == nil ? nil : try latestSuggestionRun(dataset: name)
        if request.minConfidence != nil, latest == nil {
            throw StudioError.conflict("\(name) has no finished classifier run to take suggestions from; "
                + "start one (POST /api/runs with \"kind\": \"classifier\")")
        }
        return try await Self.blocking { [self] in
            // One labelling at a time: each reads tags.csv, changes it and renames the new one in.
            try labelling.withLock { _ in
                let labels = try Self.readLabels(url, name: name)
                var changes: [TagsFileEditor.Change] = []
                do {
                    if let given = request.labels {
                        changes = try given.map { try labels.change(file: $0.image, tags: $0.tags) }
                    } else if let threshold = request.minConfidence, let latest {
                        let needing = Set(labels.unlabelled.map(\.file))
                        let accepted = try TagSuggestions(contentsOf: latest.file).faces.filter {
                            $0.status != .tagged && needing.contains($0.file) && !skipped.contains($0.file)
                                && $0.suggestion.confidence >= threshold
                        }
                        do {
                            changes = try accepted.map { try labels.change(file: $0.file, tags: $0.suggestion.tags) }
                        } catch let error as LabellingError {
                            throw StudioError.conflict("\(latest.record.name)'s suggestions do not fit the data set's tags any "
                                + "more (\(error)); start a new classifier run")
                        }
                    }
                } catch let error as LabellingError {
                    throw Self.studioError(error)
                } catch let error as TagSuggestionsError {
                    throw StudioError.workspaceFailed(reason: "\(error)")
                }
                var outcome = TagsFileEditor.Outcome(replaced: 0, added: 0, backup: "")
                if !changes.isEmpty {
                    do {
                        outcome = try TagsFileEditor.apply(changes, to: url)
                    } catch let error as LabellingError {
                        throw Self.studioError(error)
                    }
                }
                let remaining = (try? DatasetLabels.read(directory: url).unlabelled.count) ?? 0
                return LabelsResponse(dataset: name, written: outcome.replaced + outcome.added, replaced: outcome.replaced,
                                      added: outcome.added, backup: changes.isEmpty ? nil : outcome.backup,
                                      labelled: changes.map { .init(image: $0.file, tags: $0.text) }, needingLabels: remaining)
            }
        }
    }

    /// The folder of data set `name`, and the data root it is read from when it is read-only.
    func labellingFolder(_ name: String) throws -> (url: URL, readOnlyRoot: String?) {
        let url = try datasetFolder(name)
        let location = datasetFolders().first { $0.name == name }?.location ?? "workspace"
        return (url, location == "workspace" ? nil : location)
    }

    /// The data set's tags, read as training would; a folder that does not read is a 409.
    static func readLabels(_ url: URL, name: String) throws -> DatasetLabels {
        do {
            return try DatasetLabels.read(directory: url)
        } catch {
            throw StudioError.conflict("\(name) does not load as a data set: \(error)")
        }
    }

    /// A labelling error as the API's: another layout is a 409, the rest a 400 that names the
    /// image and tag.
    static func studioError(_ error: LabellingError) -> StudioError {
        switch error {
        case .notTagsCSV: .conflict(error.description)
        case .fileFailed: .workspaceFailed(reason: error.description)
        default: .invalidLabel(reason: error.description)
        }
    }

    /// Whether two vocabularies name the same groups, values and binary tags in one order
    /// (priors aside).
    static func sameTags(_ a: TagVocabulary, _ b: TagVocabulary) -> Bool {
        a.groups.map(\.name) == b.groups.map(\.name) && a.groups.map(\.values) == b.groups.map(\.values)
            && a.binaryTags.map(\.name) == b.binaryTags.map(\.name)
    }
}
