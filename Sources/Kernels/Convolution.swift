// The fast convolution: oneDNN for most layers, im2col variants where oneDNN is weak.
//
// Why oneDNN. Measured with `ConvolutionBenchmark` (release, batch 64, 2 threads, this 2-core
// AMD EPYC with AVX-512 VM, 2026-11-26). The machine was shared with other builds (load 7-11),
// so the table gives GFLOP per CPU-second of our process (all threads), which stays stable
// under contention; wall-clock GFLOP/s with 2 threads is about twice that on a quiet machine.
// forward / input gradient / weight gradient:
//
//   layer (acgan64)             oneDNN            im2col+OpenBLAS   dual im2col
//   G res 3x3 64->64 @16        109 108 100        75  79  68        79  73  69
//   G up 3x3 64->256 @16        114 111  99        93  95  89        75  70  67
//   G up 3x3 64->256 @32        110 110  90        90  94  85        79  68  68
//   G out 3x3 64->3 @64          14  17  15        12  12   6        49  55  41
//   D down 4x4/2 3->32 @64       88  17  80        45  43  30         -
//   D res 3x3 32->32 @32         96  98  82        63  65  42        65  63  59
//   D down 4x4/2 32->64 @32      98  98  97        65  66  62         -
//   D res 3x3 64->64 @16        112 115 101        75  78  69        78  72  68
//   D down 4x4/2 64->128 @16    114 114 101        73  67  67         -
//   D res 3x3 128->128 @8       124 124 107        72  77  70        77  69  69
//   D down 4x4/2 128->256 @8    106 112  96        65  48  51         -
//   D res 3x3 256->256 @4       142 139  96        62  64  67        60  57  64
//
// In a quiet moment, wall-clock with 2 threads on G's 3x3 64->64 @16: oneDNN 196 / 221 / 202
// GFLOP/s, im2col+OpenBLAS 146 / 154 / 132 (issue 2 reports PyTorch at 130 forward,
// 165 backward). One image (generation), 3x3 64->64 @16 forward: 118 GFLOP/s on one thread,
// 210 on two (the output channels are split; see DNNLConvolution).
//
// So the fixed rule (`ConvolutionAlgorithm.rule`) takes oneDNN everywhere except two cells
// where its 16-channel blocking wastes work: G's last layer (3 output channels) goes to the
// dual im2col (3-4x faster), and D's first-layer input gradient (3 input channels) to im2col.
// Other CPUs rank the algorithms differently, so by default `ConvolutionSelection` times the
// candidates on each shape on first use and keeps the rule only where nothing is clearly
// faster; `ACGAN_CONVOLUTION=rules` pins the rule where results must reproduce exactly.
// oneDNN and OpenBLAS both pick their AVX-512/AVX2 kernels at run time, so the Swift code
// stays baseline x86-64 (no target flags): the hot loops are theirs, not swiftc's.
//
// Threads. One level of parallelism, ours (see `Threads`): every algorithm splits the batch
// over `parallelChunks`; each chunk runs a oneDNN primitive built for its sub-batch with one
// OpenMP thread (omp_set_num_threads(1) on the calling thread), or single-threaded OpenBLAS.
// So no OpenMP team is ever started and nothing spins between calls; OMP_WAIT_POLICY does
// not matter. The alternative, one primitive over the whole batch with 2 OpenMP threads
// (forward, side by side on the loaded machine), did as well on D's 64->64 @16 (112 vs 111
// per CPU-second) but worse on G's 64->64 @16 (58-63 vs 109): OpenMP barriers spin while
// the other thread is descheduled, and its team would compete with our threads.

/// 2-D convolution, forward and both backward passes. x is (N,C,H,W), w is (O,C,KH,KW),
/// y is (N,O,OH,OW), all contiguous NCHW `Float`. Every call overwrites its outputs.
/// The shape must be valid (`Conv2dShape.isValid`): an invalid one is a programming error and
/// stops with a precondition failure. Layer shapes follow from `ModelConfiguration`, which
/// rejects sizes that would give one; `conv2d` checks that input and weight fit.
///
/// Each pass runs the algorithm `ConvolutionSelection` chooses for its shape (a timed trial on
/// first use, or pinned) unless `algorithm` forces one (tests and benchmarks). All algorithms
/// split the batch over `parallelFor`; called from inside another `parallelFor` they run on the
/// calling thread.
public enum Convolution {
    /// y = activation(conv(x, w) + b) (b broadcast over N, OH, OW; nil means no bias).
    /// The activation is fused: a oneDNN post-op, or a loop over the output for the others.
    public static func forward(_ s: Conv2dShape, input: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>,
                               activation: ConvolutionActivation = .identity,
                               algorithm: ConvolutionAlgorithm? = nil) {
        precondition(s.isValid, "Convolution.forward: invalid shape \(s); check isValid first")
        ConvolutionSelection.shared.run(s, .forward, forced: algorithm) { chosen in
            switch chosen {
            case .oneDNN:
                DNNLConvolution.forward(s, input: input, weight: weight, bias: bias, output: output,
                                        activation: activation)
            case .im2col:
                Im2colConvolution.forward(s, input: input, weight: weight, bias: bias, output: output)
                activation.apply(to: output, count: s.outputCount)
            case .dualIm2col:
                DualIm2colConvolution.forward(s, input: input, weight: weight, bias: bias,
                                              output: output)
                activation.apply(to: output, count: s.outputCount)
            case .winograd:
                DNNLConvolution.forward(s, input: input, weight: weight, bias: bias, output: output,
                                        activation: activation, winograd: true)
            }
        }
    }

    /// dL/dx from dL/dy.
    public static func backwardInput(_ s: Conv2dShape, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>,
                                     gradInput: UnsafeMutablePointer<Float>,
                                     algorithm: ConvolutionAlgorithm? = nil) {
        precondition(s.isValid, "Convolution.backwardInput: invalid shape \(s); check isValid first")
        ConvolutionSelection.shared.run(s, .backwardInput, forced: algorithm) { chosen in
            switch chosen {
            case .oneDNN:
                DNNLConvolution.backwardInput(s, gradOutput: gradOutput, weight: weight,
                                              gradInput: gradInput)
            case .im2col:
                Im2colConvolution.backwardInput(s, gradOutput: gradOutput, weight: weight,
                                                gradInput: gradInput)
            case .dualIm2col:
                DualIm2colConvolution.backwardInput(s, gradOutput: gradOutput, weight: weight,
                                                    gradInput: gradInput)
            case .winograd:
                DNNLConvolution.backwardInput(s, gradOutput: gradOutput, weight: weight,
                                              gradInput: gradInput, winograd: true)
            }
        }
    }

    /// dL/dw, and dL/db unless `gradBias` is nil.
    public static func backwardWeight(_ s: Conv2dShape, input: UnsafePointer<Float>,
                                      gradOutput: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>,
                                      gradBias: UnsafeMutablePointer<Float>?,
                                      algorithm: ConvolutionAlgorithm? = nil) {
        precondition(s.isValid, "Convolution.backwardWeight: invalid shape \(s); check isValid first")
        ConvolutionSelection.shared.run(s, .backwardWeight, forced: algorithm) { chosen in
            switch chosen {
            case .oneDNN:
                DNNLConvolution.backwardWeight(s, input: input, gradOutput: gradOutput,
                                               gradWeight: gradWeight, gradBias: gradBias)
            case .im2col:
                Im2colConvolution.backwardWeight(s, input: input, gradOutput: gradOutput,
                                                 gradWeight: gradWeight, gradBias: gradBias)
            case .dualIm2col:
                DualIm2colConvolution.backwardWeight(s, input: input, gradOutput: gradOutput,
                                                     gradWeight: gradWeight, gradBias: gradBias)
            case .winograd:
                DNNLConvolution.backwardWeight(s, input: input, gradOutput: gradOutput,
                                               gradWeight: gradWeight, gradBias: gradBias, winograd: true)
            }
        }
    }
}
