import Foundation
import Graphics

/// The spectral artefact parts of report.html: two summary cards and a section with the table
/// and the mean amplitude spectra.
extension ReportWriter {
    static func spectralCards(_ report: SpectralArtefactReport?) -> [(name: String, value: String, note: String)] {
        guard let report else { return [] }
        let target = "target ≤ " + ReportFormat.decimal(report.ratioTarget, digits: 1)
        var cards: [(name: String, value: String, note: String)] = [("Checkerboard (period 2)", ReportFormat.ratio(report.period2Ratio),
                      "generated / real spectral energy share; \(target)")]
        if report.generated.period4 != nil {
            cards.append(("Period-4 texture", ReportFormat.ratio(report.period4Ratio),
                          "generated / real spectral energy share; \(target)"))
        }
        return cards
    }

    static func spectralArtefacts(_ report: SpectralArtefactReport?, figure: Figure?, into page: inout HTMLBuilder) {
        guard let report else { return }
        let side = report.side
        page.raw("<section>\n")
        page.element("h2", "Spectral artefacts (checkerboard)")
        page.element("p", "Share of each face's spectral energy on the frequencies where upsampling prints a "
            + "periodic texture: row and column \(side / 2) of \(side) (period 2, a 1-pixel checkerboard) and "
            + "rows and columns \(side / 4) and \(3 * side / 4) (period 4), each over the total energy, averaged "
            + "over \(report.generatedCount) generated and \(report.realCount) real faces (\(report.method)). "
            + "Real faces have some energy there too; the figure is the ratio generated / real, target at most "
            + ReportFormat.decimal(report.ratioTarget, digits: 1) + " for each period (issue 11).")
        page.raw("\n<table class=\"narrow\">\n<thead><tr><th>Period</th><th class=\"num\">Generated</th>"
            + "<th class=\"num\">Real</th><th class=\"num\">Generated / real</th><th class=\"num\">Target</th>"
            + "</tr></thead>\n<tbody>\n")
        let rows: [(String, Double?, Double?, Double?)] = [
            ("2 pixels", report.generated.period2, report.real.period2, report.period2Ratio),
            ("4 pixels", report.generated.period4, report.real.period4, report.period4Ratio),
        ]
        for (name, generated, real, ratio) in rows where generated != nil {
            let missed = ratio.map { $0 > report.ratioTarget } ?? false
            page.raw(missed ? "<tr class=\"flag\">" : "<tr>")
            page.element("td", name)
            page.element("td", ReportFormat.decimal(generated, digits: 5), attributes: "class=\"num\"")
            page.element("td", ReportFormat.decimal(real, digits: 5), attributes: "class=\"num\"")
            page.element("td", ReportFormat.ratio(ratio), attributes: "class=\"num\"")
            page.element("td", "≤ " + ReportFormat.decimal(report.ratioTarget, digits: 1), attributes: "class=\"num\"")
            page.raw("</tr>\n")
        }
        page.raw("</tbody>\n</table>\n")
        if let figure { page.figure(figure) }
        page.raw("</section>\n")
    }
}
