import Foundation

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
        page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
        page.element("title", report.title)
        page.raw("\n<style>\n\(ReportStyle.css)</style>\n</head>\n<body>\n<main>\n")
        header(report, into: &page)
        summary(report, into: &page)
        samples(figures, into: &page)
        accuracy(report.attributeAccuracy, into: &page)
        diversity(report.diversity, into: &page)
        featureDistances(report.featureDistances, into: &page)
        memorisation(report.memorisation, images: figures.memorisation, into: &page)
        method(into: &page)
        page.raw("</main>\n</body>\n</html>\n")
        return page.text
    }
}

/// Tiny HTML string builder that escapes all text.
struct HTMLBuilder {
    private(set) var text = ""

    mutating func raw(_ markup: String) { text += markup }

    mutating func element(_ name: String, _ content: String, attributes: String = "") {
        text += "<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(Self.escape(content))</\(name)>"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
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

    static func count(_ accuracy: Accuracy?) -> String {
        guard let accuracy else { return "" }
        return "\(accuracy.correct)/\(accuracy.total)"
    }
}
