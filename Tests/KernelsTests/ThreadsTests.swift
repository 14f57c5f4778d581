import Kernels
import Synchronization
import Testing

@Suite struct ThreadsTests {
    @Test func parallelForCoversEveryIndexExactlyOnce() {
        for count in [0, 1, 2, 3, 7, 100, 1001] {
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
            defer { hits.deallocate() }
            hits.initialize(repeating: 0, count: max(count, 1))
            parallelFor(5..<(5 + count)) { range in
                for i in range { hits[i - 5] += 1 }
            }
            #expect((0..<count).allSatisfy { hits[$0] == 1 }, "range of \(count)")
        }
    }

    @Test func chunkIndicesStayBelowTheReportedCount() {
        let seen = Mutex<[Int]>([])
        let used = parallelChunks(0..<64) { chunk, _ in seen.withLock { $0.append(chunk) } }
        let chunks = seen.withLock { $0 }.sorted()
        #expect(chunks == Array(0..<used))
        #expect(used <= parallelChunkCount(64))
        #expect(used >= 1)
    }

    /// The split is the same whether chunks run in parallel or, nested, one after another.
    @Test func nestedChunksKeepTheSameSplit() {
        let outer = Mutex<[Int: Range<Int>]>([:])
        let inner = Mutex<[Int: Range<Int>]>([:])
        parallelChunks(0..<2) { _, _ in
            parallelChunks(10..<31) { index, range in inner.withLock { $0[index] = range } }
        }
        parallelChunks(10..<31) { index, range in outer.withLock { $0[index] = range } }
        let count = parallelChunkCount(21)
        #expect(inner.withLock { $0 } == outer.withLock { $0 })
        #expect(outer.withLock { $0.count } == count)
        let covered = outer.withLock { $0.values.reduce(0) { $0 + $1.count } }
        #expect(covered == 21)
    }

    @Test func nestedParallelForStillCoversEverything() {
        let total = Atomic<Int>(0)
        parallelFor(0..<4) { outer in
            for _ in outer {
                parallelFor(0..<10) { inner in total.add(inner.count, ordering: .relaxed) }
            }
        }
        #expect(total.load(ordering: .relaxed) == 40)
    }

    @Test func countIsPositive() {
        #expect(Threads.count >= 1)
        #expect(Threads.defaultCount >= 1)
    }

    @Test func affinityListsAreCounted() {
        #expect(Threads.affinityCount(status: "Name:\tx\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n") == 2)
        #expect(Threads.affinityCount(status: "Cpus_allowed_list:\t1\n") == 1)
        #expect(Threads.affinityCount(status: "Cpus_allowed_list:\t0-3,6,8-9\nMems_allowed_list:\t0\n") == 7)
        #expect(Threads.affinityCount(status: "Cpus_allowed:\tff\n") == nil)
        #expect(Threads.affinityCount(status: "Cpus_allowed_list:\t3-1\n") == nil)
        #expect(Threads.affinityCount(status: "Cpus_allowed_list:\tx\n") == nil)
    }

    @Test func cgroupQuotasRoundUp() {
        #expect(Threads.quotaCount(cpuMax: "150000 100000\n") == 2)
        #expect(Threads.quotaCount(cpuMax: "100000 100000") == 1)
        #expect(Threads.quotaCount(cpuMax: "50000 100000") == 1)
        #expect(Threads.quotaCount(cpuMax: "max 100000\n") == nil)
        #expect(Threads.quotaCount(quota: -1, period: 100000) == nil)
        #expect(Threads.quotaCount(quota: 400000, period: 100000) == 4)
    }

    @Test func theSmallestLimitWins() {
        #expect(Threads.availableCPUs(online: 8, affinity: 2, quota: nil) == 2)
        #expect(Threads.availableCPUs(online: 8, affinity: 8, quota: 3) == 3)
        #expect(Threads.availableCPUs(online: 4, affinity: nil, quota: 16) == 4)
        #expect(Threads.availableCPUs(online: 0, affinity: nil, quota: nil) == 1)
    }
}
