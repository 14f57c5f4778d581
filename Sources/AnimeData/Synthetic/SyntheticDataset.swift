import Dispatch
import Foundation
import Imaging
import Synchronization
import Randomness

/// The built-in synthetic anime-avatar data set, written in layout 3 of the readers: one PNG per
/// face in a folder, plus `tags.csv` with lines `<file>,<tag phrase> <tag phrase> ...` in the
/// phrases of `TagVocabulary.syntheticAvatars`.
///
/// Item `index` of seed `seed` depends on nothing else (its own `SplitMix64(seed:index:)`
/// stream draws the labels, then the nuisance), so the set is byte-identical whatever the
/// number of threads or the order in which images finish.
public enum SyntheticDataset {
    /// The vocabulary the data set is labelled with.
    public static let vocabulary = TagVocabulary.syntheticAvatars

    /// The name of the tag file inside the data set folder.
    public static let tagFileName = "tags.csv"

    /// One item of the set: its labels and the nuisance it is drawn with.
    public struct Item: Sendable, Equatable {
        /// The tags of the face.
        public var labels: TagLabels
        /// Variation the tags do not describe.
        public var nuisance: AvatarNuisance
    }

    /// Item `index` of the set with `seed`. With `balanced`, every categorical group's value is
    /// drawn uniformly and every binary tag is on half the time (so that training sees rare
    /// values such as grey hair or a hat often enough); otherwise all follow the vocabulary's
    /// priors.
    public static func item(index: Int, seed: UInt64, balanced: Bool) -> Item {
        var rng = SplitMix64(seed: seed, index: index)
        let groupIndices = vocabulary.groups.map { group in
            balanced ? rng.index(below: group.values.count) : rng.weightedIndex(group.priors)
        }
        let binaryTags = vocabulary.binaryTags.map { rng.chance(balanced ? 0.5 : $0.prior) }
        let nuisance = AvatarNuisance.random(using: &rng)
        return Item(labels: TagLabels(groupIndices: groupIndices, binaryTags: binaryTags), nuisance: nuisance)
    }

    /// The file name of item `index` in a set of `count` items: zero-padded to at least six
    /// digits so that names sort in index order.
    public static func fileName(index: Int, count: Int) -> String {
        let digits = max(6, String(max(count - 1, 0)).count)
        let number = String(index)
        return String(repeating: "0", count: max(0, digits - number.count)) + number + ".png"
    }

    /// The `tags.csv` line of item `index` (without the newline); with `nuisance`, its hidden
    /// factors follow the tags as continuous attributes (`continuousText`).
    public static func tagLine(index: Int, count: Int, labels: TagLabels, nuisance: AvatarNuisance? = nil) -> String {
        let line = "\(fileName(index: index, count: count)),\(vocabulary.text(for: labels))"
        guard let nuisance else { return line }
        return line + " " + continuousText(of: nuisance)
    }

    /// Renders `count` avatars of `size` pixels into `directory` (created if missing) and writes
    /// `tags.csv`, on `threads` threads (default: every core). `progress` is called with the
    /// number of images finished so far, from any thread, at most about 100 times. With
    /// `continuous`, each line also gives the face's hidden factors (`continuousMirrors`) as
    /// `name=value` words; the images are the same either way.
    public static func write(to directory: URL, count: Int, seed: UInt64, size: Int = 64,
                             balanced: Bool = false, continuous: Bool = false,
                             threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                             progress: (@Sendable (Int) -> Void)? = nil) throws(SyntheticAvatarError) {
        guard (0...10_000_000).contains(count) else { throw .invalidCount(count) }
        let renderer = try AvatarRenderer(size: size)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory.path, reason: folderFailureReason(directory, error))
        }
        let workers = max(1, min(threads, count))
        let shared = WriteState()
        let reportEvery = max(1, count / 100)
        // Worker w renders items w, w + workers, ...: an even split with no coordination.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) {
                if shared.failed { return }
                do {
                    let item = item(index: index, seed: seed, balanced: balanced)
                    let image = try renderer.render(item.labels, vocabulary: vocabulary, nuisance: item.nuisance)
                    let url = directory.appendingPathComponent(fileName(index: index, count: count))
                    do {
                        try image.write(to: url, format: .png)
                    } catch {
                        throw SyntheticAvatarError.cannotWrite(path: url.path, reason: "\(error)")
                    }
                    let finished = shared.finishOne()
                    if finished % reportEvery == 0 || finished == count { progress?(finished) }
                } catch {
                    shared.fail(error)
                    return
                }
            }
        }
        if let error = shared.firstError { throw error }
        var csv = ""
        csv.reserveCapacity(count * 48)
        for index in 0..<count {
            let item = item(index: index, seed: seed, balanced: balanced)
            csv += tagLine(index: index, count: count, labels: item.labels, nuisance: continuous ? item.nuisance : nil)
            csv += "\n"
        }
        let tagsURL = directory.appendingPathComponent(tagFileName)
        do {
            try RGBImage.writeAtomically(Data(csv.utf8), to: tagsURL)
        } catch {
            throw .cannotWrite(path: tagsURL.path, reason: "\(error)")
        }
    }
}

/// Why `directory` could not be created, in words: Foundation's own message for this case is
/// only "The operation could not be completed", so name the usual causes.
private func folderFailureReason(_ directory: URL, _ error: any Error) -> String {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), !isFolder.boolValue {
        return "a file with this name exists, so it cannot be the output folder"
    }
    let parent = directory.deletingLastPathComponent()
    if FileManager.default.fileExists(atPath: parent.path, isDirectory: &isFolder), !isFolder.boolValue {
        return "\(parent.path) is a file, not a folder"
    }
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
       underlying.domain == NSPOSIXErrorDomain, let message = strerror(Int32(underlying.code)) {
        return String(cString: message)
    }
    return error.localizedDescription
}

/// Progress and the first error, shared by the writer threads.
private final class WriteState: Sendable {
    private let state = Mutex<(finished: Int, error: SyntheticAvatarError?)>((0, nil))

    var failed: Bool { state.withLock { $0.error != nil } }
    var firstError: SyntheticAvatarError? { state.withLock { $0.error } }

    func finishOne() -> Int {
        state.withLock { value in
            value.finished += 1
            return value.finished
        }
    }

    func fail(_ error: any Error) {
        let typed = error as? SyntheticAvatarError ?? .cannotWrite(path: "?", reason: "\(error)")
        state.withLock { value in
            if value.error == nil { value.error = typed }
        }
    }
}
