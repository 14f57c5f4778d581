import Testing
import Tensors
import Randomness

/// Finite-difference oracles for gradients, in Double around Float computations.
///
/// Every check reduces the function's output to a scalar with fixed random weights, so each
/// output element contributes; central differences with step `h` are compared to the analytic
/// gradient with a tolerance relative to the gradient's largest entry.
enum GradientCheck {
    /// Random test data from a fixed seed.
    static func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.randomNormal(shape, using: &g) * scale
    }

    /// The scalar `sum(f(inputs) * weights)`.
    static func projected(_ f: ([Tensor]) -> Tensor, _ inputs: [Tensor], weights: Tensor) -> Tensor {
        (f(inputs) * weights).sum()
    }

    /// Central-difference gradient of `scalar` with respect to `inputs[index]`.
    static func numericGradient(_ scalar: ([Tensor]) -> Float, _ inputs: [Tensor], index: Int, step h: Float) -> [Float] {
        let base = inputs[index].scalars
        var result = [Float](repeating: 0, count: base.count)
        for i in 0..<base.count {
            var plus = base, minus = base
            plus[i] += h
            minus[i] -= h
            var a = inputs, b = inputs
            a[index] = Tensor(shape: inputs[index].shape, scalars: plus)
            b[index] = Tensor(shape: inputs[index].shape, scalars: minus)
            result[i] = Float((Double(scalar(a)) - Double(scalar(b))) / (2 * Double(h)))
        }
        return result
    }

    /// Asserts `actual` ≈ `expected` within `tolerance` times max(1, largest |expected|).
    static func expectClose(_ actual: [Float], _ expected: [Float], tolerance: Float,
                            _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(what): sizes differ", sourceLocation: sourceLocation)
        let scale = max(1, expected.map { abs($0) }.max() ?? 0)
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance * scale, "\(what): max error \(worst) (scale \(scale))\n actual \(actual.prefix(8))\n expected \(expected.prefix(8))",
                sourceLocation: sourceLocation)
    }

    /// Checks first derivatives of `f` with respect to every input against finite differences.
    static func checkFirstOrder(_ f: @escaping ([Tensor]) -> Tensor, inputs: [Tensor], step: Float = 1e-2,
                                tolerance: Float = 2e-3, sourceLocation: SourceLocation = #_sourceLocation) {
        let leaves = inputs.map { $0.requiringGradient() }
        let outShape = f(inputs).shape
        let weights = random(outShape, seed: 991)
        let output = projected(f, leaves, weights: weights)
        let analytic = gradients(of: output, withRespectTo: leaves)
        for index in inputs.indices {
            let numeric = numericGradient({ projected(f, $0, weights: weights).item }, inputs, index: index, step: step)
            expectClose(analytic[index].scalars, numeric, tolerance: tolerance, "d/dinput\(index)", sourceLocation: sourceLocation)
        }
    }

    /// Checks second derivatives: the gradient (with respect to every input) of
    /// `sum(v * d(sum(w * f))/d inputs[wrt])`, against finite differences of that first-order
    /// gradient, which is what a gradient penalty differentiates.
    static func checkSecondOrder(_ f: @escaping ([Tensor]) -> Tensor, inputs: [Tensor], wrt: Int = 0,
                                 step: Float = 1e-2, tolerance: Float = 3e-3,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let outShape = f(inputs).shape
        let weights = random(outShape, seed: 992)
        let v = random(inputs[wrt].shape, seed: 993)
        func penalty(_ xs: [Tensor], createGraph: Bool) -> Tensor {
            let output = projected(f, xs, weights: weights)
            let g = gradients(of: output, withRespectTo: [xs[wrt]], createGraph: createGraph)[0]
            return (g * v).sum()
        }
        let leaves = inputs.map { $0.requiringGradient() }
        let analytic = gradients(of: penalty(leaves, createGraph: true), withRespectTo: leaves)
        for index in inputs.indices {
            let numeric = numericGradient({ xs in
                penalty(xs.map { $0.requiringGradient() }, createGraph: false).item
            }, inputs, index: index, step: step)
            expectClose(analytic[index].scalars, numeric, tolerance: tolerance, "second order d/dinput\(index)",
                        sourceLocation: sourceLocation)
        }
    }
}
