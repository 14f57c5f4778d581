import CJPEG
import Foundation

extension RGBImage {
    /// Decodes JPEG bytes with TurboJPEG (libjpeg-turbo; errors are return values, so no
    /// `setjmp` is needed). Grayscale JPEGs become RGB.
    ///
    /// Warnings count as errors (`TJFLAG_STOPONWARNING`): a truncated JPEG would otherwise
    /// "decode" with its missing part painted grey, and we would rather report it.
    /// - Parameter source: the name used in errors (a file path, or "memory").
    public init(jpegData data: Data, source: String = "memory") throws {
        guard !data.isEmpty else { throw ImagingError.empty(source: source) }
        guard let handle = tjInitDecompress() else {
            throw ImagingError.corrupt(source: source, format: .jpeg, reason: "TurboJPEG could not start")
        }
        defer { tjDestroy(handle) }

        let (width, height, pixels): (Int, Int, [UInt8]) = try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
            guard tjDecompressHeader3(handle, bytes.baseAddress, UInt(bytes.count),
                                      &width, &height, &subsampling, &colorspace) == 0 else {
                throw ImagingError.corrupt(source: source, format: .jpeg, reason: Self.jpegMessage(handle))
            }
            guard width > 0, height > 0 else {
                throw ImagingError.corrupt(source: source, format: .jpeg, reason: "no image size in the header")
            }
            guard Int(width) <= Self.maximumSide, Int(height) <= Self.maximumSide else {
                throw ImagingError.tooLarge(source: source, width: Int(width), height: Int(height))
            }
            var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * 3)
            let status = pixels.withUnsafeMutableBufferPointer { buffer in
                tjDecompress2(handle, bytes.baseAddress, UInt(bytes.count), buffer.baseAddress,
                              width, 0, height, Int32(TJPF_RGB.rawValue),
                              TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING)
            }
            guard status == 0 else {
                throw ImagingError.corrupt(source: source, format: .jpeg, reason: Self.jpegMessage(handle))
            }
            return (Int(width), Int(height), pixels)
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// Encodes the image as a baseline JPEG with 4:4:4 chroma (no colour subsampling: the
    /// faces are small and their colours are what the tags describe).
    /// - Parameter quality: 1...100.
    public func jpegData(quality: Int = 95) throws -> Data {
        guard (1...100).contains(quality) else {
            throw ImagingError.invalidArgument("JPEG quality must be in 1...100, got \(quality)")
        }
        guard let handle = tjInitCompress() else {
            throw ImagingError.encodingFailed(format: .jpeg, reason: "TurboJPEG could not start")
        }
        defer { tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        defer { if let output { tjFree(output) } }
        let status = pixels.withUnsafeBufferPointer { source in
            tjCompress2(handle, source.baseAddress, Int32(width), 0, Int32(height), Int32(TJPF_RGB.rawValue),
                        &output, &size, Int32(TJSAMP_444.rawValue), Int32(quality), TJFLAG_ACCURATEDCT)
        }
        guard status == 0, let output else {
            throw ImagingError.encodingFailed(format: .jpeg, reason: Self.jpegMessage(handle))
        }
        return Data(bytes: output, count: Int(size))
    }

    /// TurboJPEG's message for the last error on `handle`.
    private static func jpegMessage(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "TurboJPEG gave no reason" }
        return String(cString: text)
    }
}
