import Foundation

extension TagVocabulary {
    /// Reads a vocabulary JSON file (as written by `jsonData()`), e.g. the `--vocabulary` of
    /// `acgan inspect` and `acgan classifier train`.
    /// - Throws: `TagVocabularyFileError` naming the file: unreadable (missing, a folder) or
    ///   not a vocabulary.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TagVocabularyFileError(path: url.path, reason: "cannot read it (\((error as NSError).localizedDescription))")
        }
        do { try self.init(jsonData: data) } catch {
            throw TagVocabularyFileError(path: url.path, reason: "\(error)")
        }
    }
}

/// A vocabulary file that cannot be used, with the file's path.
public struct TagVocabularyFileError: Error, CustomStringConvertible, Equatable {
    /// The file.
    public var path: String
    /// Why it cannot be used.
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}
