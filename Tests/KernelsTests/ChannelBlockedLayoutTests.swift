import Foundation
import Kernels
import Testing

/// The layout loops of inference programs against naive NCHW formulas: each test stores
/// random NCHW values in a layout (through `offset`), runs the loop, and reads the result back.
@Suite struct ChannelBlockedLayoutTests {
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 40) % 2001 - 1000) / 500
        }
    }

    /// NCHW values stored in `layout`, and back.
    static func store(_ nchw: [Float], n: Int, c: Int, h: Int, w: Int, _ layout: ChannelBlockedLayout) -> [Float] {
        var out = [Float](repeating: .nan, count: nchw.count)
        for i in 0..<n { for k in 0..<c { for y in 0..<h { for x in 0..<w {
            out[layout.offset(n: i, c: k, h: y, w: x, channels: c, height: h, width: w)] = nchw[((i * c + k) * h + y) * w + x]
        } } } }
        return out
    }

    static func load(_ stored: [Float], n: Int, c: Int, h: Int, w: Int, _ layout: ChannelBlockedLayout) -> [Float] {
        var out = [Float](repeating: .nan, count: stored.count)
        for i in 0..<n { for k in 0..<c { for y in 0..<h { for x in 0..<w {
            out[((i * c + k) * h + y) * w + x] = stored[layout.offset(n: i, c: k, h: y, w: x, channels: c, height: h, width: w)]
        } } } }
        return out
    }

    @Test func offsetsArePermutations() {
        for layout in ChannelBlockedLayout.allCases {
            let (n, c, h, w) = (2, 32, 3, 5)
            let offsets = Set((0..<n).flatMap { i in (0..<c).flatMap { k in (0..<h).flatMap { y in (0..<w).map { x in
                layout.offset(n: i, c: k, h: y, w: x, channels: c, height: h, width: w) } } } })
            #expect(offsets == Set(0..<(n * c * h * w)), "\(layout)")
        }
        // NHWC is channels last; blocked16 puts channel 16 one block (h * w * 16 values) on.
        #expect(ChannelBlockedLayout.nhwc.offset(n: 0, c: 1, h: 0, w: 1, channels: 32, height: 3, width: 5) == 33)
        #expect(ChannelBlockedLayout.blocked16.offset(n: 0, c: 16, h: 0, w: 0, channels: 32, height: 3, width: 5) == 240)
        #expect(!ChannelBlockedLayout.blocked16.fits(channels: 20) && ChannelBlockedLayout.nhwc.fits(channels: 20))
    }

    /// PixelShuffle(2) as PyTorch defines it: out[c, 2h + i, 2w + j] = in[4c + 2i + j, h, w],
    /// through a convolution output whose rows were put in `pixelShuffleRowOrder`.
    @Test(arguments: ChannelBlockedLayout.allCases)
    func pixelShuffleMatchesPyTorchsDefinition(layout: ChannelBlockedLayout) {
        let (n, c, h, w) = (2, 16, 3, 4)
        let pytorchOrder = Self.random(n * 4 * c * h * w, seed: 1)
        var expected = [Float](repeating: 0, count: pytorchOrder.count)
        for i0 in 0..<n { for k in 0..<c { for y in 0..<(2 * h) { for x in 0..<(2 * w) {
            expected[((i0 * c + k) * 2 * h + y) * 2 * w + x] =
                pytorchOrder[((i0 * 4 * c + 4 * k + 2 * (y % 2) + x % 2) * h + y / 2) * w + x / 2]
        } } } }
        // The convolution with permuted rows writes channel r' = old channel order[r'].
        let order = BlockedLayoutKernels.pixelShuffleRowOrder(channels: c)
        #expect(Set(order) == Set(0..<(4 * c)))
        var permuted = [Float](repeating: 0, count: pytorchOrder.count)
        for i0 in 0..<n { for r in 0..<(4 * c) {
            let plane = h * w
            for p in 0..<plane { permuted[(i0 * 4 * c + r) * plane + p] = pytorchOrder[(i0 * 4 * c + order[r]) * plane + p] }
        } }
        let input = Self.store(permuted, n: n, c: 4 * c, h: h, w: w, layout)
        var output = [Float](repeating: .nan, count: input.count)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                BlockedLayoutKernels.pixelShuffle2(i.baseAddress!, into: o.baseAddress!, batch: n, channels: c,
                                                   height: h, width: w, layout: layout)
            }
        }
        #expect(Self.load(output, n: n, c: c, h: 2 * h, w: 2 * w, layout) == expected)

        // In parts (two lanes of a program): groups 0 and 1 (i = 0) write the even output rows
        // and nothing else; groups 2 and 3 then complete the same result.
        var parts = [Float](repeating: .nan, count: input.count)
        input.withUnsafeBufferPointer { i in
            parts.withUnsafeMutableBufferPointer { o in
                BlockedLayoutKernels.pixelShuffle2(i.baseAddress!, into: o.baseAddress!, batch: n, channels: c,
                                                   height: h, width: w, layout: layout, groups: 0..<2)
            }
        }
        let half = Self.load(parts, n: n, c: c, h: 2 * h, w: 2 * w, layout)
        for (index, value) in half.enumerated() {
            let row = index / (2 * w) % (2 * h)
            #expect(row % 2 == 0 ? value == expected[index] : value.isNaN, "element \(index), row \(row)")
        }
        input.withUnsafeBufferPointer { i in
            parts.withUnsafeMutableBufferPointer { o in
                BlockedLayoutKernels.pixelShuffle2(i.baseAddress!, into: o.baseAddress!, batch: n, channels: c,
                                                   height: h, width: w, layout: layout, groups: 2..<4)
            }
        }
        #expect(Self.load(parts, n: n, c: c, h: 2 * h, w: 2 * w, layout) == expected)
    }

    /// The last convolution of a program as taps: the product of the pixels (in any layout,
    /// block by block) with `tapWeights`, then `sumTaps` (in two row ranges, as two lanes do),
    /// against the naive convolution with bias; and through tanh.
    @Test(arguments: ChannelBlockedLayout.allCases, [(3, 1), (5, 2)])
    func tapsGiveTheNaiveConvolution(layout: ChannelBlockedLayout, kernel: (size: Int, padding: Int)) {
        let (n, c, h, w, o) = (2, 32, 5, 6, 3)
        let k = kernel.size
        let shape = Conv2dShape(batch: n, inputChannels: c, outputChannels: o, inputHeight: h, inputWidth: w,
                                kernelHeight: k, kernelWidth: k, stride: 1, padding: kernel.padding)
        let input = Self.random(n * c * h * w, seed: 3), weight = Self.random(o * c * k * k, seed: 4)
        let bias = Self.random(o, seed: 5)
        var expected = [Float](repeating: 0, count: n * o * h * w)
        NaiveConvolution.forward(shape, input: input, weight: weight, bias: bias, output: &expected)
        let stored = Self.store(input, n: n, c: c, h: h, w: w, layout)
        let matrix = weight.withUnsafeBufferPointer {
            BlockedLayoutKernels.tapWeights($0.baseAddress!, outputs: o, channels: c, kernel: k)
        }
        // The product, block by block, as GeneratorProgram runs it (naive loops here).
        let columns = k * k * o, block = layout.block(channels: c), plane = h * w
        var taps = [Float](repeating: 0, count: n * plane * columns)
        for i in 0..<n { for b in 0..<(c / block) { for p in 0..<plane { for j in 0..<columns {
            var sum: Float = 0
            for e in 0..<block { sum += stored[((i * (c / block) + b) * plane + p) * block + e] * matrix[(b * block + e) * columns + j] }
            taps[(i * plane + p) * columns + j] += sum
        } } } }
        for tanh in [false, true] {
            var output = [Float](repeating: .nan, count: expected.count)
            for rows in [0..<2, 2..<h] {
                BlockedLayoutKernels.sumTaps(taps, bias: bias, into: &output, batch: n, outputs: o, kernel: k,
                                             padding: kernel.padding, height: h, width: w, tanh: tanh, rows: rows)
            }
            let reference = tanh ? expected.map { Foundation.tanh($0) } : expected
            let error = zip(output, reference).map { abs($0 - $1) }.max() ?? .nan
            #expect(error < 1e-4, "\(layout) kernel \(k) tanh \(tanh): \(error)")
        }
    }

    @Test(arguments: ChannelBlockedLayout.allCases)
    func nearestUpsamplingRepeatsEachPixel(layout: ChannelBlockedLayout) {
        let (n, c, h, w) = (2, 16, 3, 2)
        let nchw = Self.random(n * c * h * w, seed: 2)
        var expected = [Float](repeating: 0, count: 4 * nchw.count)
        for i0 in 0..<n { for k in 0..<c { for y in 0..<(2 * h) { for x in 0..<(2 * w) {
            expected[((i0 * c + k) * 2 * h + y) * 2 * w + x] = nchw[((i0 * c + k) * h + y / 2) * w + x / 2]
        } } } }
        let input = Self.store(nchw, n: n, c: c, h: h, w: w, layout)
        var output = [Float](repeating: .nan, count: 4 * input.count)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                BlockedLayoutKernels.upsampleNearest(i.baseAddress!, into: o.baseAddress!, factor: 2, batch: n,
                                                     channels: c, height: h, width: w, layout: layout)
            }
        }
        #expect(Self.load(output, n: n, c: c, h: 2 * h, w: 2 * w, layout) == expected)
    }

    @Test(arguments: ChannelBlockedLayout.allCases)
    func scaleShiftReLUAddUsesEachChannelsOwnScale(layout: ChannelBlockedLayout) {
        let (n, c, h, w) = (2, 32, 2, 3)
        let x = Self.random(n * c * h * w, seed: 3), skip = Self.random(x.count, seed: 4)
        let scale = Self.random(c, seed: 5), shift = Self.random(c, seed: 6)
        var expected = x
        for i in expected.indices {
            let k = (i / (h * w)) % c
            expected[i] = max(x[i] * scale[k] + shift[k], 0) + skip[i]
        }
        var stored = Self.store(x, n: n, c: c, h: h, w: w, layout)
        let storedSkip = Self.store(skip, n: n, c: c, h: h, w: w, layout)
        stored.withUnsafeMutableBufferPointer { s in
            BlockedLayoutKernels.scaleShiftReLUAdd(s.baseAddress!, skip: storedSkip, scale: scale, shift: shift,
                                                   batch: n, channels: c, height: h, width: w, layout: layout)
        }
        #expect(Self.load(stored, n: n, c: c, h: h, w: w, layout) == expected)
    }

    /// A linear layer's rows in `imageRowOrder` write one image's NCHW values into the layout.
    @Test(arguments: ChannelBlockedLayout.allCases)
    func imageRowOrderWritesTheLayout(layout: ChannelBlockedLayout) {
        let (c, h, w) = (16, 4, 4)
        let nchw = Self.random(c * h * w, seed: 7)
        let order = BlockedLayoutKernels.imageRowOrder(channels: c, height: h, width: w, layout: layout)
        #expect(order.map { nchw[$0] } == Self.store(nchw, n: 1, c: c, h: h, w: w, layout))
    }
}
