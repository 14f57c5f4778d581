import Randomness

extension Tensor {
    /// Independent standard normal values.
    public static func randomNormal(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.storage.pointer[i] = rng.nextNormal() }
        return t
    }

    /// Independent values uniform in [low, high).
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                                     using rng: inout RandomGenerator) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.storage.pointer[i] = low + (high - low) * rng.nextUniform() }
        return t
    }
}
