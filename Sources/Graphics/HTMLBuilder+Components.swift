import Foundation

/// The building blocks of a report page, styled by `ReportStyle`: facts, cards, figures,
/// inline images and bar cells.
extension HTMLBuilder {
    /// Name-value pairs in one wrapping row (`dl.facts`).
    public mutating func facts(_ facts: [(name: String, value: String)]) {
        raw("<dl class=\"facts\">\n")
        for (name, value) in facts {
            raw("<div>")
            element("dt", name)
            element("dd", value)
            raw("</div>\n")
        }
        raw("</dl>\n")
    }

    /// A grid of cards, each a big value with its name above and a note below (`section.cards`).
    public mutating func cards(_ cards: [(name: String, value: String, note: String)]) {
        raw("<section class=\"cards\">\n")
        for (name, value, note) in cards {
            raw("<div class=\"card\">")
            element("div", name, attributes: "class=\"card-name\"")
            element("div", value, attributes: "class=\"card-value\"")
            element("div", note, attributes: "class=\"card-note\"")
            raw("</div>\n")
        }
        raw("</section>\n")
    }

    /// A figure: its image (class `sheet`: full width, pixels unsmoothed) over its caption.
    public mutating func figure(_ figure: Figure) {
        raw("<figure>")
        image(png: figure.pngData, alt: figure.caption, className: "sheet")
        element("figcaption", figure.caption)
        raw("</figure>\n")
    }

    /// An inline PNG image; `alt` is escaped.
    public mutating func image(png: Data, alt: String, className: String? = nil) {
        let classAttribute = className.map { "class=\"\(Self.escape($0))\" " } ?? ""
        raw("<img \(classAttribute)src=\"\(Figure.dataURI(png: png))\" alt=\"\(Self.escape(alt))\" />")
    }

    /// A table cell holding a horizontal bar filled to `fraction` (0...1; nil or NaN draws it empty).
    public mutating func barCell(fraction: Double?) {
        let filled = fraction.map { $0.isNaN ? 0 : min(max($0, 0), 1) } ?? 0
        let percent = Int((filled * 100).rounded())
        raw("<td class=\"bar-cell\"><div class=\"bar\"><div style=\"width:\(percent)%\"></div></div></td>")
    }
}
