import Foundation
import SafeTensors

/// A generator file in memory, with a hash of its bytes to name it by (caches, ETags).
public struct GeneratorFile: Sendable, Equatable {
    /// The safetensors file, as `acgan export` writes it.
    public var bytes: Data
    /// FNV-1a (64-bit) of `bytes` as 16 lowercase hex digits: equal files have equal hashes,
    /// and a different model (or the same model in another precision) has another one.
    public var hash: String

    /// Wraps `bytes` and hashes them.
    public init(bytes: Data) {
        self.bytes = bytes
        self.hash = Self.fnv1a(bytes)
    }

    /// FNV-1a, 64-bit (the same function `DatasetCache` keys its files with), as hex.
    static func fnv1a(_ bytes: Data) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        bytes.withUnsafeBytes { raw in
            for byte in raw {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Sampler {
    /// The sampler's generator as a generator file: the weights it was made from (PyTorch
    /// `state_dict` names under `G.`, unfolded batch norms with their running statistics) and
    /// the configuration and vocabulary in the metadata, exactly what
    /// `acgan export --half` writes for the same generator (F16 weights with `half`; sampling
    /// changes only by float16 rounding). The web studio's page downloads the half file to
    /// generate in the browser. The half file is made once and kept.
    /// - Throws: `CheckpointError` when the metadata cannot be encoded.
    public func generatorFile(half: Bool = true) throws -> GeneratorFile {
        if half, let cached = halfFileCache.withLock({ $0 }) { return cached }
        let checkpoint = TrainingCheckpoint(configuration: configuration, vocabulary: vocabulary, generator: stateDict,
                                            notes: ["exported_from": modelName], path: modelName)
        let bytes: Data
        do { bytes = try checkpoint.safeTensorsFile(half: half).data() } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.writeFailed(path: modelName, reason: "\(error)")
        }
        let file = GeneratorFile(bytes: bytes)
        if half { halfFileCache.withLock { $0 = file } }
        return file
    }
}
