import Foundation
import Graphics

/// The sections of report.html, top to bottom.
extension ReportWriter {
    static func header(_ report: EvaluationReport, into page: inout HTMLBuilder) {
        page.raw("<header>\n")
        page.element("h1", report.title)
        page.raw("\n")
        var facts: [(name: String, value: String)] = [
            ("Checkpoint", report.checkpoint), ("Classifier", report.classifier), ("Data", report.dataSet),
            ("Seed", "\(report.seed)"), ("Generated faces", "\(report.generatedCount)"),
            ("Real faces", "\(report.realCount)"),
        ]
        if let createdAt = report.createdAt { facts.append(("Created", createdAt)) }
        if let elapsed = report.elapsedSeconds { facts.append(("Time", String(format: "%.1f s", elapsed))) }
        page.facts(facts)
        page.raw("</header>\n")
    }

    static func summary(_ report: EvaluationReport, into page: inout HTMLBuilder) {
        let accuracy = report.attributeAccuracy, diversity = report.diversity
        let generatedMean = mean(diversity.classes.compactMap(\.generatedMSSSIM))
        let realMean = mean(diversity.classes.compactMap(\.realMSSSIM))
        let cards: [(name: String, value: String, note: String)] = [
            ("Attribute accuracy", ReportFormat.percent(accuracy.generatedOverall),
             "generated; classifier on real faces: \(ReportFormat.percent(accuracy.realOverall))"),
            ("All attributes right", ReportFormat.percent(accuracy.generatedAllCorrect),
             "generated; real: \(ReportFormat.percent(accuracy.realAllCorrect))"),
            ("Mean MS-SSIM", ReportFormat.decimal(generatedMean, digits: 3),
             "generated; real: \(ReportFormat.decimal(realMean, digits: 3)) (lower = more diverse)"),
            ("MS-SSIM generated / real", ReportFormat.ratio(diversity.meanMSSSIMRatio),
             "mean over \(diversity.pairedClassCount) class values measured on both; target "
                + ReportFormat.decimal(1 - diversity.meanTolerance, digits: 2) + " to "
                + ReportFormat.decimal(1 + diversity.meanTolerance, digits: 2)),
            ("Less diverse than any real class", "\(diversity.generatedLessDiverseThanAnyRealClass)",
             "of \(diversity.classes.count) class values"),
            ("FID (classifier features)", ReportFormat.decimal(report.featureDistances.frechetDistance, digits: 3),
             "not comparable with Inception FID"),
            ("FID / real-vs-real FID", ReportFormat.ratio(report.featureDistances.frechetDistanceRatio),
             "real vs real: " + ReportFormat.decimal(report.featureDistances.realReference?.frechetDistance, digits: 3)
                + "; target ≤ " + ReportFormat.decimal(report.featureDistances.frechetRatioTarget, digits: 1)),
            ("KID (classifier features)", ReportFormat.decimal(report.featureDistances.kernelDistance.mean, digits: 5),
             "± " + ReportFormat.decimal(report.featureDistances.kernelDistance.standardDeviation, digits: 5)),
            ("Closest training face", ReportFormat.decimal(report.memorisation.closestPixelDistance.map(Double.init),
                                                           digits: 1),
             "pixel L2 over \(report.memorisation.rows.count) generated faces"),
        ] + spectralCards(report.spectralArtefacts)
        page.cards(cards)
    }

    static func samples(_ figures: ReportFigures, into page: inout HTMLBuilder) {
        let images = [figures.sampleSheet, figures.interpolationStrip].compactMap { $0 }
        guard !images.isEmpty else { return }
        page.raw("<section>\n")
        page.element("h2", "Samples")
        page.raw("\n")
        for image in images { page.figure(image) }
        page.raw("</section>\n")
    }

    /// Continuous attributes and learned codes: the Pearson r of requested and read-back values,
    /// what each code moves, and the sweep picture; nothing without them.
    static func continuous(_ report: EvaluationReport, figure: Figure?, into page: inout HTMLBuilder) {
        let attributes = report.continuousAttributes ?? [], codes = report.learnedCodes ?? []
        guard !attributes.isEmpty || !codes.isEmpty || figure != nil else { return }
        func r(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
        page.raw("<section>\n")
        page.element("h2", "Continuous attributes")
        if !attributes.isEmpty {
            page.element("p", "Each value asked for is drawn uniformly over the attribute's range; the classifier reads "
                + "the value back from the face. Pearson r of the two, over the generated faces (1 = the face shows "
                + "exactly the value asked for, up to scale).")
            page.raw("\n<table>\n<thead><tr><th>Attribute</th><th class=\"num\">Pearson r</th><th class=\"num\">n</th></tr></thead>\n<tbody>\n")
            for attribute in attributes {
                page.raw("<tr><td>" + HTMLBuilder.escape(attribute.name) + "</td><td class=\"num\">" + r(attribute.pearson)
                    + "</td><td class=\"num\">\(attribute.count)</td></tr>\n")
            }
            page.raw("</tbody>\n</table>\n")
        }
        if let first = codes.first {
            page.element("p", "Learned codes: the Pearson r of each code asked for (uniform in [-1, 1]) with each attribute "
                + "the classifier reads back. A code moves the attribute it correlates with most.")
            page.raw("\n<table>\n<thead><tr><th>Code</th>")
            for factor in first.correlations { page.raw("<th class=\"num\">" + HTMLBuilder.escape(factor.name) + "</th>") }
            page.raw("<th>Moves most</th></tr></thead>\n<tbody>\n")
            for code in codes {
                page.raw("<tr><td>" + HTMLBuilder.escape(code.code) + "</td>")
                for factor in code.correlations { page.raw("<td class=\"num\">" + r(factor.pearson) + "</td>") }
                page.raw("<td>" + HTMLBuilder.escape(code.strongest ?? "-") + "</td></tr>\n")
            }
            page.raw("</tbody>\n</table>\n")
        }
        if let figure { page.figure(figure) }
        page.raw("</section>\n")
    }

    static func accuracy(_ report: AttributeAccuracyReport, into page: inout HTMLBuilder) {
        page.raw("<section>\n")
        page.element("h2", "Attribute accuracy")
        page.element("p", "The attribute classifier (trained on real faces only) judges each generated face "
            + "against the tags it was generated from. Its accuracy on held-out real faces, against their "
            + "true tags, is the ceiling of what this measurement can show. Per value: the faces requested "
            + "with (or truly having) that value, and the share classified as such.")
        page.raw("\n<table class=\"accuracy\">\n<thead><tr><th>Attribute</th><th>Value</th>"
            + "<th class=\"num\">Generated</th><th class=\"bar-cell\"></th><th class=\"num\">n</th>"
            + "<th class=\"num\">Real (held out)</th><th class=\"num\">n</th></tr></thead>\n<tbody>\n")
        for attribute in report.attributes {
            row(attribute.attribute, "all", generated: attribute.generated, real: attribute.real,
                className: "attribute", into: &page)
            for value in attribute.values {
                row("", value.value, generated: value.generated, real: value.real, className: "", into: &page)
            }
        }
        row("Overall", "all predictions", generated: report.generatedOverall, real: report.realOverall,
            className: "overall", into: &page)
        row("", "every attribute right", generated: report.generatedAllCorrect, real: report.realAllCorrect,
            className: "overall", into: &page)
        page.raw("</tbody>\n</table>\n</section>\n")
    }

    private static func row(_ attribute: String, _ value: String, generated: Accuracy, real: Accuracy?,
                            className: String, into page: inout HTMLBuilder) {
        page.raw(className.isEmpty ? "<tr>" : "<tr class=\"\(className)\">")
        page.element("td", attribute)
        page.element("td", value)
        page.element("td", ReportFormat.percent(generated), attributes: "class=\"num\"")
        page.barCell(fraction: generated.fraction)
        page.element("td", ReportFormat.count(generated), attributes: "class=\"num muted\"")
        page.element("td", ReportFormat.percent(real), attributes: "class=\"num\"")
        page.element("td", ReportFormat.count(real), attributes: "class=\"num muted\"")
        page.raw("</tr>\n")
    }

    static func diversity(_ report: DiversityReport, into page: inout HTMLBuilder) {
        page.raw("<section>\n")
        page.element("h2", "Intra-class diversity (MS-SSIM)")
        page.element("p", "Mean MS-SSIM over \(report.pairsPerClass) random pairs of faces of each class value; "
            + "lower means more varied faces, 1 means identical. A generated class above the least diverse "
            + "real class (\(ReportFormat.decimal(report.leastDiverseRealMSSSIM, digits: 3))) is marked: "
            + "\(report.generatedLessDiverseThanAnyRealClass) of \(report.classes.count) class values. "
            + "Mean over the \(report.pairedClassCount) class values measured on both sides: generated "
            + "\(ReportFormat.decimal(report.generatedMeanMSSSIM, digits: 4)), real "
            + "\(ReportFormat.decimal(report.realMeanMSSSIM, digits: 4)), ratio "
            + "\(ReportFormat.ratio(report.meanMSSSIMRatio)) (target: within "
            + "\(Int((report.meanTolerance * 100).rounded()))% of real, "
            + "\(ReportFormat.decimal(1 - report.meanTolerance, digits: 2)) to "
            + "\(ReportFormat.decimal(1 + report.meanTolerance, digits: 2))).")
        page.raw("\n<table>\n<thead><tr><th>Attribute</th><th>Value</th><th class=\"num\">Generated</th>"
            + "<th class=\"num\">Real</th><th>Note</th></tr></thead>\n<tbody>\n")
        for entry in report.classes {
            let collapsed = report.leastDiverseRealMSSSIM.map { (entry.generatedMSSSIM ?? -1) > $0 } ?? false
            let aboveReal = entry.generatedMSSSIM.flatMap { generated in entry.realMSSSIM.map { generated > $0 } } ?? false
            page.raw(collapsed ? "<tr class=\"flag\">" : "<tr>")
            page.element("td", entry.attribute)
            page.element("td", entry.value)
            page.element("td", ReportFormat.decimal(entry.generatedMSSSIM), attributes: "class=\"num\"")
            page.element("td", ReportFormat.decimal(entry.realMSSSIM), attributes: "class=\"num\"")
            page.element("td", collapsed ? "less diverse than any real class"
                               : aboveReal ? "less diverse than real" : "")
            page.raw("</tr>\n")
        }
        page.raw("</tbody>\n</table>\n</section>\n")
    }

    static func featureDistances(_ report: FeatureDistanceReport, into page: inout HTMLBuilder) {
        page.raw("<section>\n")
        page.element("h2", "FID and KID on classifier features")
        page.element("p", FeatureDistanceReport.comparabilityNote, attributes: "class=\"note\"")
        page.raw("\n<table class=\"narrow\">\n<tbody>\n")
        func kidText(_ kid: KernelDistance.Result) -> String {
            ReportFormat.decimal(kid.mean, digits: 6) + " ± " + ReportFormat.decimal(kid.standardDeviation, digits: 6)
                + " (\(kid.subsets) subsets of \(kid.subsetSize))"
        }
        var rows: [(String, String)] = [
            ("Features", "\(report.featureSource), \(report.featureDimension) values, each divided by "
                + ReportFormat.decimal(report.featureScale, digits: 4) + " (the RMS of the real comparison features)"),
            ("Faces", "\(report.generatedCount) generated, \(report.realCount) real"),
            ("FID", ReportFormat.decimal(report.frechetDistance, digits: 4)),
            ("KID", kidText(report.kernelDistance)),
        ]
        if let reference = report.realReference {
            rows += [
                ("Real vs real", "\(reference.comparisonCount) real comparison faces against \(reference.referenceCount) "
                    + "other real faces of the data set (disjoint, drawn with the seed)"),
                ("FID real vs real", ReportFormat.decimal(reference.frechetDistance, digits: 4)),
                ("KID real vs real", kidText(reference.kernelDistance)),
                ("FID / real-vs-real FID", ReportFormat.ratio(report.frechetDistanceRatio) + " (target ≤ "
                    + ReportFormat.decimal(report.frechetRatioTarget, digits: 1) + ")"),
            ]
        } else {
            rows.append(("Real vs real", "not measured: the data set has fewer than 2 faces beside the compared ones"))
        }
        for (name, value) in rows {
            page.raw("<tr>")
            page.element("th", name)
            page.element("td", value)
            page.raw("</tr>\n")
        }
        page.raw("</tbody>\n</table>\n</section>\n")
    }

    static func memorisation(_ report: MemorisationReport, images: [MemorisationImages],
                             into page: inout HTMLBuilder) {
        page.raw("<section>\n")
        page.element("h2", "Memorisation check")
        page.element("p", "Each generated face beside its 3 nearest faces among the \(report.trainingCount) "
            + "training faces, by pixel L2 (8-bit units over all pixels and channels) and by L2 between "
            + "classifier features. A distance near 0 would mean a copied training face.")
        page.raw("\n<table class=\"memorisation\">\n<thead><tr><th>Generated</th><th colspan=\"3\">Nearest by pixels</th>"
            + "<th colspan=\"3\" class=\"group-start\">Nearest by features</th></tr></thead>\n<tbody>\n")
        for (rowIndex, row) in report.rows.enumerated() {
            let faces = rowIndex < images.count ? images[rowIndex] : nil
            page.raw("<tr>")
            face(faces?.generated, caption: "#\(row.generatedIndex)", detail: row.tags, className: "generated", into: &page)
            for (position, neighbor) in row.pixelNeighbors.prefix(3).enumerated() {
                face(faces?.pixelNeighbors[safe: position], caption: String(format: "%.1f", neighbor.distance),
                     detail: neighbor.name ?? "train #\(neighbor.index)", className: "", into: &page)
            }
            for _ in row.pixelNeighbors.count..<max(3, row.pixelNeighbors.count) { page.raw("<td></td>") }
            for (position, neighbor) in row.featureNeighbors.prefix(3).enumerated() {
                face(faces?.featureNeighbors[safe: position], caption: String(format: "%.3f", neighbor.distance),
                     detail: neighbor.name ?? "train #\(neighbor.index)", className: position == 0 ? "group-start" : "",
                     into: &page)
            }
            for _ in row.featureNeighbors.count..<max(3, row.featureNeighbors.count) { page.raw("<td></td>") }
            page.raw("</tr>\n")
        }
        page.raw("</tbody>\n</table>\n</section>\n")
    }

    private static func face(_ png: Data?, caption: String, detail: String, className: String,
                             into page: inout HTMLBuilder) {
        page.raw(className.isEmpty ? "<td class=\"face\">" : "<td class=\"face \(className)\">")
        if let png { page.image(png: png, alt: detail) }
        page.element("div", caption, attributes: "class=\"distance\"")
        page.element("div", detail, attributes: "class=\"detail\"")
        page.raw("</td>")
    }

    static func method(into page: inout HTMLBuilder) {
        page.raw("<footer>\n")
        page.element("h2", "How the numbers are computed")
        page.raw("\n<ul>\n")
        let items = [
            "MS-SSIM: 5 scales, weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333; Gaussian window of side "
                + "min(11, image side), sigma 1.5 × side / 11; K1 = 0.01, K2 = 0.03 on 8-bit values; 2×2 "
                + "average downsampling; per channel, then averaged; negative per-scale means clipped to 0 "
                + "(as in the progressive-GAN implementation).",
            "FID: every feature divided by the RMS of the real comparison features (the square root of the "
                + "mean of their squared values); Gaussians fitted to the features (unbiased covariance); "
                + "tr((S1 S2)^½) from symmetric eigendecompositions (LAPACK dsyevd) of S1^½ S2 S1^½. The "
                + "real-vs-real reference uses a second real set of the same size, disjoint from the first.",
            "KID: unbiased MMD² with kernel (x·y / d + 1)³ on the same divided features, mean and standard "
                + "deviation over random subsets.",
            "Spectral artefacts: grey level 0.299 R + 0.587 G + 0.114 B (0-255), mean removed, 2-D DFT "
                + "(separable, in Double); the energy |F(u,v)|² on row and column S/2 (period 2) and on rows "
                + "and columns S/4 and 3S/4 (period 4), each cell once, over the total energy, averaged "
                + "over the faces (a flat face counts 0).",
            "Nearest neighbours: exact L2 search over the whole training set.",
        ]
        for item in items { page.element("li", item); page.raw("\n") }
        page.raw("</ul>\n</footer>\n")
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
