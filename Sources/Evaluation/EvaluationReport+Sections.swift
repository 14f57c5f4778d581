/// Intra-class diversity: mean MS-SSIM over random pairs of faces of one class value, for
/// generated and for real faces. Higher means less diverse (1 = identical faces).
public struct DiversityReport: Codable, Sendable, Equatable {
    /// How far the generated mean MS-SSIM may lie from the real one, as a fraction of the real
    /// one: issue 11 asks for "within 10% of real".
    public static let standardMeanTolerance = 0.10

    /// Pairs drawn per class value (100 in the ACGAN paper).
    public var pairsPerClass: Int
    /// One entry per class value that has at least two faces.
    public var classes: [ClassDiversity]
    /// The highest real mean MS-SSIM: the least diverse real class.
    public var leastDiverseRealMSSSIM: Double?
    /// How many class values' generated faces are less diverse (higher MS-SSIM) than the least
    /// diverse real class; the ACGAN paper's summary of mode collapse per class.
    public var generatedLessDiverseThanAnyRealClass: Int
    /// Class values measured on both sides (generated and real), over which the means are taken.
    public var pairedClassCount: Int
    /// Mean over the paired class values of the generated MS-SSIM; nil when none is paired.
    public var generatedMeanMSSSIM: Double?
    /// Mean over the same class values of the real MS-SSIM.
    public var realMeanMSSSIM: Double?
    /// generatedMeanMSSSIM / realMeanMSSSIM: above 1 is less diverse than the data.
    public var meanMSSSIMRatio: Double?
    /// The target: the ratio within 1 ± this.
    public var meanTolerance: Double

    /// A report from per-class values; the summaries are derived here.
    public init(pairsPerClass: Int, classes: [ClassDiversity],
                meanTolerance: Double = DiversityReport.standardMeanTolerance) {
        self.pairsPerClass = pairsPerClass
        self.classes = classes
        let realValues = classes.compactMap(\.realMSSSIM)
        let ceiling = realValues.max()
        leastDiverseRealMSSSIM = ceiling
        if let ceiling {
            generatedLessDiverseThanAnyRealClass = classes.filter { ($0.generatedMSSSIM ?? -1) > ceiling }.count
        } else {
            generatedLessDiverseThanAnyRealClass = 0
        }
        // Means over the same class values on both sides, so the ratio compares like with like.
        let paired = classes.compactMap { entry in
            entry.generatedMSSSIM.flatMap { generated in entry.realMSSSIM.map { (generated, $0) } }
        }
        pairedClassCount = paired.count
        if paired.isEmpty {
            generatedMeanMSSSIM = nil
            realMeanMSSSIM = nil
        } else {
            generatedMeanMSSSIM = paired.reduce(0) { $0 + $1.0 } / Double(paired.count)
            realMeanMSSSIM = paired.reduce(0) { $0 + $1.1 } / Double(paired.count)
        }
        if let generatedMeanMSSSIM, let realMeanMSSSIM, realMeanMSSSIM > 0 {
            meanMSSSIMRatio = generatedMeanMSSSIM / realMeanMSSSIM
        } else {
            meanMSSSIMRatio = nil
        }
        self.meanTolerance = meanTolerance
    }
}

/// Mean pairwise MS-SSIM of one class value.
public struct ClassDiversity: Codable, Sendable, Equatable {
    /// The attribute ("hair color").
    public var attribute: String
    /// The value ("blonde hair").
    public var value: String
    /// Mean MS-SSIM of generated faces of this value, nil if fewer than two.
    public var generatedMSSSIM: Double?
    /// Mean MS-SSIM of real faces of this value, nil if fewer than two.
    public var realMSSSIM: Double?

    /// One class value's diversity.
    public init(attribute: String, value: String, generatedMSSSIM: Double?, realMSSSIM: Double?) {
        self.attribute = attribute
        self.value = value
        self.generatedMSSSIM = generatedMSSSIM
        self.realMSSSIM = realMSSSIM
    }
}

/// FID and KID between generated and real faces on the attribute classifier's penultimate
/// features. Not Inception features: the numbers compare checkpoints of this project with each
/// other and can never be compared with FIDs published elsewhere.
///
/// Every feature vector (generated, real, reference) is first divided by one scalar, the RMS of
/// the real comparison set's feature values, so FID reads on a familiar scale whatever the
/// classifier's activation sizes. Beside it stands a real-vs-real reference: the same distances
/// between the real comparison faces and a second, disjoint set of real faces, the floor that
/// sampling alone puts under the number.
public struct FeatureDistanceReport: Codable, Sendable, Equatable {
    /// The bound issue 11 sets on FID(generated) / FID(real vs real).
    public static let standardFrechetRatioTarget = 2.0

    /// Where the features come from, stated in the report.
    public var featureSource: String
    /// Feature length.
    public var featureDimension: Int
    /// Generated feature vectors used.
    public var generatedCount: Int
    /// Real feature vectors used.
    public var realCount: Int
    /// The RMS of the real comparison set's feature values (sqrt of the mean of their squares);
    /// every feature was divided by it before FID and KID.
    public var featureScale: Double
    /// Fréchet distance between Gaussians fitted to the two feature sets.
    public var frechetDistance: Double
    /// Kernel distance (unbiased MMD^2, cubic kernel) mean and spread over subsets.
    public var kernelDistance: KernelDistance.Result
    /// FID and KID between the real comparison set and a disjoint real set; nil when the data
    /// set had fewer than two faces left beside the comparison set.
    public var realReference: RealReferenceDistance?
    /// frechetDistance / realReference.frechetDistance, when the reference is known and positive.
    public var frechetDistanceRatio: Double?
    /// The target: the ratio at most this.
    public var frechetRatioTarget: Double

    /// The statement every FID/KID in this project carries.
    public static let comparabilityNote = "FID and KID here are computed on the attribute classifier's "
        + "penultimate-layer features, not on Inception-v3 features: compare them only with other "
        + "evaluations that used the same classifier, never with Inception-based FID/KID numbers."

    /// The section from its numbers; the ratio is derived here.
    public init(featureSource: String = "attribute classifier, penultimate layer", featureDimension: Int,
                generatedCount: Int, realCount: Int, featureScale: Double, frechetDistance: Double,
                kernelDistance: KernelDistance.Result, realReference: RealReferenceDistance? = nil,
                frechetRatioTarget: Double = FeatureDistanceReport.standardFrechetRatioTarget) {
        self.featureSource = featureSource
        self.featureDimension = featureDimension
        self.generatedCount = generatedCount
        self.realCount = realCount
        self.featureScale = featureScale
        self.frechetDistance = frechetDistance
        self.kernelDistance = kernelDistance
        self.realReference = realReference
        if let reference = realReference?.frechetDistance, reference > 0 {
            frechetDistanceRatio = frechetDistance / reference
        } else {
            frechetDistanceRatio = nil
        }
        self.frechetRatioTarget = frechetRatioTarget
    }
}

/// FID and KID between two disjoint sets of real faces of the same data set (the real
/// comparison set and a second one drawn with the evaluation's seed), with the same feature
/// scale: what a perfect generator would score with this many faces.
public struct RealReferenceDistance: Codable, Sendable, Equatable {
    /// Faces in the real comparison set.
    public var comparisonCount: Int
    /// Faces in the second real set (the comparison set's size when the data set allows).
    public var referenceCount: Int
    /// FID between the two real sets.
    public var frechetDistance: Double
    /// KID between the two real sets.
    public var kernelDistance: KernelDistance.Result

    /// The reference from its numbers.
    public init(comparisonCount: Int, referenceCount: Int, frechetDistance: Double,
                kernelDistance: KernelDistance.Result) {
        self.comparisonCount = comparisonCount
        self.referenceCount = referenceCount
        self.frechetDistance = frechetDistance
        self.kernelDistance = kernelDistance
    }
}

/// The memorisation check: for some generated faces, their nearest training faces.
public struct MemorisationReport: Codable, Sendable, Equatable {
    /// Size of the training set searched.
    public var trainingCount: Int
    /// One row per generated face checked (16 in the evaluation).
    public var rows: [MemorisationRow]

    /// The section from its rows.
    public init(trainingCount: Int, rows: [MemorisationRow]) {
        self.trainingCount = trainingCount
        self.rows = rows
    }

    /// Smallest pixel distance over all rows: near 0 means a copied training face.
    public var closestPixelDistance: Float? { rows.compactMap { $0.pixelNeighbors.first?.distance }.min() }
}

/// One generated face and its nearest training faces.
public struct MemorisationRow: Codable, Sendable, Equatable {
    /// Index of the generated face among the evaluated samples.
    public var generatedIndex: Int
    /// The tags it was generated from, as text.
    public var tags: String
    /// Nearest training faces by pixel L2 (8-bit units over H x W x 3 values), closest first.
    public var pixelNeighbors: [TrainingNeighbor]
    /// Nearest training faces by L2 between classifier features, closest first.
    public var featureNeighbors: [TrainingNeighbor]

    /// One row.
    public init(generatedIndex: Int, tags: String, pixelNeighbors: [TrainingNeighbor],
                featureNeighbors: [TrainingNeighbor]) {
        self.generatedIndex = generatedIndex
        self.tags = tags
        self.pixelNeighbors = pixelNeighbors
        self.featureNeighbors = featureNeighbors
    }
}

/// A training face found near a generated one.
public struct TrainingNeighbor: Codable, Sendable, Equatable {
    /// Index in the training set.
    public var index: Int
    /// Its file name, when known.
    public var name: String?
    /// L2 distance to the generated face.
    public var distance: Float

    /// A neighbour; `match` comes from `NearestNeighbors`.
    public init(match: NearestNeighbors.Match, name: String? = nil) {
        index = match.index
        distance = match.distance
        self.name = name
    }
}
