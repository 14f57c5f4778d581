import Foundation
import Graphics

extension Evaluator {
    /// The spectral artefact figure of the generated faces against the real comparison faces,
    /// and the picture of their mean amplitude spectra; nil when the side is odd (no period-2
    /// frequency bin to measure).
    func spectralArtefacts(generated: GeneratedFaces, realIndices: [Int]) throws
        -> (report: SpectralArtefactReport, figure: Figure)? {
        let side = dataset.imageSize
        guard side % 2 == 0 else { return nil }
        let generatedAverage = try SpectrumAverage.measure(faces: generated.images.map(\.pixels), side: side,
                                                           threads: options.threads)
        let realAverage = try SpectrumAverage.measure(faces: realIndices.map { dataset.image(at: $0).pixels },
                                                      side: side, threads: options.threads)
        return (try SpectralArtefactReport(generated: generatedAverage, real: realAverage),
                try SpectrumAverage.amplitudeFigure(generated: generatedAverage, real: realAverage))
    }
}

extension SpectralArtefactReport {
    /// The progress line of one period, e.g. "period-2 share: generated 0.0123, real 0.0014,
    /// ratio 8.79 (target <= 1.5)"; nil when the period is not measured.
    public func progressLine(period: Int) -> String? {
        let values: (Double, Double, Double?)
        switch period {
        case 2: values = (generated.period2, real.period2, period2Ratio)
        case 4:
            guard let generatedShare = generated.period4, let realShare = real.period4 else { return nil }
            values = (generatedShare, realShare, period4Ratio)
        default: return nil
        }
        let ratio = values.2.map { String(format: "%.2f", $0) } ?? "undefined (real share 0)"
        return String(format: "period-%d energy share: generated %.5f, real %.5f, ratio ", period, values.0, values.1)
            + ratio + String(format: " (target <= %.1f)", ratioTarget)
    }
}
