import AnimeData
import Foundation
import Imaging
import Tensors

/// One generated face, described so it can be made again here or in PyTorch
/// (the `samples.json` of `acgan generate --separate`).
public struct GeneratedFace: Codable, Sendable, Equatable {
    /// The PNG file, when written separately.
    public var file: String?
    /// The complete tags of the face (given ones and those drawn from the priors).
    public var tags: String
    /// The condition vector fed to G.
    public var condition: [Float]
    /// The latent vector z.
    public var latent: [Float]

    /// A face's description.
    public init(file: String? = nil, tags: String, condition: [Float], latent: [Float]) {
        self.file = file
        self.tags = tags
        self.condition = condition
        self.latent = latent
    }
}

/// Why a generation request cannot be served.
public enum GenerationError: Error, CustomStringConvertible, Equatable {
    case invalidRequest(String)
    case badTagsFile(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidRequest(let reason): return reason
        case .badTagsFile(let path, let line, let reason): return "\(path):\(line): \(reason)"
        }
    }
}

extension Sampler {
    /// `count` faces for a partial tag choice. Face i's noise comes from `seed + i` (or from
    /// `latents`), and the tags not given are drawn from the priors with `attributeSeed + i`
    /// (default: `seed`), exactly as the web studio draws face i of a grid; so the same seeds
    /// give the same faces here, in the studio and through the API.
    public func faces(selection: TagSelection, count: Int, seed: UInt64, attributeSeed: UInt64? = nil,
                      latents given: [[Float]]? = nil,
                      truncation: Float? = nil) throws -> (images: [RGBImage], faces: [GeneratedFace]) {
        guard count >= 1 else { throw GenerationError.invalidRequest("count must be at least 1") }
        if let truncation { try LatentNoise.validate(truncation: Double(truncation)) }
        let latents = given ?? latents(count: count, seed: seed, truncation: truncation)
        guard latents.count == count, latents.allSatisfy({ $0.count == latentSize }) else {
            throw GenerationError.invalidRequest("the latent array must be (\(count), \(latentSize)); it has \(latents.count) rows of \(latents.first?.count ?? 0)")
        }
        if let row = latents.firstIndex(where: { $0.contains { !$0.isFinite } }) {
            throw GenerationError.invalidRequest("latent row \(row) has a value that is not a finite number")
        }
        // Every attribute is drawn and the given ones override the draws, so fixing one tag
        // leaves the others as they were.
        let base = attributeSeed ?? seed
        let labels = (0..<count).map {
            AttributeDraw.labels(for: selection, vocabulary: vocabulary, seed: base &+ UInt64($0))
        }
        let images = generate(labels: labels, latents: latents)
        let faces = zip(labels, latents).map {
            GeneratedFace(file: nil, tags: vocabulary.text(for: $0.0), condition: vocabulary.condition(for: $0.0), latent: $0.1)
        }
        return (images, faces)
    }
}

/// A generation request file: lines `<id>,<tags>` (the "testing_tags.txt" of the anime-face
/// assignments), e.g. `1,blue hair red eyes`. Blank lines are skipped.
public struct TagsFile {
    public var entries: [(id: String, tags: String)]

    public init(contentsOf url: URL) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw GenerationError.badTagsFile(path: url.path, line: 0, reason: "cannot read the file as UTF-8 text")
        }
        var entries: [(String, String)] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            guard let comma = line.firstIndex(of: ",") else {
                throw GenerationError.badTagsFile(path: url.path, line: number + 1, reason: "expected '<id>,<tags>', got '\(line)'")
            }
            let id = line[..<comma].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw GenerationError.badTagsFile(path: url.path, line: number + 1, reason: "the id '\(id)' must be letters, digits, '-' or '_'")
            }
            entries.append((id, String(line[line.index(after: comma)...])))
        }
        guard !entries.isEmpty else { throw GenerationError.badTagsFile(path: url.path, line: 0, reason: "the file has no requests") }
        self.entries = entries
    }
}

extension TagSelection {
    /// This selection with every value `other` gives replacing its own.
    public func overridden(by other: TagSelection) -> TagSelection {
        var result = self
        for (i, v) in other.groupIndices.enumerated() where v != nil { result.groupIndices[i] = v }
        for (i, v) in other.binaryTags.enumerated() where v != nil { result.binaryTags[i] = v }
        for (i, v) in other.continuous.enumerated() where v != nil {
            while result.continuous.count <= i { result.continuous.append(nil) }
            result.continuous[i] = v
        }
        return result
    }

    /// `labels` with every value this selection gives replacing its own.
    public func applied(to labels: TagLabels) -> TagLabels {
        var result = labels
        for (i, v) in groupIndices.enumerated() { if let v { result.groupIndices[i] = v } }
        for (i, v) in binaryTags.enumerated() { if let v { result.binaryTags[i] = v } }
        for (i, v) in continuous.enumerated() where i < result.continuous.count { if let v { result.continuous[i] = v } }
        return result
    }
}

extension Sampler {
    /// A strip of `steps` faces from (`start` tags, noise of `startSeed`) to (`end` tags,
    /// noise of `endSeed`). Tags that neither end gives are drawn once from the priors with
    /// `attributeSeed` and shared, so only what was asked for changes along the strip.
    public func interpolation(from start: TagSelection, to end: TagSelection, startSeed: UInt64, endSeed: UInt64,
                              attributeSeed: UInt64, steps: Int, truncation: Float? = nil) throws -> [RGBImage] {
        guard (2...64).contains(steps) else { throw GenerationError.invalidRequest("steps must be between 2 and 64") }
        if let truncation { try LatentNoise.validate(truncation: Double(truncation)) }
        let shared = AttributeDraw.labels(for: TagSelection(allRandomFor: vocabulary), vocabulary: vocabulary, seed: attributeSeed)
        let a = latents(count: 1, seed: startSeed, truncation: truncation)[0]
        let b = latents(count: 1, seed: endSeed, truncation: truncation)[0]
        return interpolate(from: (start.applied(to: shared), a), to: (end.applied(to: shared), b), steps: steps)
    }
}

extension Sampler {
    /// `perLine` faces for every request of a tags file, in file order, with their file names
    /// `sample_<id>_<n>.png`. Line k uses the seeds seed + k·perLine ..< seed + (k+1)·perLine (and
    /// likewise for `attributeSeed`), so every face of the file has its own noise and tags.
    public func faces(for file: TagsFile, perLine: Int, seed: UInt64, attributeSeed: UInt64? = nil,
                      truncation: Float? = nil) throws -> (images: [RGBImage], faces: [GeneratedFace], names: [String]) {
        guard perLine >= 1 else { throw GenerationError.invalidRequest("faces per line must be at least 1") }
        if let truncation { try LatentNoise.validate(truncation: Double(truncation)) }
        var images: [RGBImage] = [], faces: [GeneratedFace] = [], names: [String] = []
        for (index, entry) in file.entries.enumerated() {
            let selection: TagSelection
            do { selection = try vocabulary.parse(entry.tags) } catch {
                throw GenerationError.invalidRequest("line \(index + 1) (id \(entry.id)): \(error)")
            }
            let offset = UInt64(index * perLine)
            let result = try self.faces(selection: selection, count: perLine, seed: seed &+ offset,
                                        attributeSeed: attributeSeed.map { $0 &+ offset }, truncation: truncation)
            images += result.images
            faces += result.faces
            names += (1...perLine).map { "sample_\(entry.id)_\($0).png" }
        }
        return (images, faces, names)
    }
}
