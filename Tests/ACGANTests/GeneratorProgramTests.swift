import ACGAN
import Kernels
import NeuralNetwork
import Randomness
import Tensors
import Testing

/// The compiled generator (`FoldedGenerator.run`: oneDNN inference primitives, one activation
/// layout from first layer to last) against the folded generator's `Tensor` path.
@Suite struct GeneratorProgramTests {
    /// Tolerance: 1e-5 of the largest pre-tanh value, as for folding (FoldedGeneratorTests):
    /// both paths run the same folded weights through oneDNN convolutions that may sum in
    /// another order (other primitives, layouts and batch sizes), a few ulps per layer. A wrong
    /// row order (fc, PixelShuffle), a missing post-op (ReLU, the residual sum) or a wrong
    /// channel in bnPost changes the output by O(1) (checked below).
    /// Batch 11 runs programs of 8 and 3 images, batch 1 one program on the calling thread.
    @Test(arguments: GeneratorKernels.allCases, GeneratorUpsampling.allCases)
    func programsGiveTheTensorPathsOutput(kernels: GeneratorKernels, upsampling: GeneratorUpsampling) {
        let g = FoldedGeneratorTests.randomGenerator(seed: 51, upsampling: upsampling, width: 32)
        let folded = FoldedGenerator(folding: g)
        for batch in [1, 11] {
            var rng = RandomGenerator(seed: 52)
            let z = Tensor.randomNormal([batch, 8], using: &rng)
            let c = Tensor.randomUniform([batch, 6], low: 0, high: 1, using: &rng)
            let expected = withoutGradients { folded.beforeTanh(z, c) }
            var actual = [Float](repeating: .nan, count: expected.count)
            let done = z.withUnsafePointer { zp in
                c.withUnsafePointer { cp in
                    actual.withUnsafeMutableBufferPointer {
                        folded.run(count: batch, z: zp, condition: cp, output: $0.baseAddress!, kernels: kernels,
                                   tanh: false)
                    }
                }
            }
            #expect(done)
            let difference = FoldedGeneratorTests.relativeDifference(Tensor(shape: expected.shape, scalars: actual),
                                                                     expected)
            #expect(difference < 1e-5, "\(kernels) \(upsampling) batch \(batch): \(difference)")
            // The images (after tanh) as callAsFunction gives them.
            let images = withoutGradients { folded(z, c) }
            let expectedImages = expected.tanh().scalars
            #expect(zip(images.scalars, expectedImages).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    /// One image with two or more threads runs as a two-lane program (each layer's output
    /// channels halved between the caller and `SecondLane`): the halves compute the same
    /// numbers whether they run on two threads or, inside another fan-out (`Threads.inline`),
    /// one after the other on the caller. (The test above checks the two-lane program against
    /// the `Tensor` path; NHWC has no lanes and runs whole.)
    @Test(arguments: GeneratorKernels.allCases, GeneratorUpsampling.allCases)
    func twoLanesGiveTheSameImageOnOneThreadOrTwo(kernels: GeneratorKernels, upsampling: GeneratorUpsampling) {
        let g = FoldedGeneratorTests.randomGenerator(seed: 55, upsampling: upsampling, width: 32)
        let folded = FoldedGenerator(folding: g)
        var rng = RandomGenerator(seed: 56)
        let z = Tensor.randomNormal([1, 8], using: &rng)
        let c = Tensor.randomUniform([1, 6], low: 0, high: 1, using: &rng)
        func generate() -> [Float] {
            var output = [Float](repeating: .nan, count: 3 * 64 * 64)
            let done = z.withUnsafePointer { zp in
                c.withUnsafePointer { cp in
                    output.withUnsafeMutableBufferPointer {
                        folded.run(count: 1, z: zp, condition: cp, output: $0.baseAddress!, kernels: kernels, tanh: false)
                    }
                }
            }
            #expect(done)
            return output
        }
        let parallel = (0..<3).map { _ in generate() }
        let serial = Threads.inline { generate() }
        #expect(parallel.allSatisfy { $0 == serial }, "\(kernels) \(upsampling)")
    }

    /// A generator whose width is not a multiple of the block cannot use a blocked layout:
    /// `run` says so, and calling the generator still gives its output (the `Tensor` path).
    @Test func aLayoutThatDoesNotFitIsRefused() {
        let g = FoldedGeneratorTests.randomGenerator(seed: 53, width: 20)
        let folded = FoldedGenerator(folding: g)
        var rng = RandomGenerator(seed: 54)
        let z = Tensor.randomNormal([2, 8], using: &rng), c = Tensor.randomUniform([2, 6], low: 0, high: 1, using: &rng)
        var output = [Float](repeating: 0, count: 2 * 3 * 64 * 64)
        let done = z.withUnsafePointer { zp in
            c.withUnsafePointer { cp in
                output.withUnsafeMutableBufferPointer {
                    folded.run(count: 2, z: zp, condition: cp, output: $0.baseAddress!, kernels: .blocked16)
                }
            }
        }
        #expect(!done)
        let images = withoutGradients { folded(z, c) }
        let expected = withoutGradients { folded.beforeTanh(z, c).tanh() }
        #expect(FoldedGeneratorTests.relativeDifference(images, expected) < 1e-5)
    }
}
