#if canImport(Glibc)
import Glibc
#endif
import Kernels
import Synchronization
import Testing

/// `SecondLane`: each step's two lanes finish before the next step starts, lane 0 runs on the
/// caller, and with the process's fan-out taken by someone else both lanes run on the caller.
@Suite struct SecondLaneTests {
    /// A chain of steps where each lane's half depends on both halves of the step before: a
    /// lane that started early or finished late reads or leaves a stale half, and the result
    /// differs from the same steps run one after another.
    final class Chain: TwoLaneWork, @unchecked Sendable {
        // Raw buffers: the two lanes write them at the same time (disjoint elements), which
        // Swift's exclusivity checks forbid for arrays in a class.
        let half: Int, steps: Int
        let buffers: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)
        let caller = pthread_self()
        /// Per step, whether lane 0 ran on the caller's thread, and whether lane 1 did.
        let laneZeroOnCaller: UnsafeMutablePointer<Bool>, laneOneOnCaller: UnsafeMutablePointer<Bool>

        init(half: Int, steps: Int) {
            self.half = half
            self.steps = steps
            buffers = (.allocate(capacity: 2 * half), .allocate(capacity: 2 * half))
            for i in 0..<(2 * half) { buffers.0[i] = Double(i) }
            buffers.1.initialize(repeating: 0, count: 2 * half)
            laneZeroOnCaller = .allocate(capacity: steps)
            laneZeroOnCaller.initialize(repeating: false, count: steps)
            laneOneOnCaller = .allocate(capacity: steps)
            laneOneOnCaller.initialize(repeating: false, count: steps)
        }

        deinit {
            buffers.0.deallocate()
            buffers.1.deallocate()
            laneZeroOnCaller.deallocate()
            laneOneOnCaller.deallocate()
        }

        func runLane(_ lane: Int, step: Int) {
            let (previous, next) = step % 2 == 0 ? buffers : (buffers.1, buffers.0)
            (lane == 0 ? laneZeroOnCaller : laneOneOnCaller)[step] = pthread_equal(pthread_self(), caller) != 0
            for i in lane * half ..< (lane + 1) * half {
                let partner = previous[(i + half + step) % (2 * half)]
                next[i] = (previous[i] * 0.5 + partner * 0.25 + Double(step % 7)).truncatingRemainder(dividingBy: 1000)
            }
        }

        var result: [Double] { Array(UnsafeBufferPointer(start: steps % 2 == 0 ? buffers.0 : buffers.1, count: 2 * half)) }
        func all(_ flags: UnsafeMutablePointer<Bool>) -> Bool { (0..<steps).allSatisfy { flags[$0] } }

        /// The same steps, one lane after the other, on this thread.
        static func expected(half: Int, steps: Int) -> [Double] {
            let chain = Chain(half: half, steps: steps)
            for step in 0..<steps {
                chain.runLane(0, step: step)
                chain.runLane(1, step: step)
            }
            return chain.result
        }
    }

    @Test func stepsRunInOrderWithBothLanesDone() {
        let (half, steps) = (64, 5_000)
        let chain = Chain(half: half, steps: steps)
        SecondLane.shared.run(chain, steps: steps)
        #expect(chain.result == Chain.expected(half: half, steps: steps))
        #expect(chain.all(chain.laneZeroOnCaller))
    }

    /// Inside another fan-out (here `Threads.inline`, which holds it), nothing is handed over.
    @Test func anotherFanOutKeepsBothLanesOnTheCaller() {
        let (half, steps) = (8, 200)
        let chain = Chain(half: half, steps: steps)
        Threads.inline { SecondLane.shared.run(chain, steps: steps) }
        #expect(chain.result == Chain.expected(half: half, steps: steps))
        #expect(chain.all(chain.laneZeroOnCaller) && chain.all(chain.laneOneOnCaller))
    }
}
