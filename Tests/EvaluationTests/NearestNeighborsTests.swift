import Foundation
import Testing
import Evaluation

/// Nearest neighbours against a naive double-loop search.
@Suite struct NearestNeighborsTests {
    func randomRows(seed: UInt64, rows: Int, dimension: Int) -> [Float] {
        var rng = ReferenceLCG(seed: seed)
        return (0..<(rows * dimension)).map { _ in Float(rng.next() >> 40) / Float(1 << 24) * 4 - 2 }
    }

    func naive(queries: [Float], references: [Float], dimension: Int, k: Int) -> [[(Int, Double)]] {
        let queryCount = queries.count / dimension, referenceCount = references.count / dimension
        return (0..<queryCount).map { query in
            let all = (0..<referenceCount).map { reference -> (Int, Double) in
                var sum = 0.0
                for column in 0..<dimension {
                    let d = Double(queries[query * dimension + column]) - Double(references[reference * dimension + column])
                    sum += d * d
                }
                return (reference, sum.squareRoot())
            }
            return Array(all.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(k))
        }
    }

    @Test func matchesNaiveSearch() throws {
        let queries = randomRows(seed: 1, rows: 7, dimension: 33)
        let references = randomRows(seed: 2, rows: 150, dimension: 33)
        let found = try NearestNeighbors.search(queries: queries, references: references, dimension: 33, neighborCount: 3)
        let expected = naive(queries: queries, references: references, dimension: 33, k: 3)
        #expect(found.count == 7)
        for query in 0..<7 {
            #expect(found[query].map(\.index) == expected[query].map(\.0))
            for (match, oracle) in zip(found[query], expected[query]) {
                #expect(abs(Double(match.distance) - oracle.1) < 1e-5)
            }
        }
    }

    @Test func chunksGiveTheSameAnswerAsOneCall() throws {
        let queries = randomRows(seed: 3, rows: 4, dimension: 10)
        let references = randomRows(seed: 4, rows: 90, dimension: 10)
        var search = try NearestNeighbors(queries: queries, dimension: 10, neighborCount: 5)
        for start in stride(from: 0, to: 90, by: 25) {
            let end = min(90, start + 25)
            try search.add(references: Array(references[(start * 10)..<(end * 10)]), firstIndex: start)
        }
        let whole = try NearestNeighbors.search(queries: queries, references: references, dimension: 10, neighborCount: 5)
        #expect(search.matches == whole)
    }

    @Test func nearCopiesInPixelSpaceGetExactDistances() throws {
        // 64x64x3 bytes: |q|^2 ~ 1e8, where Float's |q|^2 + |r|^2 - 2 q.r cannot resolve a distance of 1.
        let image = TestImages.pattern(width: 64, height: 64, seed: 8).bytes
        var nearCopy = image
        nearCopy[100] = nearCopy[100] == 255 ? 254 : nearCopy[100] + 1
        var twoOff = image
        twoOff[5] = twoOff[5] >= 254 ? twoOff[5] - 2 : twoOff[5] + 2
        let other = TestImages.blocks(width: 64, height: 64, seed: 9).bytes
        let (references, dimension) = try NearestNeighbors.pixelRows([other, twoOff, nearCopy, image])
        let (queries, _) = try NearestNeighbors.pixelRows([image])
        let found = try NearestNeighbors.search(queries: queries, references: references, dimension: dimension,
                                                neighborCount: 3)
        #expect(found[0].map(\.index) == [3, 2, 1])
        #expect(found[0].map(\.distance) == [0, 1, 2])
    }

    @Test func fewerReferencesThanNeighbours() throws {
        let found = try NearestNeighbors.search(queries: [0, 0], references: [3, 4, 1, 0], dimension: 2, neighborCount: 3)
        #expect(found == [[.init(index: 1, distance: 1), .init(index: 0, distance: 5)]])
        #expect(throws: EvaluationError.self) {
            try NearestNeighbors.search(queries: [0, 0, 0], references: [1, 2], dimension: 2, neighborCount: 1)
        }
    }
}
