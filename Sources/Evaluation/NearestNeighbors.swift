import CBLAS

/// Exact k-nearest-neighbour search by Euclidean (L2) distance, for the memorisation check:
/// which training faces (in pixels or in classifier features) are closest to each generated face.
///
/// Candidates are screened with |q - r|^2 = |q|^2 + |r|^2 - 2 q.r, the dot products of a whole
/// chunk of references coming from one `sgemm` in Float. In pixel space (D = 12,288, norms up to
/// 8e8) that identity loses the small distances of near-copies, exactly the ones that matter, to
/// cancellation; so it is only a filter with a round-off margin, and every candidate that may
/// enter the top k gets its distance recomputed directly in Double. Reported distances are exact.
///
/// The reference set can be streamed in chunks (`add(references:firstIndex:)`), so a training set
/// of tens of thousands of 64x64x3 images never has to sit in memory as one Float array.
public struct NearestNeighbors: Sendable {
    /// One neighbour: its index in the reference set and its L2 distance to the query.
    public struct Match: Codable, Sendable, Equatable {
        /// Index of the reference vector (as numbered by `firstIndex` of its chunk).
        public var index: Int
        /// Euclidean distance (not squared) to the query.
        public var distance: Float

        /// A neighbour at `index` with Euclidean `distance`.
        public init(index: Int, distance: Float) {
            self.index = index
            self.distance = distance
        }
    }

    /// Length of every vector.
    public let dimension: Int
    /// How many neighbours are kept per query.
    public let neighborCount: Int
    private let queries: [Float]
    private let queryNorms: [Float]
    private var best: [[Match]]

    /// A search for the `neighborCount` nearest references of each query in `queries`
    /// (flattened Q x D row-major).
    public init(queries: [Float], dimension: Int, neighborCount: Int) throws {
        let queryCount = try FeatureMatrix.rowCount(of: queries, dimension: dimension, name: "queries")
        guard neighborCount >= 1 else {
            throw EvaluationError.invalidParameter(name: "neighborCount", value: "\(neighborCount)",
                                                   reason: "must be at least 1")
        }
        self.dimension = dimension
        self.neighborCount = neighborCount
        self.queries = queries
        self.queryNorms = Self.squaredNorms(queries, rows: queryCount, dimension: dimension)
        self.best = Array(repeating: [], count: queryCount)
    }

    /// For each query, its nearest references so far, closest first (ties: lower index first).
    public var matches: [[Match]] { best }

    /// Scores a chunk of references (flattened R x D row-major) numbered from `firstIndex`.
    public mutating func add(references: [Float], firstIndex: Int = 0) throws {
        let referenceCount = try FeatureMatrix.rowCount(of: references, dimension: dimension, name: "references")
        let queryCount = best.count
        guard referenceCount > 0, queryCount > 0 else { return }
        let referenceNorms = Self.squaredNorms(references, rows: referenceCount, dimension: dimension)
        // dots (Q x R) = queries (Q x D) * references^T (D x R).
        var dots = [Float](repeating: 0, count: queryCount * referenceCount)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(queryCount), Int32(referenceCount),
                    Int32(dimension), 1, queries, Int32(dimension), references, Int32(dimension), 0,
                    &dots, Int32(referenceCount))
        for query in 0..<queryCount {
            var kept = best[query]
            for reference in 0..<referenceCount {
                let normSum = queryNorms[query] + referenceNorms[reference]
                let approximate = normSum - 2 * dots[query * referenceCount + reference]
                if kept.count == neighborCount, let worst = kept.last {
                    // Skip only if even a generous Float round-off margin cannot bring it in.
                    let worstSquared = Double(worst.distance) * Double(worst.distance)
                    if Double(approximate) - roundOffMargin * Double(normSum) > worstSquared { continue }
                }
                let distance = Float(Self.exactDistance(queries, row: query, references, row: reference,
                                                        dimension: dimension))
                let match = Match(index: firstIndex + reference, distance: distance)
                if kept.count == neighborCount, let worst = kept.last, !Self.precedes(match, worst) { continue }
                let position = kept.firstIndex { Self.precedes(match, $0) } ?? kept.count
                kept.insert(match, at: position)
                if kept.count > neighborCount { kept.removeLast() }
            }
            best[query] = kept
        }
    }

    /// The `neighborCount` nearest references of each query, in one call.
    public static func search(queries: [Float], references: [Float], dimension: Int,
                              neighborCount: Int) throws -> [[Match]] {
        var search = try NearestNeighbors(queries: queries, dimension: dimension, neighborCount: neighborCount)
        try search.add(references: references)
        return search.matches
    }

    /// Worst-case relative Float error of |q|^2 + |r|^2 - 2 q.r, as a fraction of |q|^2 + |r|^2:
    /// the classic (n + 2) * epsilon bound for sums of n products (|2 q.r| <= |q|^2 + |r|^2).
    /// About 1.5e-5 for 256 features and 7e-4 for 64x64x3 pixels.
    private var roundOffMargin: Double { Double(dimension + 2) * Double(Float.ulpOfOne) }

    private static func exactDistance(_ queries: [Float], row query: Int, _ references: [Float], row reference: Int,
                                      dimension: Int) -> Double {
        var sum = 0.0
        for column in 0..<dimension {
            let difference = Double(queries[query * dimension + column]) - Double(references[reference * dimension + column])
            sum += difference * difference
        }
        return sum.squareRoot()
    }

    private static func precedes(_ first: Match, _ second: Match) -> Bool {
        first.distance < second.distance || (first.distance == second.distance && first.index < second.index)
    }

    private static func squaredNorms(_ values: [Float], rows: Int, dimension: Int) -> [Float] {
        (0..<rows).map { row in
            var sum: Float = 0
            for column in 0..<dimension {
                let value = values[row * dimension + column]
                sum += value * value
            }
            return sum
        }
    }
}

extension NearestNeighbors {
    /// 8-bit images (all of one shape, any layout) as flattened Float rows in 0...255, for a
    /// pixel-space search; distances are then in 8-bit units.
    public static func pixelRows(_ images: [[UInt8]]) throws -> (values: [Float], dimension: Int) {
        guard let dimension = images.first?.count, dimension > 0 else {
            throw EvaluationError.tooFewSamples(name: "images for a pixel search", count: 0, minimum: 1)
        }
        var values = [Float]()
        values.reserveCapacity(images.count * dimension)
        for (index, image) in images.enumerated() {
            guard image.count == dimension else {
                throw EvaluationError.imageSizeMismatch(name: "image \(index)", expectedBytes: dimension,
                                                        actualBytes: image.count)
            }
            values.append(contentsOf: image.lazy.map { Float($0) })
        }
        return (values, dimension)
    }
}
