#if canImport(Glibc)
import Glibc
#endif
import Kernels
import Tensors

/// A `FoldedGenerator` compiled for a fixed number of images: every convolution a oneDNN
/// inference primitive with its weights reordered once (`InferenceConvolution`), the
/// activations kept in one `ChannelBlockedLayout` from the linear layer to the last
/// convolution (no NCHW round trip between layers), and every buffer allocated here. So
/// `run` allocates nothing.
///
/// How the folded layers map onto it:
/// - the linear layer's output rows are permuted so that the product writes each image's
///   (C, 16, 16) straight into the layout; its ReLU is a loop over that buffer;
/// - a residual block is conv1 with a fused ReLU into a scratch buffer, then conv2 with a
///   fused accumulation into the trunk buffer (`x = x + conv2(...)`, oneDNN's sum post-op);
/// - `bnPost`, ReLU and the long skip are one loop (`BlockedLayoutKernels.scaleShiftReLUAdd`);
/// - a sub-pixel stage's convolution has its output rows permuted so that PixelShuffle copies
///   whole channel blocks (`pixelShuffleRowOrder`), its ReLU fused (it commutes with the
///   shuffle); a resize-convolution stage upsamples, then convolves with a fused ReLU;
/// - the last convolution (3 outputs, where a direct kernel would leave most of each output
///   vector empty) is one matrix product per channel block, the activation's pixels times
///   the weights of every tap and output (`BlockedLayoutKernels.tapWeights`), then a shifted
///   sum of the taps that writes NCHW through tanh (`sumTaps`).
/// The results equal the folded generator's `Tensor` path up to float32 re-association.
///
/// **Lanes.** A program of one image in a blocked layout can be built with two lanes: every
/// convolution is cut in two halves of its output channels (whole blocks, contiguous for one
/// image), each half its own primitive, and the loops between layers work on their lane's
/// channels (for PixelShuffle, on its lane's sub-pixel rows); the last convolution's product
/// and sum are cut by pixel rows. `SecondLane`
/// runs lane 1 on a second thread, step by step (`runLane`), so one image uses two cores. A
/// program of one lane runs the same steps on the calling thread. Either way the halves compute
/// exactly what they compute alone, so a two-lane program gives the same result on one thread
/// or two.
///
/// Not thread-safe: `FoldedGenerator` keeps a pool and gives each caller its own program.
final class GeneratorProgram: TwoLaneWork, @unchecked Sendable {
    let batch: Int
    let lanes: Int
    let layout: ChannelBlockedLayout
    private let configuration: ModelConfiguration
    private let inputLength: Int
    private let fcWeight: UnsafeMutablePointer<Float>, fcBias: UnsafeMutablePointer<Float>
    /// Every convolution as `lanes` parts: part k computes output channels
    /// [k O / lanes, (k + 1) O / lanes).
    private let blocks: [(conv1: [InferenceConvolution], conv2: [InferenceConvolution])]
    private let postScale: UnsafeMutablePointer<Float>, postShift: UnsafeMutablePointer<Float>
    private let up: [[InferenceConvolution]]
    /// The last convolution: (C, K K O) tap weights, its bias, kernel side and padding.
    private let outWeight: UnsafeMutablePointer<Float>, outBias: UnsafeMutablePointer<Float>
    private let outputs: Int, outKernel: Int, outPadding: Int
    /// The concatenated (z, c) rows, h0, the trunk, the residual blocks' inner activation, and
    /// per upsampling stage its input-sized and output-sized buffers.
    private let input: UnsafeMutablePointer<Float>, h0: UnsafeMutablePointer<Float>
    private let trunk: UnsafeMutablePointer<Float>, inner: UnsafeMutablePointer<Float>
    private let stageBuffers: [(convolved: UnsafeMutablePointer<Float>, upsampled: UnsafeMutablePointer<Float>)]
    /// Every pixel's contribution to every tap and output of the last convolution,
    /// (batch, S S, K K O).
    private let taps: UnsafeMutablePointer<Float>
    private let owned: [UnsafeMutablePointer<Float>]
    /// oneDNN's scratch memory, one buffer per lane for all its layers (they run one after another).
    private let scratchpads: [UnsafeMutableRawPointer]
    /// Per lane: false once one of its convolutions failed in the current `run`.
    private let laneSucceeded: UnsafeMutablePointer<Bool>
    /// Where the current `run` writes, and whether it applies tanh (read by lane 0's last step).
    private var output: UnsafeMutablePointer<Float>?
    private var appliesTanh = true
    private let stepCount: Int

    /// Nil when oneDNN cannot build a layer in this layout, or `lanes` cannot split it (the
    /// caller then takes another path). Two lanes need one image, a blocked layout and half
    /// the generator's width a multiple of the block.
    init?(_ folded: FoldedGenerator, batch: Int, kernels: GeneratorKernels, lanes: Int = 1) {
        let layout = kernels.layout
        let winograd = kernels == .winograd
        let configuration = folded.configuration
        let width = configuration.generatorWidth, base = ModelConfiguration.baseSize
        guard batch > 0, layout.fits(channels: width), layout.fits(channels: 4 * width) else { return nil }
        guard lanes == 1 || (lanes == 2 && batch == 1 && layout != .nhwc && width % 2 == 0
                             && layout.fits(channels: width / 2)) else { return nil }
        self.batch = batch
        self.lanes = lanes
        self.layout = layout
        self.configuration = configuration
        let inputLength = configuration.latentSize + configuration.conditionLength
        self.inputLength = inputLength
        var owned: [UnsafeMutablePointer<Float>] = []
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let made = UnsafeMutablePointer<Float>.allocate(capacity: count)
            made.initialize(repeating: 0, count: count)
            owned.append(made)
            return made
        }
        func copy(_ values: [Float]) -> UnsafeMutablePointer<Float> {
            let made = buffer(values.count)
            made.update(from: values, count: values.count)
            return made
        }
        func releaseAll() { for pointer in owned { pointer.deallocate() } }

        // The linear layer, rows permuted into the layout.
        let fcRows = width * base * base
        let order = BlockedLayoutKernels.imageRowOrder(channels: width, height: base, width: base, layout: layout)
        let w = folded.fc.weight.scalars, b = folded.fc.bias.scalars
        fcWeight = copy(order.flatMap { w[$0 * inputLength ..< ($0 + 1) * inputLength] })
        fcBias = copy(order.map { b[$0] })
        precondition(order.count == fcRows)

        /// The layer as `parts` convolutions of consecutive output rows (after `rows` permutes them).
        func convolution(_ layer: FoldedGenerator.Layer, side: Int, rows: [Int]? = nil, parts: Int = lanes,
                         outputLayout: ChannelBlockedLayout? = nil, relu: Bool = false,
                         accumulate: Bool = false) -> [InferenceConvolution]? {
            let shape = layer.weight.shape
            let useWinograd = winograd && outputLayout == nil && shape[2] == 3 && shape[3] == 3 && layer.stride == 1
            var weight = layer.weight.scalars, bias = layer.bias.scalars
            let filter = weight.count / shape[0]
            if let rows {
                let original = weight, originalBias = bias
                weight = rows.flatMap { original[$0 * filter ..< ($0 + 1) * filter] }
                bias = rows.map { originalBias[$0] }
            }
            let outputs = shape[0] / parts
            var made: [InferenceConvolution] = []
            for part in 0..<parts {
                let s = Conv2dShape(batch: batch, inputChannels: shape[1], outputChannels: outputs,
                                    inputHeight: side, inputWidth: side, kernelHeight: shape[2],
                                    kernelWidth: shape[3], stride: layer.stride, padding: layer.padding)
                let convolution = weight.withUnsafeBufferPointer { w in
                    bias.withUnsafeBufferPointer { b in
                        InferenceConvolution(s, weight: w.baseAddress! + part * outputs * filter,
                                             bias: b.baseAddress! + part * outputs,
                                             layout: outputLayout == nil ? layout : .nhwc,
                                             outputLayout: outputLayout, relu: relu, accumulate: accumulate,
                                             winograd: useWinograd)
                    }
                }
                guard let convolution else { return nil }
                made.append(convolution)
            }
            return made
        }
        var blocks: [(conv1: [InferenceConvolution], conv2: [InferenceConvolution])] = []
        for block in folded.blocks {
            guard let conv1 = convolution(block.conv1, side: base, relu: true),
                  let conv2 = convolution(block.conv2, side: base, accumulate: true) else {
                releaseAll()
                return nil
            }
            blocks.append((conv1, conv2))
        }
        self.blocks = blocks
        postScale = copy(folded.postScale.scalars)
        postShift = copy(folded.postShift.scalars)
        let shuffled = configuration.upsampling == .pixelShuffle
        var up: [[InferenceConvolution]] = [], side = base
        for stage in folded.up {
            precondition(stage.factor == 2, "upsampling stages double the side")
            let made = shuffled
                ? convolution(stage.conv, side: side, rows: BlockedLayoutKernels.pixelShuffleRowOrder(channels: width),
                              relu: true)
                : convolution(stage.conv, side: side * stage.factor, relu: true)
            guard let made else {
                releaseAll()
                return nil
            }
            up.append(made)
            side *= stage.factor
        }
        self.up = up
        // The last convolution as taps (stride 1, the output the input's size).
        let last = folded.convOut, outShape = last.weight.shape
        guard last.stride == 1, outShape[2] == outShape[3], 2 * last.padding == outShape[2] - 1,
              outShape[1] == width else {
            releaseAll()
            return nil
        }
        outputs = outShape[0]
        outKernel = outShape[2]
        outPadding = last.padding
        outWeight = copy(last.weight.scalars.withUnsafeBufferPointer {
            BlockedLayoutKernels.tapWeights($0.baseAddress!, outputs: outShape[0], channels: width, kernel: outShape[2])
        })
        outBias = copy(last.bias.scalars)

        input = buffer(batch * inputLength)
        let trunkCount = batch * fcRows
        h0 = buffer(trunkCount)
        trunk = buffer(trunkCount)
        inner = buffer(trunkCount)
        var stageBuffers: [(convolved: UnsafeMutablePointer<Float>, upsampled: UnsafeMutablePointer<Float>)] = []
        side = base
        for stage in folded.up {
            let f = stage.factor
            let upsampled = batch * width * side * f * side * f
            // Sub-pixel: the convolution's (4C, S, S) output, then the shuffled (C, 2S, 2S).
            // Resize-convolution: the upsampled input, then the convolution's output; both (C, 2S, 2S).
            stageBuffers.append((convolved: buffer(upsampled), upsampled: buffer(upsampled)))
            side *= f
        }
        self.stageBuffers = stageBuffers
        taps = buffer(batch * side * side * outKernel * outKernel * outputs)
        self.owned = owned
        let all = blocks.flatMap { $0.conv1 + $0.conv2 } + up.flatMap { $0 }
        let scratchBytes = all.map(\.scratchpadBytes).max() ?? 0
        scratchpads = (0..<lanes).map { _ in
            UnsafeMutableRawPointer.allocate(byteCount: max(scratchBytes, 64), alignment: 64)
        }
        laneSucceeded = .allocate(capacity: lanes)
        laneSucceeded.initialize(repeating: true, count: lanes)
        // The linear layer, the residual convolutions, the stages, the last convolution's
        // product and its sum.
        stepCount = 1 + 2 * blocks.count + up.count + 2
    }

    deinit {
        for pointer in owned { pointer.deallocate() }
        for scratchpad in scratchpads { scratchpad.deallocate() }
        laneSucceeded.deallocate()
    }

    /// Runs each of the program's convolution primitives once, alone, lane by lane on the
    /// calling thread, on the program's own buffers (what they compute is not used), and
    /// returns how many ran, or nil if one failed: `allocation-probe` counts what oneDNN's
    /// primitives allocate per execution against what a whole generation allocates.
    func runConvolutionsAlone() -> Int? {
        var count = 0, succeeded = true
        func run(_ convolution: InferenceConvolution, _ input: UnsafeMutablePointer<Float>,
                 _ output: UnsafeMutablePointer<Float>, lane: Int) {
            succeeded = convolution.run(input: input, output: output, scratchpad: scratchpads[lane]) && succeeded
            count += 1
        }
        let shuffled = configuration.upsampling == .pixelShuffle
        for lane in 0..<lanes {
            for block in blocks {
                run(block.conv1[lane], trunk, inner, lane: lane)
                run(block.conv2[lane], inner, trunk, lane: lane)
            }
            for (stage, parts) in up.enumerated() {
                let buffers = stageBuffers[stage]
                let source = !shuffled ? buffers.upsampled : stage == 0 ? trunk : stageBuffers[stage - 1].upsampled
                run(parts[lane], source, buffers.convolved, lane: lane)
            }
        }
        return succeeded ? count : nil
    }

    /// The names of oneDNN's implementations, layer by layer (for logs and benchmarks).
    var implementations: [String] {
        blocks.flatMap { [$0.conv1[0].implementation, $0.conv2[0].implementation] } + up.map(\.[0].implementation)
    }

    /// `batch` images: `z` is (batch, latentSize), `condition` (batch, conditionLength), and
    /// `output` receives (batch, 3, S, S) in [-1, 1] (or the values before tanh). False if
    /// oneDNN reported an error (the output is then undefined).
    func run(z: UnsafePointer<Float>, condition: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             tanh: Bool = true) -> Bool {
        let latent = configuration.latentSize, length = configuration.conditionLength
        for n in 0..<batch {
            (input + n * inputLength).update(from: z + n * latent, count: latent)
            (input + n * inputLength + latent).update(from: condition + n * length, count: length)
        }
        self.output = output
        appliesTanh = tanh
        laneSucceeded.update(repeating: true, count: lanes)
        if lanes == 1 {
            for step in 0..<stepCount { runLane(0, step: step) }
        } else {
            SecondLane.shared.run(self, steps: stepCount)
        }
        self.output = nil
        return (0..<lanes).allSatisfy { laneSucceeded[$0] }
    }

    /// Lane `lane`'s part of step `step` (see `run` and the type's documentation).
    func runLane(_ lane: Int, step: Int) {
        let width = configuration.generatorWidth, base = ModelConfiguration.baseSize
        let channels = lane * width / lanes ..< (lane + 1) * width / lanes
        let scratchpad = scratchpads[lane]
        func record(_ succeeded: Bool) { if !succeeded { laneSucceeded[lane] = false } }
        if step == 0 {
            linear(lane: lane)
            if blocks.isEmpty { afterTrunk(channels) }
            return
        }
        let trunkSteps = 2 * blocks.count
        if step <= trunkSteps {
            let block = blocks[(step - 1) / 2], offset = channels.lowerBound * base * base
            if step % 2 == 1 {
                record(block.conv1[lane].run(input: trunk, output: inner + offset, scratchpad: scratchpad))
            } else {
                record(block.conv2[lane].run(input: inner, output: trunk + offset, scratchpad: scratchpad))
                if step == trunkSteps { afterTrunk(channels) }
            }
            return
        }
        let stage = step - trunkSteps - 1
        let shuffled = configuration.upsampling == .pixelShuffle
        if stage < up.count {
            let side = base << stage, buffers = stageBuffers[stage]
            if shuffled {
                let source = stage == 0 ? trunk : stageBuffers[stage - 1].upsampled
                let rows = 4 * width / lanes
                record(up[stage][lane].run(input: source, output: buffers.convolved + lane * rows * side * side,
                                           scratchpad: scratchpad))
                BlockedLayoutKernels.pixelShuffle2(buffers.convolved, into: buffers.upsampled, batch: batch,
                                                   channels: width, height: side, width: side, layout: layout,
                                                   groups: lane * 4 / lanes ..< (lane + 1) * 4 / lanes)
            } else {
                let outputSide = 2 * side
                record(up[stage][lane].run(input: buffers.upsampled,
                                           output: buffers.convolved + channels.lowerBound * outputSide * outputSide,
                                           scratchpad: scratchpad))
                if stage + 1 < up.count {
                    upsample(buffers.convolved, into: stageBuffers[stage + 1].upsampled, side: outputSide,
                             channels: channels)
                }
            }
            return
        }
        let side = base << up.count, plane = side * side
        let last = up.isEmpty ? trunk : shuffled ? stageBuffers[up.count - 1].upsampled
            : stageBuffers[up.count - 1].convolved
        let columns = outKernel * outKernel * outputs
        if stage == up.count {
            // taps = pixels x tap weights, summed over the channel blocks; the lane's pixels.
            let pixels = lane * plane / lanes ..< (lane + 1) * plane / lanes
            let block = layout.block(channels: width), blockCount = width / block
            Threads.inline {
                for n in 0..<batch {
                    for b in 0..<blockCount {
                        Gemm.sgemm(transposeA: false, transposeB: false, m: pixels.count, n: columns, k: block,
                                   alpha: 1, a: last + ((n * blockCount + b) * plane + pixels.lowerBound) * block,
                                   lda: block, b: outWeight + b * block * columns, ldb: columns, beta: b == 0 ? 0 : 1,
                                   c: taps + (n * plane + pixels.lowerBound) * columns, ldc: columns)
                    }
                }
            }
            return
        }
        guard let output else { return }
        BlockedLayoutKernels.sumTaps(taps, bias: outBias, into: output, batch: batch, outputs: outputs,
                                     kernel: outKernel, padding: outPadding, height: side, width: side,
                                     tanh: appliesTanh, rows: lane * side / lanes ..< (lane + 1) * side / lanes)
    }

    /// h0 = relu(input fc^T + bias), already in the layout, and its copy into the trunk: the
    /// lane's share of the rows (for one image, its channels).
    private func linear(lane: Int) {
        let rowsPerImage = configuration.generatorWidth * ModelConfiguration.baseSize * ModelConfiguration.baseSize
        let rows = lane * rowsPerImage / lanes ..< (lane + 1) * rowsPerImage / lanes
        for n in 0..<batch { (h0 + n * rowsPerImage + rows.lowerBound).update(from: fcBias + rows.lowerBound, count: rows.count) }
        if batch <= 2 {
            // A product would pack the whole weight into panels for one or two rows.
            for n in 0..<batch {
                Gemm.sgemv(m: rows.count, n: inputLength, a: fcWeight + rows.lowerBound * inputLength, lda: inputLength,
                           x: input + n * inputLength, beta: 1, y: h0 + n * rowsPerImage + rows.lowerBound)
            }
        } else {
            Threads.inline {
                Gemm.sgemm(transposeA: false, transposeB: true, m: batch, n: rowsPerImage, k: inputLength, alpha: 1,
                           a: input, lda: inputLength, b: fcWeight, ldb: inputLength, beta: 1, c: h0,
                           ldc: rowsPerImage)
            }
        }
        for n in 0..<batch {
            let start = n * rowsPerImage + rows.lowerBound
            for i in start..<(start + rows.count) { h0[i] = max(h0[i], 0) }
            (trunk + start).update(from: h0 + start, count: rows.count)
        }
    }

    /// bnPost, ReLU and the long skip on the lane's channels of the trunk, and for
    /// resize-convolution their upsampling into the first stage's input.
    private func afterTrunk(_ channels: Range<Int>) {
        let base = ModelConfiguration.baseSize
        let offset = channels.lowerBound * base * base
        BlockedLayoutKernels.scaleShiftReLUAdd(trunk + offset, skip: h0 + offset, scale: postScale + channels.lowerBound,
                                               shift: postShift + channels.lowerBound, batch: batch,
                                               channels: channels.count, height: base, width: base, layout: layout)
        if configuration.upsampling != .pixelShuffle, !up.isEmpty {
            upsample(trunk, into: stageBuffers[0].upsampled, side: base, channels: channels)
        }
    }

    /// Nearest-neighbour x2 of the lane's channels of a (batch, C, side, side) activation.
    private func upsample(_ source: UnsafeMutablePointer<Float>, into target: UnsafeMutablePointer<Float>, side: Int,
                          channels: Range<Int>) {
        BlockedLayoutKernels.upsampleNearest(source + channels.lowerBound * side * side,
                                             into: target + channels.lowerBound * 4 * side * side, factor: 2,
                                             batch: batch, channels: channels.count, height: side, width: side,
                                             layout: layout)
    }
}

/// The kernels a compiled generator runs (`ACGAN_GENERATOR` pins one).
public enum GeneratorKernels: String, CaseIterable, Sendable {
    /// oneDNN's Winograd convolutions on 16-channel blocks (AVX-512 only), for every 3x3
    /// convolution with stride 1 but the last (3 outputs, a matrix product and a shifted sum
    /// in every layout).
    case winograd
    /// Direct convolutions on NHWC activations (oneDNN's brgemm kernels with AVX-512).
    case nhwc
    /// Direct convolutions on 16-channel blocks.
    case blocked16
    /// Direct convolutions on 8-channel blocks (AVX2's block).
    case blocked8

    var layout: ChannelBlockedLayout {
        switch self {
        case .winograd, .blocked16: .blocked16
        case .nhwc: .nhwc
        case .blocked8: .blocked8
        }
    }
}

/// How `FoldedGenerator` runs: which kernels it tries, in order, and how many images a program holds.
public enum GeneratorProgramSettings {
    /// `ACGAN_GENERATOR`: one of `GeneratorKernels`, or `tensor` for the `Tensor` path
    /// (layer by layer, NCHW, as training runs the generator).
    static let variable = "ACGAN_GENERATOR"

    /// The kernels tried in order; empty for the `Tensor` path. By default Winograd (3-4x fewer
    /// multiplications where oneDNN has it: measured 1.4x the images/s of direct NHWC at batch
    /// 64 and 0.6x the batch-1 latency on an Intel Xeon with AVX-512), then direct NHWC
    /// (every ISA oneDNN supports), then the `Tensor` path.
    static let candidates: [GeneratorKernels] = {
        guard let text = getenv(variable).map({ String(cString: $0) }) else { return [.winograd, .nhwc] }
        return GeneratorKernels(rawValue: text).map { [$0] } ?? []
    }()

    /// Checks `ACGAN_GENERATOR` (the `acgan` command calls it first, so that a typo is a clean
    /// error rather than a silent default).
    public static func checkEnvironment() throws {
        guard let text = getenv(variable).map({ String(cString: $0) }) else { return }
        guard text == "tensor" || GeneratorKernels(rawValue: text) != nil else {
            throw GeneratorSettingsError(message: "\(variable)=\(text) is not one of "
                + (GeneratorKernels.allCases.map(\.rawValue) + ["tensor"]).joined(separator: ", "))
        }
    }

    /// The most images one program runs at once: a thread's share of a batch is cut into
    /// programs of at most this many, so that their activations stay in cache.
    static let imagesPerProgram = 8
}

/// A bad `ACGAN_GENERATOR`.
public struct GeneratorSettingsError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
