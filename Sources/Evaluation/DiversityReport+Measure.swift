import Foundation
import Synchronization

/// The faces of one class value, grouped by the caller (by requested tag for generated faces, by
/// true tag for real ones), as 8-bit HWC buffers of one size.
public struct ClassImages: Sendable {
    /// The attribute ("hair color").
    public var attribute: String
    /// The value ("blonde hair").
    public var value: String
    /// Generated faces of this value.
    public var generated: [[UInt8]]
    /// Real faces of this value.
    public var real: [[UInt8]]

    /// One class value's faces.
    public init(attribute: String, value: String, generated: [[UInt8]], real: [[UInt8]]) {
        self.attribute = attribute
        self.value = value
        self.generated = generated
        self.real = real
    }
}

extension DiversityReport {
    /// Measures mean pairwise MS-SSIM per class value for generated and real faces, spread over
    /// `threads` workers. Class `k` draws its pairs with seed `seed + 2k` (generated) and
    /// `seed + 2k + 1` (real), so the result does not depend on the thread count.
    /// A class with fewer than two faces on one side gets nil there.
    public static func measure(classes: [ClassImages], width: Int, height: Int, channels: Int = 3,
                               pairsPerClass: Int = 100, seed: UInt64,
                               metric: MultiScaleSSIM = MultiScaleSSIM(), threads: Int = 2) throws -> DiversityReport {
        let results = Mutex<[Int: Result<(Double?, Double?), EvaluationError>]>([:])
        let jobs = classes.count
        let workers = max(1, min(threads, jobs))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: jobs, by: workers) {
                let entry = classes[index]
                func mean(_ images: [[UInt8]], offset: UInt64) throws -> Double? {
                    guard images.count >= 2 else { return nil }
                    return try metric.meanPairwiseMSSSIM(images: images, width: width, height: height,
                                                         channels: channels, pairs: pairsPerClass,
                                                         seed: seed &+ 2 &* UInt64(index) &+ offset)
                }
                let outcome: Result<(Double?, Double?), EvaluationError>
                do {
                    outcome = .success((try mean(entry.generated, offset: 0), try mean(entry.real, offset: 1)))
                } catch let error as EvaluationError {
                    outcome = .failure(error)
                } catch {
                    outcome = .failure(.invalidParameter(name: "images", value: entry.value, reason: "\(error)"))
                }
                results.withLock { $0[index] = outcome }
            }
        }
        let collected = results.withLock { $0 }
        var entries = [ClassDiversity]()
        for (index, entry) in classes.enumerated() {
            let (generated, real) = try collected[index]!.get()
            entries.append(ClassDiversity(attribute: entry.attribute, value: entry.value,
                                          generatedMSSSIM: generated, realMSSSIM: real))
        }
        return DiversityReport(pairsPerClass: pairsPerClass, classes: entries)
    }
}
