import Foundation
import Synchronization

/// Means over a set of S x S faces of their `PeriodicEnergyShares` and of their amplitude
/// spectra |F(u, v)| (grey level, mean removed): what the spectral artefact figure reports for
/// the generated and for the real faces.
public struct SpectrumAverage: Sendable {
    /// The transform (and the side S).
    public let spectrum: GreySpectrum
    /// Faces added.
    public private(set) var count = 0
    /// Sums of the per-face shares.
    private var period2Sum = 0.0, period4Sum = 0.0
    /// Sum of |F|, S x S row-major (row u, column v).
    private var amplitudeSum: [Double]

    /// An empty average for faces of `side` x `side` pixels.
    /// - Throws: `EvaluationError.invalidParameter` unless `side` is even and at least 2.
    public init(side: Int) throws {
        spectrum = try GreySpectrum(side: side)
        amplitudeSum = [Double](repeating: 0, count: side * side)
    }

    /// Adds one face's power spectrum (`GreySpectrum.powerSpectrum`).
    public mutating func add(powerSpectrum power: [Double]) throws {
        let shares = try PeriodicEnergyShares(powerSpectrum: power, side: spectrum.side)
        period2Sum += shares.period2
        period4Sum += shares.period4 ?? 0
        for index in power.indices { amplitudeSum[index] += power[index].squareRoot() }
        count += 1
    }

    /// Adds one 8-bit RGB face, HWC, S x S.
    public mutating func add(rgb: [UInt8]) throws {
        try rgb.withUnsafeBufferPointer { try add(powerSpectrum: spectrum.powerSpectrum(rgb: $0)) }
    }

    /// Adds the faces of another average of the same side (sums merge exactly in the order given).
    public mutating func merge(_ other: SpectrumAverage) throws {
        guard other.spectrum.side == spectrum.side else {
            throw EvaluationError.imageShapesDiffer(first: "\(spectrum.side)x\(spectrum.side)",
                                                    second: "\(other.spectrum.side)x\(other.spectrum.side)")
        }
        count += other.count
        period2Sum += other.period2Sum
        period4Sum += other.period4Sum
        for index in amplitudeSum.indices { amplitudeSum[index] += other.amplitudeSum[index] }
    }

    /// The mean shares over the faces, nil before the first face.
    public var meanShares: PeriodicEnergyShares? {
        guard count > 0 else { return nil }
        let hasPeriod4 = !PeriodicEnergyShares.period4Frequencies(side: spectrum.side).isEmpty
        return PeriodicEnergyShares(period2: period2Sum / Double(count),
                                    period4: hasPeriod4 ? period4Sum / Double(count) : nil)
    }

    /// The mean amplitude spectrum, S x S row-major (row u, column v; zero frequency at (0, 0)).
    public var meanAmplitude: [Double] {
        let scale = count > 0 ? 1 / Double(count) : 0
        return amplitudeSum.map { $0 * scale }
    }

    /// `meanAmplitude` with the zero frequency moved to the centre, as numpy's `fftshift`:
    /// cell (u, v) goes to ((u + S/2) mod S, (v + S/2) mod S). Frequency S/2 (period 2) lands on
    /// the top row and the left column; S/4 and 3S/4 (period 4) halfway between centre and edges.
    public var centredMeanAmplitude: [Double] {
        let side = spectrum.side, half = side / 2
        let mean = meanAmplitude
        var shifted = [Double](repeating: 0, count: side * side)
        for u in 0..<side {
            for v in 0..<side { shifted[((u + half) % side) * side + (v + half) % side] = mean[u * side + v] }
        }
        return shifted
    }

    /// Faces per chunk of `measure`: the unit of work, fixed so the sums do not depend on threads.
    static let chunkSize = 64

    /// The average of `faces` (8-bit RGB, HWC, `side` x `side` each), spread over `threads`
    /// workers. The faces are cut into chunks of 64 whatever the thread count and the chunks'
    /// sums merged in order, so the result is the same for any `threads`.
    public static func measure(faces: [[UInt8]], side: Int, threads: Int = 2) throws -> SpectrumAverage {
        let empty = try SpectrumAverage(side: side)
        let chunks = (faces.count + chunkSize - 1) / chunkSize
        let results = Mutex<[Int: Result<SpectrumAverage, EvaluationError>]>([:])
        let workers = max(1, min(threads, chunks))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for chunk in stride(from: worker, to: chunks, by: workers) {
                var partial = empty
                let outcome: Result<SpectrumAverage, EvaluationError>
                do {
                    for index in (chunk * chunkSize)..<min(faces.count, (chunk + 1) * chunkSize) {
                        try partial.add(rgb: faces[index])
                    }
                    outcome = .success(partial)
                } catch let error as EvaluationError {
                    outcome = .failure(error)
                } catch {
                    outcome = .failure(.invalidParameter(name: "faces", value: "chunk \(chunk)", reason: "\(error)"))
                }
                results.withLock { $0[chunk] = outcome }
            }
        }
        let collected = results.withLock { $0 }
        var total = empty
        for chunk in 0..<chunks { try total.merge(collected[chunk]!.get()) }
        return total
    }
}
