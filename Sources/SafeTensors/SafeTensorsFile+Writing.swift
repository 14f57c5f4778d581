import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensorsFile {
    /// Writes the file atomically: the bytes go to a temporary file in the same directory,
    /// are flushed to disk (`fsync`), and the temporary file is then renamed over `url`.
    /// A process killed at any moment leaves either the previous file or the new one, never
    /// a partial file, which is what checkpoints need. `dtype` is as in `data(storing:)`.
    public func write(to url: URL, storing dtype: SafeTensorsDType? = nil) throws(SafeTensorsError) {
        let bytes = try data(storing: dtype)
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .writeFailed(path: path, reason: "cannot create a temporary file in \(directory): \(Self.systemError())")
        }
        var problem: String? = bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = posixWrite(descriptor, raw.baseAddress!.advanced(by: written), raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return Self.systemError()
                }
                written += result
            }
            return fsync(descriptor) == 0 ? nil : Self.systemError()
        }
        if close(descriptor) != 0, problem == nil { problem = Self.systemError() }
        if problem == nil, rename(temporaryPath, path) != 0 { problem = Self.systemError() }
        if let problem {
            unlink(temporaryPath)
            throw .writeFailed(path: path, reason: problem)
        }
        // Make the rename itself durable; failure here leaves a complete file, so ignore it.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)`; named apart because `SafeTensorsFile.write(to:)` hides the C function.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
