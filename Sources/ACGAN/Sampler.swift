import AnimeData
import Foundation
import Imaging
import NeuralNetwork
import SafeTensors
import Synchronization
import Tensors

/// Turns tags and noise into faces with a trained generator: what `acgan generate`, the web
/// studio and the evaluation use. It runs a `FoldedGenerator` (batch norms folded into the
/// layers before them), made once when the sampler is made. Thread-safe: calls are serialised,
/// since one generator's buffers are shared.
public final class Sampler: @unchecked Sendable {
    /// The model's shape.
    public let configuration: ModelConfiguration
    /// The tags the model was trained with, in condition-vector order.
    public let vocabulary: TagVocabulary
    /// A name for the model (the checkpoint's file name).
    public let modelName: String
    private let generator: FoldedGenerator
    private let lock = NSLock()
    /// The generator's state dict as it was when the sampler was made (what `generatorFile`
    /// writes), so a generator trained further afterwards changes neither the faces nor the file.
    let stateDict: [String: SafeTensor]
    /// `generatorFile(half: true)`, made on first use.
    let halfFileCache = Mutex<GeneratorFile?>(nil)

    /// A sampler for a generator already in memory, as in eval mode (running batch-norm
    /// statistics). Its weights are read once, here: the generator is not changed (not even
    /// its mode), and changing it later does not change this sampler's faces.
    public init(generator: Generator, vocabulary: TagVocabulary, modelName: String) {
        precondition(generator.configuration.conditionLength == vocabulary.conditionLength)
        self.generator = FoldedGenerator(folding: generator)
        self.stateDict = generator.stateDictTensors()
        self.configuration = generator.configuration
        self.vocabulary = vocabulary
        self.modelName = modelName
    }

    /// Loads a checkpoint or exported generator (`TrainingCheckpoint`; EMA weights are preferred).
    public convenience init(checkpoint url: URL) throws {
        let checkpoint = try TrainingCheckpoint(contentsOf: url)
        let generator = try checkpoint.samplingGenerator()
        self.init(generator: generator, vocabulary: checkpoint.vocabulary,
                  modelName: url.deletingPathExtension().lastPathComponent)
    }

    /// The side of the generated images.
    public var imageSize: Int { configuration.imageSize }
    /// The length of a latent vector.
    public var latentSize: Int { configuration.latentSize }

    /// `count` latent vectors: vector i is `LatentNoise.latent(seed: seed + i)`, standard normal
    /// values each redrawn while its magnitude exceeds `truncation` (BigGAN's truncation trick;
    /// nil = none; smaller gives more typical, less varied faces; check a threshold from a user
    /// with `LatentNoise.validate(truncation:)`, as `faces` and `interpolation` do). The web
    /// studio draws face i of a grid the same way, so a seed means the same face everywhere.
    public func latents(count: Int, seed: UInt64, truncation: Float? = nil) -> [[Float]] {
        (0..<count).map {
            LatentNoise.latent(seed: seed &+ UInt64($0), size: latentSize, truncation: truncation.map(Double.init))
        }
    }

    /// Faces for fully specified labels and latents (one each, same count).
    public func generate(labels: [TagLabels], latents: [[Float]]) -> [RGBImage] {
        precondition(labels.count == latents.count, "\(labels.count) labels for \(latents.count) latents")
        precondition(latents.allSatisfy { $0.count == latentSize }, "latents must have \(latentSize) values")
        guard !labels.isEmpty else { return [] }
        let z = Tensor(shape: [latents.count, latentSize], scalars: latents.flatMap { $0 })
        let c = Tensor(shape: [labels.count, vocabulary.conditionLength], scalars: labels.flatMap { vocabulary.condition(for: $0) })
        return generate(z: z, condition: c)
    }

    /// Faces for raw condition vectors (N, T) and latents (N, z), for interpolating conditions.
    public func generate(z: Tensor, condition: Tensor) -> [RGBImage] {
        lock.lock()
        defer { lock.unlock() }
        // Batches of at most 64 keep memory bounded for large requests.
        var images: [RGBImage] = []
        let n = z.shape[0]
        var start = 0
        while start < n {
            let end = min(n, start + 64)
            let output = withoutGradients {
                generator(z.slice(alongAxis: 0, range: start..<end), condition.slice(alongAxis: 0, range: start..<end))
            }
            images += Sampler.images(from: output)
            start = end
        }
        return images
    }

    /// (N, 3, S, S) in [-1, 1] to 8-bit images: round((x + 1) * 127.5), clamped.
    public static func images(from tensor: Tensor) -> [RGBImage] {
        let (n, size) = (tensor.shape[0], tensor.shape[2])
        let plane = size * size
        return tensor.withUnsafePointer { p in
            (0..<n).map { i in
                var bytes = [UInt8](repeating: 0, count: plane * 3)
                for c in 0..<3 {
                    let channel = p + (i * 3 + c) * plane
                    for j in 0..<plane {
                        let v = (channel[j] + 1) * 127.5
                        bytes[j * 3 + c] = UInt8(max(0, min(255, v.rounded())))
                    }
                }
                return RGBImage(width: size, height: size, pixels: bytes)
            }
        }
    }

    /// `steps` faces from (labels a, latent a) to (labels b, latent b): latents by spherical,
    /// condition vectors by linear interpolation.
    public func interpolate(from start: (labels: TagLabels, latent: [Float]), to end: (labels: TagLabels, latent: [Float]),
                            steps: Int) -> [RGBImage] {
        precondition(steps >= 2, "interpolation needs at least 2 steps")
        let ca = vocabulary.condition(for: start.labels), cb = vocabulary.condition(for: end.labels)
        // The same frames as the studio's interpolation: latents on the great circle,
        // conditions on the straight line.
        var zs: [Float] = [], cs: [Float] = []
        for k in 0..<steps {
            let t = Double(k) / Double(steps - 1)
            zs += LatentNoise.slerp(from: start.latent, to: end.latent, fraction: t)
            cs += LatentNoise.lerp(from: ca, to: cb, fraction: t)
        }
        return generate(z: Tensor(shape: [steps, latentSize], scalars: zs),
                        condition: Tensor(shape: [steps, vocabulary.conditionLength], scalars: cs))
    }
}
