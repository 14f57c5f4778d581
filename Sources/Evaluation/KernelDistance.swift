import AnimeData
import CBLAS
import Randomness

/// Kernel Inception Distance (Bińkowski et al. 2018) on arbitrary feature vectors: the unbiased
/// estimate of the squared MMD with the cubic polynomial kernel k(x, y) = (x.y / D + 1)^3,
/// averaged over random subsets as in the reference implementations (MMD-GAN's
/// `compute_scores.py`, torch-fidelity): `subsets` times, draw `subsetSize` rows of each set
/// without replacement and compute
///
///     MMD^2_u = (sum_{i!=j} k(x_i,x_j) + sum_{i!=j} k(y_i,y_j)) / (m(m-1)) - 2 sum_{i,j} k(x_i,y_j) / m^2
///
/// then report the mean and the (population) standard deviation over subsets. Like FID here, the
/// features are the attribute classifier's penultimate layer, not Inception's.
public struct KernelDistance: Sendable {
    /// Number of random subsets (100 in torch-fidelity).
    public var subsets: Int = 100
    /// Rows per subset from each set (1,000 in torch-fidelity); capped at the smaller set.
    public var subsetSize: Int = 1000
    /// Seed of the subset draws, so the estimate is reproducible.
    public var seed: UInt64 = 0

    /// The standard settings with the given seed.
    public init(subsets: Int = 100, subsetSize: Int = 1000, seed: UInt64 = 0) {
        self.subsets = subsets
        self.subsetSize = subsetSize
        self.seed = seed
    }

    /// KID and its spread over subsets.
    public struct Result: Codable, Sendable, Equatable {
        /// Mean of the unbiased MMD^2 estimates (can be slightly negative for equal distributions).
        public var mean: Double
        /// Population standard deviation of the estimates over subsets.
        public var standardDeviation: Double
        /// Rows per subset actually used (the requested size capped at the smaller set).
        public var subsetSize: Int
        /// Number of subsets.
        public var subsets: Int

        /// A result from its numbers (e.g. read back from an earlier report).
        public init(mean: Double, standardDeviation: Double, subsetSize: Int, subsets: Int) {
            self.mean = mean
            self.standardDeviation = standardDeviation
            self.subsetSize = subsetSize
            self.subsets = subsets
        }
    }

    /// KID between two feature sets, each flattened N x D row-major, every value multiplied by
    /// `scale` (in Double) first: the cubic kernel is not scale-free, so the report divides all
    /// features by one RMS (`FeatureDistanceReport.measure`).
    public func distance(generated: [Float], real: [Float], dimension: Int, scale: Double = 1) throws -> Result {
        let generatedCount = try FeatureMatrix.rowCount(of: generated, dimension: dimension, name: "generated features")
        let realCount = try FeatureMatrix.rowCount(of: real, dimension: dimension, name: "real features")
        let size = min(subsetSize, generatedCount, realCount)
        guard size >= 2 else {
            throw EvaluationError.tooFewSamples(name: "feature vectors per KID subset", count: size, minimum: 2)
        }
        guard subsets >= 1 else {
            throw EvaluationError.invalidParameter(name: "subsets", value: "\(subsets)", reason: "must be at least 1")
        }
        var rng = SplitMix64(seed: seed)
        var estimates = [Double]()
        var stacked = [Double](repeating: 0, count: 2 * size * dimension)
        var gram = [Double](repeating: 0, count: 4 * size * size)
        for _ in 0..<subsets {
            let generatedRows = Self.sampleWithoutReplacement(count: generatedCount, size: size, using: &rng)
            let realRows = Self.sampleWithoutReplacement(count: realCount, size: size, using: &rng)
            for (slot, row) in (generatedRows + realRows).enumerated() {
                let source = slot < size ? generated : real
                for column in 0..<dimension {
                    stacked[slot * dimension + column] = Double(source[row * dimension + column]) * scale
                }
            }
            // One Gram matrix of the 2m stacked rows (upper triangle): XX, XY and YY blocks at once.
            let rows = Int32(2 * size)
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, rows, Int32(dimension), 1,
                        stacked, Int32(dimension), 0, &gram, rows)
            estimates.append(Self.unbiasedMMD(gram: gram, size: size, dimension: dimension))
        }
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        let variance = estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(estimates.count)
        return Result(mean: mean, standardDeviation: variance.squareRoot(), subsetSize: size, subsets: subsets)
    }

    /// MMD^2_u from the upper triangle of the (2m x 2m) Gram matrix of [X; Y].
    static func unbiasedMMD(gram: [Double], size: Int, dimension: Int) -> Double {
        let order = 2 * size
        let scale = 1 / Double(dimension)
        func kernel(_ dot: Double) -> Double {
            let base = dot * scale + 1
            return base * base * base
        }
        var withinGenerated = 0.0, withinReal = 0.0, across = 0.0
        for row in 0..<order {
            for column in (row + 1)..<max(order, row + 1) {
                let value = kernel(gram[row * order + column])
                if column < size { withinGenerated += value }
                else if row >= size { withinReal += value }
                else { across += value }
            }
        }
        // The triangles hold each off-diagonal within-set pair once; the sums need both orders.
        let m = Double(size)
        return 2 * (withinGenerated + withinReal) / (m * (m - 1)) - 2 * across / (m * m)
    }

    /// `size` distinct indices of 0..<count (a partial Fisher-Yates shuffle).
    static func sampleWithoutReplacement(count: Int, size: Int, using rng: inout SplitMix64) -> [Int] {
        var indices = Array(0..<count)
        for position in 0..<size {
            let pick = position + rng.nextIndex(below: count - position)
            indices.swapAt(position, pick)
        }
        return Array(indices[0..<size])
    }
}
