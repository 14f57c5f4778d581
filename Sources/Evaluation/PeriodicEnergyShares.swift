/// How much of a face's grey-level spectrum (mean removed) sits on the frequencies where
/// upsampling leaves its marks: the share of the energy |F(u, v)|^2 on the rows and columns of
/// period 2 (u or v = S/2: a 1-pixel checkerboard or 1-pixel stripes) and of period 4 (u or v
/// in {S/4, 3S/4}: what two PixelShuffle stages of a 64-pixel generator print). Each cell is
/// counted once, where a row and a column cross too. Both shares are scale-free and do not
/// change when a constant is added to the face; a face with no energy (flat) has shares 0.
public struct PeriodicEnergyShares: Codable, Sendable, Equatable {
    /// Energy on row S/2 and column S/2 over the total.
    public var period2: Double
    /// Energy on rows S/4 and 3S/4 and columns S/4 and 3S/4 over the total; nil when S is not
    /// a multiple of 4 (there is no period-4 frequency bin).
    public var period4: Double?

    /// Shares given directly (a mean over faces, or an earlier report's).
    public init(period2: Double, period4: Double?) {
        self.period2 = period2
        self.period4 = period4
    }

    /// The shares of one power spectrum, S x S row-major (row u, column v), S even.
    /// - Throws: `EvaluationError.invalidParameter` for an odd side,
    ///   `EvaluationError.featureSizeMismatch` unless the spectrum has S x S values.
    public init(powerSpectrum power: [Double], side: Int) throws {
        guard side >= 2, side % 2 == 0 else {
            throw EvaluationError.invalidParameter(name: "spectrum side", value: "\(side)", reason: "must be even and at least 2")
        }
        guard power.count == side * side else {
            throw EvaluationError.featureSizeMismatch(name: "power spectrum", count: power.count, dimension: side * side)
        }
        let half = side / 2
        let quarters = Self.period4Frequencies(side: side)
        var total = 0.0, onPeriod2 = 0.0, onPeriod4 = 0.0
        for u in 0..<side {
            for v in 0..<side {
                let energy = power[u * side + v]
                total += energy
                if u == half || v == half { onPeriod2 += energy }
                if quarters.contains(u) || quarters.contains(v) { onPeriod4 += energy }
            }
        }
        period2 = total > 0 ? onPeriod2 / total : 0
        period4 = quarters.isEmpty ? nil : (total > 0 ? onPeriod4 / total : 0)
    }

    /// The period-4 frequencies S/4 and 3S/4, or none when 4 does not divide S.
    public static func period4Frequencies(side: Int) -> [Int] {
        side % 4 == 0 ? [side / 4, 3 * side / 4] : []
    }

    /// `self` over `reference`, share by share: nil where the reference share is 0 or missing.
    public func ratios(to reference: PeriodicEnergyShares) -> (period2: Double?, period4: Double?) {
        func ratio(_ value: Double?, _ base: Double?) -> Double? {
            guard let value, let base, base > 0 else { return nil }
            return value / base
        }
        return (ratio(period2, reference.period2), ratio(period4, reference.period4))
    }
}
