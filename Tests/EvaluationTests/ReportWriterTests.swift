import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Evaluation

/// report.json round trip and report.html: well-formed, self-contained, showing the numbers.
@Suite struct ReportWriterTests {
    @Test func jsonRoundTripsAndCarriesFractions() throws {
        let report = try ReportFixtures.report()
        let data = try ReportWriter.json(report)
        #expect(try ReportWriter.report(fromJSON: data) == report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"fraction\" : 0.75"))
        #expect(text.contains("\"generatedLessDiverseThanAnyRealClass\" : 1"))
        #expect(!text.contains("base64"))
    }

    @Test func diversitySummaryIsDerived() throws {
        let diversity = try ReportFixtures.report().diversity
        #expect(diversity.leastDiverseRealMSSSIM == 0.2403)
        #expect(diversity.generatedLessDiverseThanAnyRealClass == 1)  // only blonde 0.2718 > 0.2403
    }

    @Test func htmlIsWellFormedAndSelfContained() throws {
        let html = ReportWriter.html(report: try ReportFixtures.report(), figures: ReportFixtures.figures())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let checker = MarkupChecker()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = checker
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        // Every image is inline; nothing is fetched.
        #expect(checker.images == 3 + 3 * 7)
        #expect(checker.externalReferences.isEmpty, "\(checker.externalReferences)")
        #expect(checker.elements.contains("table") && !checker.elements.contains("script"))
    }

    @Test func htmlShowsTheNumbersAndEscapesText() throws {
        let html = ReportWriter.html(report: try ReportFixtures.report(), figures: ReportFixtures.figures())
        for expected in ["75.0%", "3/4", "50.0%", "83.3%", "0.2718", "0.2403", "12.3456", "0.012345 ± 0.000678",
                         "100 subsets of 1000", "1234.5", "1240.5", "0.500", "train #200", "002.png",
                         "less diverse than any real class", "not comparable with Inception FID",
                         "penultimate-layer features, not on Inception-v3 features", "30000 training faces",
                         "Evaluation of &lt;step 5000&gt; &amp; friends", "blue hair &lt;red&gt; eyes",
                         // Features divided by the real RMS, the real-vs-real reference and the ratio.
                         "each divided by 1.7321", "4.1152", "0.000432 ± 0.000101", "1800 real comparison faces against 1700",
                         "3.00× (target ≤ 2.0)",
                         // Spectral shares, ratios 8.92 and 1.25, the target, the figure's caption.
                         "0.04567", "0.00512", "0.02345", "0.01876", "8.92×", "1.25×", "≤ 1.5", "Mean amplitude spectra",
                         // Diversity means over the two paired class values: (0.2718 + 0.1902) / 2 and (0.2001 + 0.2403) / 2.
                         "generated 0.2310, real 0.2202, ratio 1.05×", "within 10% of real"] {
            #expect(html.contains(expected), "missing \(expected)")
        }
        #expect(!html.contains("<step 5000>") && !html.contains("<red>"))
    }

    /// The page of the fixture report pinned byte for byte (taken before the HTML and CSS
    /// building blocks moved to Graphics): a change to the markup or the style sheet shows here.
    @Test func htmlIsPinned() throws {
        let html = ReportWriter.html(report: try ReportFixtures.report(), figures: ReportFixtures.figures())
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64-bit
        for byte in html.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        #expect(html.utf8.count == 1_054_373 && hash == 0xc5c0_2fcd_75e3_e72e, "\(html.utf8.count) bytes, 0x\(String(hash, radix: 16))")
    }

    @Test func writesBothFiles() throws {
        let directory: URL
        if let kept = ProcessInfo.processInfo.environment["EVALUATION_REPORT_DIR"] {
            directory = URL(fileURLWithPath: kept)  // to look at the page in a browser
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-test-\(UUID().uuidString)")
        }
        defer { if ProcessInfo.processInfo.environment["EVALUATION_REPORT_DIR"] == nil {
            try? FileManager.default.removeItem(at: directory) } }
        let report = try ReportFixtures.report()
        let urls = try ReportWriter.write(report, figures: ReportFixtures.figures(), to: directory)
        #expect(try ReportWriter.report(fromJSON: Data(contentsOf: urls.json)) == report)
        let html = try String(contentsOf: urls.html, encoding: .utf8)
        #expect(html.contains("12.3456"))
    }
}

/// Collects what the tests check while parsing the page as XML.
final class MarkupChecker: NSObject, XMLParserDelegate {
    var images = 0
    var elements = Set<String>()
    var externalReferences = [String]()

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.insert(elementName)
        if elementName == "img" { images += 1 }
        for key in ["src", "href"] {
            if let value = attributes[key], !value.hasPrefix("data:image/png;base64,") {
                externalReferences.append(value)
            }
        }
    }
}
