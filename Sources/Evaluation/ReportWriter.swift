import Foundation
import Graphics

/// Writes an evaluation as `report.json` (numbers only) and `report.html` (numbers and images in
/// one self-contained file: styles inline, images as base64 PNG data URIs, no scripts, nothing
/// fetched from the network), so it can be mailed or archived next to the checkpoint.
public enum ReportWriter {
    /// File name of the JSON report.
    public static let jsonFileName = "report.json"
    /// File name of the HTML report.
    public static let htmlFileName = "report.html"

    /// The JSON encoding: pretty-printed with sorted keys, so two reports diff line by line.
    public static func json(_ report: EvaluationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf",
                                                                      negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(report)
    }

    /// Reads a report written by `json(_:)`.
    public static func report(fromJSON data: Data) throws -> EvaluationReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf",
                                                                        negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(EvaluationReport.self, from: data)
    }

    /// Writes `report.json` and `report.html` into `directory` (created if missing) and returns
    /// their URLs.
    @discardableResult
    public static func write(_ report: EvaluationReport, figures: ReportFigures,
                             to directory: URL) throws -> (json: URL, html: URL) {
        let jsonURL = directory.appendingPathComponent(jsonFileName)
        let htmlURL = directory.appendingPathComponent(htmlFileName)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw EvaluationError.writeFailed(path: directory.path, reason: "\(error.localizedDescription)")
        }
        let jsonData = try json(report)
        for (url, data) in [(jsonURL, jsonData), (htmlURL, Data(html(report: report, figures: figures).utf8))] {
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw EvaluationError.writeFailed(path: url.path, reason: "\(error.localizedDescription)")
            }
        }
        return (jsonURL, htmlURL)
    }

    /// The whole HTML page. It is also well-formed XML (void elements closed, only XML entities),
    /// which lets the tests parse it.
    public static func html(report: EvaluationReport, figures: ReportFigures) -> String {
        var page = HTMLBuilder()
        page.beginPage(title: report.title, css: css)
        header(report, into: &page)
        summary(report, into: &page)
        samples(figures, into: &page)
        accuracy(report.attributeAccuracy, into: &page)
        continuous(report, figure: figures.continuousSweep, into: &page)
        diversity(report.diversity, into: &page)
        featureDistances(report.featureDistances, into: &page)
        spectralArtefacts(report.spectralArtefacts, figure: figures.spectra, into: &page)
        memorisation(report.memorisation, images: figures.memorisation, into: &page)
        method(into: &page)
        page.endPage()
        return page.text
    }

    /// Graphics' report style sheet with the rules of the memorisation table: faces in a row,
    /// the generated one tinted, distances and names under each.
    static let css = ReportStyle.css(pageRules: """
        table.memorisation td.face { text-align: center; padding: 6px; width: 12%; }
        table.memorisation td.generated { background: #eef3ff; }
        table.memorisation img { width: 96px; height: 96px; image-rendering: pixelated; border-radius: 4px; }
        table.memorisation .group-start { border-left: 2px solid var(--line); }
        .distance { font-variant-numeric: tabular-nums; font-weight: 600; font-size: 13px; }
        .detail { color: var(--muted); font-size: 11px; max-width: 120px; margin: 0 auto; overflow-wrap: anywhere; }

        """)
}

/// Number formats used on the page.
enum ReportFormat {
    static func percent(_ accuracy: Accuracy?) -> String {
        guard let fraction = accuracy?.fraction else { return "–" }
        return String(format: "%.1f%%", fraction * 100)
    }

    static func decimal(_ value: Double?, digits: Int = 4) -> String {
        guard let value else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// A ratio such as "8.79×", or "–" when undefined.
    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.2f×", value)
    }

    static func count(_ accuracy: Accuracy?) -> String {
        guard let accuracy else { return "" }
        return "\(accuracy.correct)/\(accuracy.total)"
    }
}
