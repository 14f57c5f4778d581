// Convolution through oneDNN, one single-threaded primitive per thread, split over the batch.
import CDNNL
import Synchronization

/// oneDNN convolution passes with the contract of `Convolution` (NCHW in and out, outputs
/// overwritten). The batch is split over `parallelChunks`; each chunk runs a primitive built
/// for its sub-batch with one OpenMP thread, reordering NCHW <-> oneDNN's blocked layouts in
/// reused scratch memory. A chunk whose primitive cannot be built or fails falls back to
/// `Im2colConvolution` on the same sub-batch, so results never depend on oneDNN being usable.
enum DNNLConvolution {
    /// Which primitive a plan holds.
    typealias Pass = ConvolutionPass

    /// Scratch slots per chunk: up to 4 ports, the scratchpad, the chunk's partial sums, and
    /// one more pair for micro-batches after the first.
    private static let slotsPerChunk = 10
    private static let scratchpadSlot = 5, partialWeightSlot = 6, partialBiasSlot = 7
    private static let stepWeightSlot = 8, stepBiasSlot = 9

    /// A chunk runs its images in micro-batches whose NCHW input and output take at most this
    /// many bytes, so the blocked copies stay in cache and scratch memory stays small
    /// (G's 64 -> 256 convolution at 32x32 would otherwise need 40 MB per thread).
    /// Layers with small images (where weight reorders dominate) keep the whole chunk.
    static let microBatchBytes = 8 << 20

    /// Calls `body` for `images` cut into near-equal micro-batches (see `microBatchBytes`),
    /// with `true` for the first.
    private static func forEachMicroBatch(_ s: Conv2dShape, _ images: Range<Int>,
                                          _ body: (Range<Int>, Bool) -> Void) {
        let bytesPerImage = 4 * (s.inputCount + s.outputCount) / s.batch
        let largest = max(1, microBatchBytes / max(bytesPerImage, 1))
        let steps = (images.count + largest - 1) / largest
        for step in 0..<steps {
            let start = images.lowerBound + images.count * step / steps
            let end = images.lowerBound + images.count * (step + 1) / steps
            body(start..<end, step == 0)
        }
    }

    /// y = activation(conv(x, w) + b); the activation is a post-op of the primitive.
    static func forward(_ s: Conv2dShape, input: UnsafePointer<Float>,
                        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        output: UnsafeMutablePointer<Float>,
                        activation: ConvolutionActivation = .identity, winograd: Bool = false) {
        if winograd && activation != .identity {
            // Not as a post-op: oneDNN 2.6's Winograd forward with a ReLU post-op gave wrong
            // outputs where the channels are not a multiple of its block of 16 (ConvolutionTests,
            // 3 -> 4 and 20 -> 17 channels). `InferenceConvolution` fuses it only on whole blocks.
            forward(s, input: input, weight: weight, bias: bias, output: output, winograd: true)
            activation.apply(to: output, count: s.outputCount)
            return
        }
        if s.batch == 1 && parallelChunkCount((s.outputChannels + 15) / 16) > 1 {
            forwardSplittingChannels(s, input: input, weight: weight, bias: bias, output: output,
                                     activation: activation, winograd: winograd)
            return
        }
        let chunks = parallelChunkCount(s.batch)
        let inputSize = s.inputCount / s.batch, outputSize = s.outputCount / s.batch
        ScratchPool.withScratch(slots: chunks * slotsPerChunk + 1) { scratch in
            // oneDNN's plan always has a bias; a convolution without one adds zeros.
            let zeros = scratch.reserve(slot: chunks * slotsPerChunk, count: s.outputChannels)
            if bias == nil { zeros.update(repeating: 0, count: s.outputChannels) }
            let biasData = bias ?? UnsafePointer(zeros)
            parallelChunks(0..<s.batch) { chunk, chunkImages in
                forEachMicroBatch(s, chunkImages) { images, _ in
                    var sub = s
                    sub.batch = images.count
                    let x = input + images.lowerBound * inputSize
                    let y = output + images.lowerBound * outputSize
                    let done = run(sub, .forward, activation: activation, winograd: winograd, chunk: chunk,
                                   scratch: scratch, buffers: mutableRaw(x), mutableRaw(weight),
                                   mutableRaw(biasData), UnsafeMutableRawPointer(y))
                    if !done {
                        Im2colConvolution.forward(sub, input: x, weight: weight, bias: bias,
                                                  output: y)
                        activation.applySerial(to: y, count: sub.outputCount)
                    }
                }
            }
        }
    }

    /// One image (generation latency): the batch cannot be split, so the output channels are,
    /// in blocks of 16 (oneDNN's block): each chunk runs the convolution with its own slice
    /// of the weights, bias and output, all contiguous when N = 1.
    private static func forwardSplittingChannels(_ s: Conv2dShape, input: UnsafePointer<Float>,
                                                 weight: UnsafePointer<Float>,
                                                 bias: UnsafePointer<Float>?,
                                                 output: UnsafeMutablePointer<Float>,
                                                 activation: ConvolutionActivation, winograd: Bool) {
        let blocks = (s.outputChannels + 15) / 16
        let chunks = parallelChunkCount(blocks)
        let filterSize = s.inputChannels * s.kernelHeight * s.kernelWidth
        let planeSize = s.outputHeight * s.outputWidth
        ScratchPool.withScratch(slots: chunks * slotsPerChunk + 1) { scratch in
            let zeros = scratch.reserve(slot: chunks * slotsPerChunk, count: s.outputChannels)
            if bias == nil { zeros.update(repeating: 0, count: s.outputChannels) }
            let biasData = bias ?? UnsafePointer(zeros)
            parallelChunks(0..<blocks) { chunk, blockRange in
                let first = blockRange.lowerBound * 16
                let end = min(s.outputChannels, blockRange.upperBound * 16)
                var sub = s
                sub.outputChannels = end - first
                let w = weight + first * filterSize, b = biasData + first
                let y = output + first * planeSize
                let done = run(sub, .forward, activation: activation, winograd: winograd, chunk: chunk,
                               scratch: scratch, buffers: mutableRaw(input), mutableRaw(w),
                               mutableRaw(b), UnsafeMutableRawPointer(y))
                if !done {
                    Im2colConvolution.forward(sub, input: input, weight: w, bias: b, output: y)
                    activation.applySerial(to: y, count: sub.outputCount)
                }
            }
        }
    }

    /// dL/dx from dL/dy.
    static func backwardInput(_ s: Conv2dShape, gradOutput: UnsafePointer<Float>,
                              weight: UnsafePointer<Float>,
                              gradInput: UnsafeMutablePointer<Float>, winograd: Bool = false) {
        let chunks = parallelChunkCount(s.batch)
        let inputSize = s.inputCount / s.batch, outputSize = s.outputCount / s.batch
        ScratchPool.withScratch(slots: chunks * slotsPerChunk) { scratch in
            parallelChunks(0..<s.batch) { chunk, chunkImages in
                forEachMicroBatch(s, chunkImages) { images, _ in
                    var sub = s
                    sub.batch = images.count
                    let dy = gradOutput + images.lowerBound * outputSize
                    let dx = gradInput + images.lowerBound * inputSize
                    let done = run(sub, .backwardInput, winograd: winograd, chunk: chunk, scratch: scratch,
                                   buffers: mutableRaw(dy), mutableRaw(weight),
                                   UnsafeMutableRawPointer(dx))
                    if !done {
                        Im2colConvolution.backwardInput(sub, gradOutput: dy, weight: weight,
                                                        gradInput: dx)
                    }
                }
            }
        }
    }

    /// dL/dw and dL/db: each chunk writes its sub-batch's sums (chunk 0 straight into the
    /// outputs, the others into scratch), then the partial sums are added. Within a chunk,
    /// micro-batches after the first write into a step buffer that is added to the chunk's.
    static func backwardWeight(_ s: Conv2dShape, input: UnsafePointer<Float>,
                               gradOutput: UnsafePointer<Float>,
                               gradWeight: UnsafeMutablePointer<Float>,
                               gradBias: UnsafeMutablePointer<Float>?, winograd: Bool = false) {
        let chunks = parallelChunkCount(s.batch)
        let inputSize = s.inputCount / s.batch, outputSize = s.outputCount / s.batch
        let weightCount = s.weightCount, biasCount = s.outputChannels
        ScratchPool.withScratch(slots: chunks * slotsPerChunk) { scratch in
            for chunk in 0..<chunks {
                let base = chunk * slotsPerChunk
                if chunk > 0 { scratch.reserve(slot: base + partialWeightSlot, count: weightCount) }
                if chunk > 0 || gradBias == nil {
                    scratch.reserve(slot: base + partialBiasSlot, count: biasCount)
                }
                scratch.reserve(slot: base + stepWeightSlot, count: weightCount)
                scratch.reserve(slot: base + stepBiasSlot, count: biasCount)
            }
            func partials(_ chunk: Int) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
                let base = chunk * slotsPerChunk
                let weights = chunk == 0 ? gradWeight : scratch.pointer(slot: base + partialWeightSlot)
                let biases = chunk == 0 && gradBias != nil
                    ? gradBias! : scratch.pointer(slot: base + partialBiasSlot)
                return (weights, biases)
            }
            let used = parallelChunks(0..<s.batch) { chunk, chunkImages in
                let (chunkWeight, chunkBias) = partials(chunk)
                let stepWeight = scratch.pointer(slot: chunk * slotsPerChunk + stepWeightSlot)
                let stepBias = scratch.pointer(slot: chunk * slotsPerChunk + stepBiasSlot)
                forEachMicroBatch(s, chunkImages) { images, isFirst in
                    var sub = s
                    sub.batch = images.count
                    let x = input + images.lowerBound * inputSize
                    let dy = gradOutput + images.lowerBound * outputSize
                    let (dw, db) = isFirst ? (chunkWeight, chunkBias) : (stepWeight, stepBias)
                    let done = run(sub, .backwardWeight, winograd: winograd, chunk: chunk, scratch: scratch,
                                   buffers: mutableRaw(x), mutableRaw(dy),
                                   UnsafeMutableRawPointer(dw), UnsafeMutableRawPointer(db))
                    if !done {
                        Im2colConvolution.backwardWeight(sub, input: x, gradOutput: dy,
                                                         gradWeight: dw, gradBias: db)
                    }
                    if !isFirst {
                        for i in 0..<weightCount { chunkWeight[i] += stepWeight[i] }
                        for o in 0..<biasCount { chunkBias[o] += stepBias[o] }
                    }
                }
            }
            for chunk in 1..<max(used, 1) {
                let (dw, db) = partials(chunk)
                for i in 0..<weightCount { gradWeight[i] += dw[i] }
                if let gradBias { for o in 0..<biasCount { gradBias[o] += db[o] } }
            }
        }
    }

    private static func mutableRaw(_ pointer: UnsafePointer<Float>) -> UnsafeMutableRawPointer {
        // oneDNN's C API takes `void *` data handles; inputs are only read.
        UnsafeMutableRawPointer(mutating: pointer)
    }

    /// Executes the plan for (`shape`, `pass`, `activation`) on this thread with `buffers` as
    /// its ports (in the plan's port order), using this chunk's scratch slots. False when
    /// oneDNN cannot.
    /// Variadic-free and array-free so that a call allocates nothing.
    private static func run(_ shape: Conv2dShape, _ pass: Pass,
                            activation: ConvolutionActivation = .identity, winograd: Bool = false, chunk: Int,
                            scratch: ScratchSet, buffers first: UnsafeMutableRawPointer,
                            _ second: UnsafeMutableRawPointer, _ third: UnsafeMutableRawPointer,
                            _ fourth: UnsafeMutableRawPointer? = nil) -> Bool {
        guard let plan = plan(shape, pass, activation: activation, winograd: winograd) else { return false }
        let base = chunk * slotsPerChunk
        let count = plan.ports.count
        return withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self,
                                             capacity: 8) { pointers in
            pointers[0] = first
            pointers[1] = second
            pointers[2] = third
            pointers[3] = fourth
            for index in 0..<count {
                let bytes = plan.scratchBytes(port: index)
                pointers[count + index] =
                    bytes == 0 ? nil : scratch.reserveBytes(slot: base + index, byteCount: bytes)
            }
            let scratchpad = plan.scratchpadBytes == 0 ? nil
                : scratch.reserveBytes(slot: base + scratchpadSlot, byteCount: plan.scratchpadBytes)
            let start = pointers.baseAddress!
            return plan.execute(user: start, scratch: start + count, scratchpad: scratchpad)
        }
    }
}
