import Kernels
import NeuralNetwork
import Synchronization
import Tensors

/// The generator G prepared for inference (what `Sampler` runs): every eval-mode batch norm
/// that directly follows a convolution or the linear layer is folded into that layer's weights
/// and bias, and the ReLU after it runs inside the convolution (`conv2dReLU`). Made once per
/// loaded model from a `Generator`, which it only reads: its own tensors are new, so training
/// the generator afterwards changes neither (and this copy does not follow it).
///
/// Eval-mode batch norm is, per channel c, `y = s_c (x - mean_c) + beta_c` with
/// `s_c = gamma_c / sqrt(runningVar_c + eps)`. After a layer `x = W a + b` that is
/// `(s W) a + s (b - mean) + beta`: each output row of W is scaled by its channel's s, and the
/// bias becomes `s (b - mean) + beta` (computed in Double, rounded once to Float). Where:
/// - residual blocks: bn1 into conv1 (and its ReLU fused), bn2 into conv2;
/// - `bn0` into `fc`: after the reshape to (width, base, base), output j of fc is channel
///   j / (base * base), so base * base rows share one scale;
/// - upsampling blocks: the BN after PixelShuffle(r) sees channel c made of conv outputs
///   c*r*r ..< (c+1)*r*r, so those r*r rows share one scale; the ReLU after the BN commutes
///   with the shuffle (a permutation of values), so it is fused into the convolution as well;
///   a resize-convolution block (nearest upsampling, then the convolution) folds its BN row
///   for row and fuses its ReLU;
/// - `bnPost` follows the sum of the residual trunk, not one layer: it stays a per-channel scale
///   and shift (precomputed once), then ReLU and the long skip, as in `Generator`.
/// The result equals the eval-mode `Generator` up to float32 re-association (see the tests in
/// Tests/ACGANTests/FoldedGeneratorTests.swift).
public final class FoldedGenerator: Sendable {
    /// One layer after folding: its weight and bias, and the convolution's stride and padding.
    struct Layer: Sendable {
        let weight: Tensor
        let bias: Tensor
        let stride: Int
        let padding: Int
    }

    /// The configuration of the generator it was made from.
    public let configuration: ModelConfiguration
    let fc: Layer
    let blocks: [(conv1: Layer, conv2: Layer)]
    /// `bnPost` as `x * postScale + postShift`, both (1, C, 1, 1).
    let postScale: Tensor, postShift: Tensor
    let up: [(conv: Layer, factor: Int)]
    let convOut: Layer

    /// Folds `generator`'s batch norms with their running statistics (so, as in eval mode,
    /// whatever mode the generator is in). The generator is not changed.
    public init(folding generator: Generator) {
        configuration = generator.configuration
        // Nothing here is recorded: the folded tensors are plain leaves.
        let parts = withoutGradients { Self.foldedParts(of: generator) }
        fc = parts.fc
        blocks = parts.blocks
        postScale = parts.postScale
        postShift = parts.postShift
        up = parts.up
        convOut = parts.convOut
    }

    private static func foldedParts(of generator: Generator)
        -> (fc: Layer, blocks: [(conv1: Layer, conv2: Layer)], postScale: Tensor, postShift: Tensor,
            up: [(conv: Layer, factor: Int)], convOut: Layer) {
        let base = ModelConfiguration.baseSize
        let fc = fold(weight: weight(of: generator.fc), bias: generator.fc.bias, into: generator.bn0,
                      rowsPerChannel: base * base, stride: 1, padding: 0)
        let blocks = generator.resBlocks.layers.map { layer in
            // Generator builds its trunk from these blocks only.
            let block = layer as! GeneratorResidualBlock
            return (conv1: fold(block.conv1, into: block.bn1, rowsPerChannel: 1),
                    conv2: fold(block.conv2, into: block.bn2, rowsPerChannel: 1))
        }
        let (scale, shift) = scaleAndShift(of: generator.bnPost)
        let postShape = [1, scale.count, 1, 1]
        let up = generator.up.layers.map { layer in
            let stage = layer as! UpsampleBlock
            // A sub-pixel stage's BN channel c is made of conv outputs c*r*r ..< (c+1)*r*r; a
            // resize-convolution stage's BN follows its convolution channel for channel.
            let rows = stage.shuffle == nil ? 1 : stage.factor * stage.factor
            return (conv: fold(stage.conv, into: stage.bn, rowsPerChannel: rows), factor: stage.factor)
        }
        let out = generator.convOut, outWeight = weight(of: out)
        let convOut = Layer(weight: outWeight.copy(), bias: out.bias?.copy() ?? Tensor.zeros([outWeight.shape[0]]),
                            stride: out.stride, padding: out.padding)
        return (fc, blocks, Tensor(shape: postShape, scalars: scale.map { Float($0) }),
                Tensor(shape: postShape, scalars: shift.map { Float($0) }), up, convOut)
    }

    /// Compiled programs not running now, by images per program and kernels (see `run`).
    /// After a key's first program the dictionary is only read: taking a program and giving
    /// it back change its pool's array in place, whose capacity stays, so that a generation
    /// allocates nothing here (a `[key, default: []]` update of the dictionary did).
    private let idlePrograms = Mutex<[ProgramKey: ProgramPool]>([:])

    /// The idle programs of one key; only touched under `idlePrograms`' lock.
    private final class ProgramPool: @unchecked Sendable {
        var idle: [GeneratorProgram] = []
    }

    /// An idle program of `key`, else a new one (nil if it cannot be built).
    private func takeProgram(_ key: ProgramKey) -> GeneratorProgram? {
        idlePrograms.withLock { programs in
            let pool = programs[key]
            return pool?.idle.popLast()
        } ?? newProgram(key)
    }

    private func giveBack(_ program: GeneratorProgram, _ key: ProgramKey) {
        idlePrograms.withLock { programs in
            if let pool = programs[key] {
                pool.idle.append(program)
            } else {
                let pool = ProgramPool()
                pool.idle.append(program)
                programs[key] = pool
            }
        }
    }

    /// Programs that could not be built (not tried again).
    private let refusedPrograms = Mutex<Set<ProgramKey>>([])

    private func newProgram(_ key: ProgramKey) -> GeneratorProgram? {
        if refusedPrograms.withLock({ $0.contains(key) }) { return nil }
        let program = GeneratorProgram(self, batch: key.images, kernels: key.kernels, lanes: key.lanes)
        if program == nil { refusedPrograms.withLock { _ = $0.insert(key) } }
        return program
    }

    struct ProgramKey: Hashable {
        var images: Int
        var kernels: GeneratorKernels
        /// 2 for one image on two threads (`GeneratorProgram`'s lanes), else 1.
        var lanes = 1
    }

    /// z is (N, latentSize), c is (N, conditionLength); the result is (N, 3, S, S) in [-1, 1].
    /// Runs the compiled programs (`GeneratorProgram`) when oneDNN can build them, else the
    /// `Tensor` path.
    public func callAsFunction(_ z: Tensor, _ c: Tensor) -> Tensor {
        let side = configuration.imageSize
        let output = Tensor.zeros([z.shape[0], 3, side, side])
        for kernels in GeneratorProgramSettings.candidates {
            let done = z.withUnsafePointer { zp in
                c.withUnsafePointer { cp in
                    output.withUnsafeMutablePointer { op in
                        run(count: z.shape[0], z: zp, condition: cp, output: op, kernels: kernels)
                    }
                }
            }
            if done { return output }
        }
        return beforeTanh(z, c).tanh()
    }

    /// `count` images into `output` ((count, 3, S, S) in [-1, 1]) from `z` (count, latentSize)
    /// and `condition` (count, conditionLength), through compiled programs: the images are
    /// split over the threads (`parallelChunks`), each thread runs whole programs of at most
    /// `GeneratorProgramSettings.imagesPerProgram` images on its share, so threads meet only
    /// at the end. One image, with two or more threads, runs as a two-lane program (each layer
    /// halved between the calling thread and `SecondLane`) where the kernels' layout allows,
    /// else on the calling thread. After the first call with a given split, nothing is
    /// allocated. False when a program cannot be built or fails (nothing is then promised
    /// about `output`).
    public func run(count: Int, z: UnsafePointer<Float>, condition: UnsafePointer<Float>,
                    output: UnsafeMutablePointer<Float>,
                    kernels: GeneratorKernels, tanh: Bool = true) -> Bool {
        guard count > 0 else { return true }
        let latent = configuration.latentSize, length = configuration.conditionLength
        let side = configuration.imageSize, imageCount = 3 * side * side
        if count == 1, Threads.count >= 2 {
            let key = ProgramKey(images: 1, kernels: kernels, lanes: 2)
            if let program = takeProgram(key) {
                let succeeded = program.run(z: z, condition: condition, output: output, tanh: tanh)
                giveBack(program, key)
                return succeeded
            }
        }
        let failed = Atomic<Bool>(false)
        parallelChunks(0..<count) { _, images in
            let most = GeneratorProgramSettings.imagesPerProgram
            let steps = (images.count + most - 1) / most
            for step in 0..<steps {
                let start = images.lowerBound + images.count * step / steps
                let end = images.lowerBound + images.count * (step + 1) / steps
                let key = ProgramKey(images: end - start, kernels: kernels)
                guard let program = takeProgram(key) else {
                    failed.store(true, ordering: .relaxed)
                    return
                }
                if !program.run(z: z + start * latent, condition: condition + start * length,
                                output: output + start * imageCount, tanh: tanh) {
                    failed.store(true, ordering: .relaxed)
                }
                giveBack(program, key)
            }
        }
        return !failed.load(ordering: .relaxed)
    }

    /// The program `run(count: 1, ...)` uses with `kernels` (two lanes where it can), once a
    /// run has built it.
    private func oneImageProgram(kernels: GeneratorKernels) -> GeneratorProgram? {
        // No array of keys: what the probe measures with this must allocate nothing itself.
        let twoLanes = ProgramKey(images: 1, kernels: kernels, lanes: 2), oneLane = ProgramKey(images: 1, kernels: kernels)
        let threads = Threads.count
        return idlePrograms.withLock { programs in
            (threads >= 2 ? programs[twoLanes]?.idle.last : nil) ?? programs[oneLane]?.idle.last
        }
    }

    /// For `allocation-probe`: runs each convolution primitive of the one-image program alone
    /// (`GeneratorProgram.runConvolutionsAlone`); how many ran, or nil (no such program yet,
    /// or one failed). Not while `run` runs.
    package func runOneImageConvolutionsAlone(kernels: GeneratorKernels) -> Int? {
        oneImageProgram(kernels: kernels)?.runConvolutionsAlone()
    }

    /// The lanes of the one-image program (0 when there is none yet).
    package func oneImageLanes(kernels: GeneratorKernels) -> Int {
        oneImageProgram(kernels: kernels)?.lanes ?? 0
    }

    /// The output of the last convolution, before the tanh (N, 3, S, S): for comparing with
    /// the unfolded generator where tanh would hide differences.
    public func beforeTanh(_ z: Tensor, _ c: Tensor) -> Tensor {
        let width = configuration.generatorWidth, base = ModelConfiguration.baseSize
        let h0 = linear(Tensor.concatenate([z, c], alongAxis: 1), weight: fc.weight, bias: fc.bias)
            .relu().reshaped([z.shape[0], width, base, base])
        var x = h0
        for block in blocks {
            let inner = conv2dReLU(x, weight: block.conv1.weight, bias: block.conv1.bias,
                                   stride: block.conv1.stride, padding: block.conv1.padding)
            x = x + conv2d(inner, weight: block.conv2.weight, bias: block.conv2.bias,
                           stride: block.conv2.stride, padding: block.conv2.padding)
        }
        var h = (x * postScale + postShift).relu() + h0   // bnPost, ReLU, long skip
        let shuffled = configuration.upsampling == .pixelShuffle
        for stage in up {
            if shuffled {
                h = conv2dReLU(h, weight: stage.conv.weight, bias: stage.conv.bias,
                               stride: stage.conv.stride, padding: stage.conv.padding).pixelShuffled(factor: stage.factor)
            } else {
                h = conv2dReLU(h.upsampledNearest(factor: stage.factor), weight: stage.conv.weight, bias: stage.conv.bias,
                               stride: stage.conv.stride, padding: stage.conv.padding)
            }
        }
        return conv2d(h, weight: convOut.weight, bias: convOut.bias, stride: convOut.stride, padding: convOut.padding)
    }

    /// The weight a layer computes with in eval mode (its spectrally normalised weight, if any).
    private static func weight(of layer: Conv2d) -> Tensor {
        layer.weight ?? layer.spectralNormalization!.weight(training: false)
    }

    private static func weight(of layer: Linear) -> Tensor {
        layer.weight ?? layer.spectralNormalization!.weight(training: false)
    }

    private static func fold(_ conv: Conv2d, into batchNorm: BatchNorm2d, rowsPerChannel: Int) -> Layer {
        fold(weight: weight(of: conv), bias: conv.bias, into: batchNorm, rowsPerChannel: rowsPerChannel,
             stride: conv.stride, padding: conv.padding)
    }

    /// Per channel: s = gamma / sqrt(runningVar + eps) and beta - mean * s, in Double.
    private static func scaleAndShift(of batchNorm: BatchNorm2d) -> (scale: [Double], shift: [Double]) {
        let gamma = batchNorm.weight.scalars, beta = batchNorm.bias.scalars
        let mean = batchNorm.runningMean.scalars, variance = batchNorm.runningVar.scalars
        let scale = gamma.indices.map { Double(gamma[$0]) / (Double(variance[$0]) + Double(batchNorm.epsilon)).squareRoot() }
        let shift = gamma.indices.map { Double(beta[$0]) - Double(mean[$0]) * scale[$0] }
        return (scale, shift)
    }

    /// A layer whose output row o (weight[o] is (in) or (C, K, K)) feeds batch-norm channel
    /// o / rowsPerChannel, with that batch norm folded in.
    private static func fold(weight: Tensor, bias: Tensor?, into batchNorm: BatchNorm2d, rowsPerChannel: Int,
                             stride: Int, padding: Int) -> Layer {
        let rows = weight.shape[0], rowLength = weight.count / rows
        precondition(rows == batchNorm.weight.count * rowsPerChannel,
                     "a layer of \(rows) outputs cannot fold a batch norm of \(batchNorm.weight.count) channels")
        let (scale, shift) = scaleAndShift(of: batchNorm)
        var w = weight.scalars
        var b = bias?.scalars ?? [Float](repeating: 0, count: rows)
        for o in 0..<rows {
            let channel = o / rowsPerChannel
            for i in o * rowLength..<(o + 1) * rowLength { w[i] = Float(Double(w[i]) * scale[channel]) }
            // s (b - mean) + beta = s b + (beta - mean s).
            b[o] = Float(Double(b[o]) * scale[channel] + shift[channel])
        }
        return Layer(weight: Tensor(shape: weight.shape, scalars: w), bias: Tensor(shape: [rows], scalars: b),
                     stride: stride, padding: padding)
    }
}
