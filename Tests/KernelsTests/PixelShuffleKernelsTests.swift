import Kernels
import Testing

@Suite struct PixelShuffleKernelsTests {
    @Test(arguments: [(1, 1, 1, 1, 2), (2, 3, 2, 3, 2), (1, 2, 3, 2, 3), (2, 1, 1, 4, 1)])
    func shuffleFollowsTheIndexFormula(batch: Int, channels: Int, height: Int, width: Int,
                                       factor r: Int) {
        let count = batch * channels * r * r * height * width
        let input = (0..<count).map { Float($0) }
        var output = [Float](repeating: -1, count: count)
        PixelShuffleKernels.shuffle(input: input, output: &output, batch: batch,
                                    channels: channels, height: height, width: width, factor: r)
        var mismatches = 0
        for n in 0..<batch {
            for c in 0..<channels {
                for h in 0..<height {
                    for w in 0..<width {
                        for i in 0..<r {
                            for j in 0..<r {
                                let outIndex = ((n * channels + c) * height * r + h * r + i)
                                    * width * r + w * r + j
                                let inIndex = ((n * channels * r * r + c * r * r + i * r + j)
                                    * height + h) * width + w
                                if output[outIndex] != input[inIndex] { mismatches += 1 }
                            }
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0)
        var back = [Float](repeating: -1, count: count)
        PixelShuffleKernels.unshuffle(input: output, output: &back, batch: batch,
                                      channels: channels, height: height, width: width,
                                      factor: r)
        #expect(back == input)
    }

    /// PyTorch: pixel_shuffle(arange(8).view(1,8,1,1), 2) is
    /// [[[[0,1],[2,3]],[[4,5],[6,7]]]].
    @Test func matchesPyTorchOnATinyExample() {
        let input: [Float] = [0, 1, 2, 3, 4, 5, 6, 7]
        var output = [Float](repeating: 0, count: 8)
        PixelShuffleKernels.shuffle(input: input, output: &output, batch: 1, channels: 2,
                                    height: 1, width: 1, factor: 2)
        #expect(output == [0, 1, 2, 3, 4, 5, 6, 7])
        // With 2x2 spatial: channel k of input holds k*10 + pixel.
        let wide: [Float] = (0..<4).flatMap { k in (0..<4).map { Float(k * 10 + $0) } }
        var shuffled = [Float](repeating: 0, count: 16)
        PixelShuffleKernels.shuffle(input: wide, output: &shuffled, batch: 1, channels: 1,
                                    height: 2, width: 2, factor: 2)
        #expect(shuffled == [0, 10, 1, 11, 20, 30, 21, 31, 2, 12, 3, 13, 22, 32, 23, 33])
    }
}
