import Foundation
import Evaluation
import Graphics

/// A small but complete report and its figures, shared by the report tests.
enum ReportFixtures {
    static func tally() throws -> (generated: AttributeAccuracyTally, real: AttributeAccuracyTally) {
        let groups = [(name: "hair color", values: ["blonde hair", "blue hair", "pink hair"]),
                      (name: "eye color", values: ["red eyes", "green eyes"])]
        var generated = AttributeAccuracyTally(groups: groups, binaryTags: ["glasses"])
        var real = generated
        // Generated: 4 faces.
        try generated.record(targetGroups: [0, 0], predictedGroups: [0, 0], targetBinary: [true], predictedBinary: [true])
        try generated.record(targetGroups: [1, 0], predictedGroups: [2, 0], targetBinary: [false], predictedBinary: [false])
        try generated.record(targetGroups: [1, 1], predictedGroups: [1, 1], targetBinary: [false], predictedBinary: [true])
        try generated.record(targetGroups: [2, 1], predictedGroups: [2, 1], targetBinary: [true], predictedBinary: [true])
        // Real: 2 faces.
        try real.record(targetGroups: [0, 1], predictedGroups: [0, 1], targetBinary: [false], predictedBinary: [false])
        try real.record(targetGroups: [2, 0], predictedGroups: [1, 0], targetBinary: [true], predictedBinary: [true])
        return (generated, real)
    }

    static func report() throws -> EvaluationReport {
        let (generated, real) = try tally()
        let diversity = DiversityReport(pairsPerClass: 100, classes: [
            ClassDiversity(attribute: "hair color", value: "blonde hair", generatedMSSSIM: 0.2718, realMSSSIM: 0.2001),
            ClassDiversity(attribute: "hair color", value: "blue hair", generatedMSSSIM: 0.1902, realMSSSIM: 0.2403),
            ClassDiversity(attribute: "hair color", value: "pink hair", generatedMSSSIM: 0.2222, realMSSSIM: nil),
        ])
        let reference = RealReferenceDistance(comparisonCount: 1800, referenceCount: 1700, frechetDistance: 4.1152,
                                              kernelDistance: .init(mean: 0.000432, standardDeviation: 0.000101,
                                                                    subsetSize: 1000, subsets: 100))
        let distances = FeatureDistanceReport(featureDimension: 256, generatedCount: 2000, realCount: 1800,
                                              featureScale: 1.7321, frechetDistance: 12.3456,
                                              kernelDistance: .init(mean: 0.012345, standardDeviation: 0.000678,
                                                                    subsetSize: 1000, subsets: 100),
                                              realReference: reference)
        let spectral = SpectralArtefactReport(side: 64, generatedCount: 2000, realCount: 1800,
                                              generated: PeriodicEnergyShares(period2: 0.04567, period4: 0.02345),
                                              real: PeriodicEnergyShares(period2: 0.00512, period4: 0.01876))
        let rows = (0..<3).map { row in
            MemorisationRow(generatedIndex: row * 10, tags: "blue hair <red> eyes",
                            pixelNeighbors: (0..<3).map { TrainingNeighbor(match: .init(index: 100 + $0, distance: Float(1234.5 + Double(row * 3 + $0))), name: "00\($0).png") },
                            featureNeighbors: (0..<3).map { TrainingNeighbor(match: .init(index: 200 + $0, distance: 0.5 + Float($0))) })
        }
        return EvaluationReport(title: "Evaluation of <step 5000> & friends", checkpoint: "runs/a/G-005000.safetensors",
                                classifier: "clf.safetensors", dataSet: "data/faces", seed: 42,
                                generatedCount: 2000, realCount: 1800, createdAt: "2026-11-26T16:30:00Z",
                                elapsedSeconds: 93.5, attributeAccuracy: generated.report(real: real),
                                diversity: diversity, featureDistances: distances, spectralArtefacts: spectral,
                                memorisation: MemorisationReport(trainingCount: 30000, rows: rows))
    }

    static func figures() -> ReportFigures {
        let faces = (0..<32).map { TestImages.blocks(width: 64, height: 64, seed: UInt64($0 + 1)) }
        let strip = (0..<8).map { TestImages.pattern(width: 64, height: 64, seed: UInt64($0)) }
        let png = { (image: TestImage) in TestPNG.encode(image) }
        return ReportFigures(
            sampleSheet: Figure(pngData: png(TestPNG.grid(faces, columns: 8)), caption: "Sample sheet: one row per hair colour"),
            interpolationStrip: Figure(pngData: png(TestPNG.grid(strip, columns: 8)), caption: "Interpolation"),
            spectra: Figure(pngData: png(TestPNG.grid(Array(strip[0..<2]), columns: 2)), caption: "Mean amplitude spectra"),
            memorisation: (0..<3).map { row in
                MemorisationImages(generated: png(faces[row]),
                                   pixelNeighbors: (0..<3).map { png(faces[8 + row * 3 + $0]) },
                                   featureNeighbors: (0..<3).map { png(strip[$0]) })
            })
    }
}
