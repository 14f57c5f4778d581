extension FeatureDistanceReport {
    /// sqrt of the mean of the squares of all values of a flattened feature matrix, in Double.
    public static func rootMeanSquare(_ features: [Float]) -> Double {
        guard !features.isEmpty else { return 0 }
        let sum = features.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(features.count)).squareRoot()
    }

    /// The RMS of the real features, checked: every feature is divided by it.
    /// - Throws: `EvaluationError.invalidParameter` when it is 0 or not finite.
    public static func featureScale(real: [Float]) throws -> Double {
        let scale = rootMeanSquare(real)
        guard scale > 0, scale.isFinite else {
            throw EvaluationError.invalidParameter(name: "RMS of the real features", value: "\(scale)",
                                                   reason: "every real feature is 0 (or not finite), so there is "
                                                       + "no scale to divide by; check the classifier file")
        }
        return scale
    }

    /// FID with every feature divided by the RMS of `real`'s values (`rootMeanSquare`), and
    /// that RMS. The Gaussians are fitted to the raw features and rescaled in Double
    /// (`FeatureStatistics.scaled(by:)`), so the result is unchanged when all features are
    /// multiplied by one constant.
    public static func normalisedFrechetDistance(generated: [Float], real: [Float], dimension: Int) throws
        -> (distance: Double, featureScale: Double) {
        let scale = try featureScale(real: real)
        let generatedStatistics = try FeatureStatistics(features: generated, dimension: dimension)
        let realStatistics = try FeatureStatistics(features: real, dimension: dimension)
        let distance = try FrechetDistance.distance(generatedStatistics.scaled(by: 1 / scale),
                                                    realStatistics.scaled(by: 1 / scale))
        return (distance, scale)
    }

    /// FID and KID between two feature sets (flattened N x D row-major), every feature divided
    /// by the RMS of `real`'s values; with `reference` (a second real set, disjoint from
    /// `real`, same scale) also the real-vs-real distances and the ratio.
    /// - Throws: `EvaluationError` for mismatched shapes, fewer than 2 vectors in a set, or real
    ///   features that are all 0.
    public static func measure(generated: [Float], real: [Float], reference: [Float]? = nil, dimension: Int,
                               kernelDistance: KernelDistance = KernelDistance(),
                               featureSource: String = "attribute classifier, penultimate layer") throws
        -> FeatureDistanceReport {
        let scale = try featureScale(real: real)
        let generatedStatistics = try FeatureStatistics(features: generated, dimension: dimension).scaled(by: 1 / scale)
        let realStatistics = try FeatureStatistics(features: real, dimension: dimension).scaled(by: 1 / scale)
        var realReference: RealReferenceDistance?
        if let reference {
            let referenceStatistics = try FeatureStatistics(features: reference, dimension: dimension)
                .scaled(by: 1 / scale)
            realReference = RealReferenceDistance(
                comparisonCount: realStatistics.count, referenceCount: referenceStatistics.count,
                frechetDistance: try FrechetDistance.distance(referenceStatistics, realStatistics),
                kernelDistance: try kernelDistance.distance(generated: reference, real: real, dimension: dimension,
                                                            scale: 1 / scale))
        }
        return FeatureDistanceReport(
            featureSource: featureSource, featureDimension: dimension,
            generatedCount: generatedStatistics.count, realCount: realStatistics.count, featureScale: scale,
            frechetDistance: try FrechetDistance.distance(generatedStatistics, realStatistics),
            kernelDistance: try kernelDistance.distance(generated: generated, real: real, dimension: dimension,
                                                        scale: 1 / scale),
            realReference: realReference)
    }
}
