/// A small HTML writer that escapes all text. What it writes is also well-formed XML (void
/// elements closed, only XML entities), so tests can parse a page with `XMLParser`.
public struct HTMLBuilder: Sendable {
    /// The markup written so far.
    public private(set) var text = ""

    /// An empty page.
    public init() {}

    /// Appends `markup` as it is (tags, attributes the caller has escaped, newlines).
    public mutating func raw(_ markup: String) { text += markup }

    /// Appends `<name attributes>content</name>` with `content` escaped; `attributes` are
    /// written as given (`class="num"`), so any text in them must go through `escape`.
    public mutating func element(_ name: String, _ content: String, attributes: String = "") {
        text += "<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(Self.escape(content))</\(name)>"
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` as entities, safe in content and in quoted attributes.
    public static func escape(_ text: String) -> String {
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

    // MARK: The page

    /// Opens a page: doctype, head with `title` and the style sheet `css` inline, and the body's
    /// one `main` column. Nothing is fetched from the network.
    public mutating func beginPage(title: String, css: String) {
        raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
        element("title", title)
        raw("\n<style>\n\(css)</style>\n</head>\n<body>\n<main>\n")
    }

    /// Closes what `beginPage` opened.
    public mutating func endPage() {
        raw("</main>\n</body>\n</html>\n")
    }
}
