import Testing
import Tensors

@Suite struct TensorShapeTests {
    @Test func concatenateAndSliceRoundTrip() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 3], scalars: [5, 6, 7, 8, 9, 10])
        let c = Tensor.concatenate([a, b], alongAxis: 1)
        #expect(c.shape == [2, 5])
        #expect(c.scalars == [1, 2, 5, 6, 7, 3, 4, 8, 9, 10])
        #expect(c.slice(alongAxis: 1, range: 2..<5).scalars == b.scalars)
        #expect(c.slice(alongAxis: 0, range: 1..<2).scalars == [3, 4, 8, 9, 10])
        #expect(Tensor.concatenate([a, a], alongAxis: 0).scalars == [1, 2, 3, 4, 1, 2, 3, 4])
    }

    @Test func transposeAndReshape() {
        let m = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(m.transposed().scalars == [1, 4, 2, 5, 3, 6])
        #expect(m.reshaped([3, -1]).shape == [3, 2])
        #expect(Tensor.zeros([4, 2, 3]).flattenedBatch().shape == [4, 6])
    }

    @Test func shapeGradients() {
        let a = GradientCheck.random([2, 3], seed: 21)
        let b = GradientCheck.random([2, 2], seed: 22)
        GradientCheck.checkFirstOrder({ Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) }, inputs: [a, b])
        GradientCheck.checkFirstOrder({ $0[0].slice(alongAxis: 1, range: 1..<3) }, inputs: [a])
        GradientCheck.checkFirstOrder({ $0[0].transposed() }, inputs: [a])
        GradientCheck.checkFirstOrder({ $0[0].reshaped([3, 2]) }, inputs: [a])
        GradientCheck.checkSecondOrder({ $0[0].slice(alongAxis: 0, range: 0..<1).squared() }, inputs: [a])
    }
}
