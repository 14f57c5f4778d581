/// The spectral artefact figure: does the generator print a periodic texture (the checkerboard
/// of transposed or sub-pixel convolutions) that real faces do not have? For each face the
/// grey level 0.299 R + 0.587 G + 0.114 B (0-255) has its mean removed and is transformed
/// (`GreySpectrum`); the shares of its energy on the period-2 and period-4 rows and columns
/// (`PeriodicEnergyShares`) are averaged over the generated and over the real comparison faces,
/// and their ratio generated / real is the figure. Issue 11 asks for a ratio of at most 1.5 for
/// each period; real faces have some energy there too, so 1 means "as clean as the data".
public struct SpectralArtefactReport: Codable, Sendable, Equatable {
    /// The bound on generated / real that issue 11 sets for each period.
    public static let standardRatioTarget = 1.5
    /// How the grey level is made, stated in the report.
    public static let greyLevelDefinition = "grey level 0.299 R + 0.587 G + 0.114 B on 8-bit values (0-255), "
        + "mean removed; 2-D DFT; energy |F(u,v)|^2"

    /// Side of the faces (S); period 2 is frequency S/2, period 4 frequencies S/4 and 3S/4.
    public var side: Int
    /// How the spectrum was computed.
    public var method: String
    /// Generated faces averaged.
    public var generatedCount: Int
    /// Real comparison faces averaged.
    public var realCount: Int
    /// Mean shares of the generated faces.
    public var generated: PeriodicEnergyShares
    /// Mean shares of the real faces.
    public var real: PeriodicEnergyShares
    /// generated.period2 / real.period2; nil when the real share is 0.
    public var period2Ratio: Double?
    /// generated.period4 / real.period4; nil when the real share is 0 or S is not a multiple of 4.
    public var period4Ratio: Double?
    /// The target: each ratio at most this.
    public var ratioTarget: Double

    /// A report from the two means; the ratios are derived here.
    public init(side: Int, generatedCount: Int, realCount: Int, generated: PeriodicEnergyShares,
                real: PeriodicEnergyShares, ratioTarget: Double = SpectralArtefactReport.standardRatioTarget) {
        self.side = side
        method = Self.greyLevelDefinition
        self.generatedCount = generatedCount
        self.realCount = realCount
        self.generated = generated
        self.real = real
        (period2Ratio, period4Ratio) = generated.ratios(to: real)
        self.ratioTarget = ratioTarget
    }

    /// The report of two measured sets.
    /// - Throws: `EvaluationError.tooFewSamples` when either set is empty,
    ///   `EvaluationError.imageShapesDiffer` when their sides differ.
    public init(generated: SpectrumAverage, real: SpectrumAverage) throws {
        guard generated.spectrum.side == real.spectrum.side else {
            throw EvaluationError.imageShapesDiffer(first: "\(generated.spectrum.side)x\(generated.spectrum.side)",
                                                    second: "\(real.spectrum.side)x\(real.spectrum.side)")
        }
        guard let generatedShares = generated.meanShares else {
            throw EvaluationError.tooFewSamples(name: "generated faces for the spectrum", count: 0, minimum: 1)
        }
        guard let realShares = real.meanShares else {
            throw EvaluationError.tooFewSamples(name: "real faces for the spectrum", count: 0, minimum: 1)
        }
        self.init(side: generated.spectrum.side, generatedCount: generated.count, realCount: real.count,
                  generated: generatedShares, real: realShares)
    }
}
