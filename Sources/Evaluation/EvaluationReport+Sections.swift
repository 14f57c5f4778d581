/// Intra-class diversity: mean MS-SSIM over random pairs of faces of one class value, for
/// generated and for real faces. Higher means less diverse (1 = identical faces).
public struct DiversityReport: Codable, Sendable, Equatable {
    /// Pairs drawn per class value (100 in the ACGAN paper).
    public var pairsPerClass: Int
    /// One entry per class value that has at least two faces.
    public var classes: [ClassDiversity]
    /// The highest real mean MS-SSIM: the least diverse real class.
    public var leastDiverseRealMSSSIM: Double?
    /// How many class values' generated faces are less diverse (higher MS-SSIM) than the least
    /// diverse real class; the ACGAN paper's summary of mode collapse per class.
    public var generatedLessDiverseThanAnyRealClass: Int

    /// A report from per-class values; the two summaries are derived here.
    public init(pairsPerClass: Int, classes: [ClassDiversity]) {
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
public struct FeatureDistanceReport: Codable, Sendable, Equatable {
    /// Where the features come from, stated in the report.
    public var featureSource: String
    /// Feature length.
    public var featureDimension: Int
    /// Generated feature vectors used.
    public var generatedCount: Int
    /// Real feature vectors used.
    public var realCount: Int
    /// Fréchet distance between Gaussians fitted to the two feature sets.
    public var frechetDistance: Double
    /// Kernel distance (unbiased MMD^2, cubic kernel) mean and spread over subsets.
    public var kernelDistance: KernelDistance.Result

    /// The statement every FID/KID in this project carries.
    public static let comparabilityNote = "FID and KID here are computed on the attribute classifier's "
        + "penultimate-layer features, not on Inception-v3 features: compare them only with other "
        + "evaluations that used the same classifier, never with Inception-based FID/KID numbers."

    /// The section from its numbers.
    public init(featureSource: String = "attribute classifier, penultimate layer", featureDimension: Int,
                generatedCount: Int, realCount: Int, frechetDistance: Double,
                kernelDistance: KernelDistance.Result) {
        self.featureSource = featureSource
        self.featureDimension = featureDimension
        self.generatedCount = generatedCount
        self.realCount = realCount
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
