import Foundation
import Graphics
import Testing

/// The HTML writer escapes every text it is given, and its components write the markup the
/// report style sheet expects.
@Suite struct HTMLBuilderTests {
    @Test func escapeTurnsMarkupCharactersIntoEntities() {
        #expect(HTMLBuilder.escape(#"<a href="x">Tom & Jerry's</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(HTMLBuilder.escape("&amp;") == "&amp;amp;")   // escaped once more, never decoded
        #expect(HTMLBuilder.escape("plain ± 1, é, 顔") == "plain ± 1, é, 顔")
        #expect(HTMLBuilder.escape("") == "")
    }

    @Test func elementsEscapeTheirContentButNotTheirAttributes() {
        var page = HTMLBuilder()
        page.element("td", "3 < 4 & \"so\"", attributes: "class=\"num\"")
        page.raw("<br />")
        page.element("p", "it's")
        #expect(page.text == "<td class=\"num\">3 &lt; 4 &amp; &quot;so&quot;</td><br /><p>it&#39;s</p>")
    }

    @Test func aPageHasItsTitleEscapedAndItsStyleInline() {
        var page = HTMLBuilder()
        page.beginPage(title: "A <b> & C", css: "p { margin: 0; }\n")
        page.element("h1", "x")
        page.endPage()
        #expect(page.text == """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>A &lt;b&gt; &amp; C</title>
            <style>
            p { margin: 0; }
            </style>
            </head>
            <body>
            <main>
            <h1>x</h1></main>
            </body>
            </html>

            """)
    }

    @Test func componentsWriteTheMarkupTheStyleSheetStyles() {
        var page = HTMLBuilder()
        page.facts([(name: "Seed", value: "42"), (name: "Data", value: "a<b")])
        #expect(page.text == "<dl class=\"facts\">\n<div><dt>Seed</dt><dd>42</dd></div>\n"
                + "<div><dt>Data</dt><dd>a&lt;b</dd></div>\n</dl>\n")
        page = HTMLBuilder()
        page.cards([(name: "Speed", value: "12.3", note: "higher & better")])
        #expect(page.text == "<section class=\"cards\">\n<div class=\"card\"><div class=\"card-name\">Speed</div>"
                + "<div class=\"card-value\">12.3</div><div class=\"card-note\">higher &amp; better</div></div>\n</section>\n")
        page = HTMLBuilder()
        page.barCell(fraction: 0.756)   // 75.6% rounds to 76
        page.barCell(fraction: nil)
        page.barCell(fraction: .nan)
        page.barCell(fraction: 3)
        #expect(page.text == ["76", "0", "0", "100"].map {
            "<td class=\"bar-cell\"><div class=\"bar\"><div style=\"width:\($0)%\"></div></div></td>"
        }.joined())
    }

    @Test func imagesAreInlineWithEscapedAltText() {
        let png = Data([0x89, 0x50, 0x4E, 0x47])
        var page = HTMLBuilder()
        page.image(png: png, alt: "\"quoted\" <tags>")
        #expect(page.text == "<img src=\"data:image/png;base64,iVBORw==\" alt=\"&quot;quoted&quot; &lt;tags&gt;\" />")
        page = HTMLBuilder()
        page.figure(Figure(pngData: png, caption: "Rows: a & b"))
        #expect(page.text == "<figure><img class=\"sheet\" src=\"data:image/png;base64,iVBORw==\" "
                + "alt=\"Rows: a &amp; b\" /><figcaption>Rows: a &amp; b</figcaption></figure>\n")
    }

    @Test func pageRulesGoBetweenTheComponentsAndTheFooter() throws {
        let plain = ReportStyle.css()
        let extended = ReportStyle.css(pageRules: "table.mine td { color: red; }\n")
        #expect(plain.hasPrefix(":root {") && plain.hasSuffix("font-size: 13px; }\n"))
        let footer = try #require(plain.range(of: "footer ul {"))
        #expect(extended == plain[..<footer.lowerBound] + "table.mine td { color: red; }\n" + plain[footer.lowerBound...])
        // Every class the components write is styled.
        for selector in [".facts", ".cards", ".card-name", ".card-value", ".card-note", ".bar-cell", ".bar", "img.sheet",
                         "figcaption"] {
            #expect(plain.contains(selector + " "), "\(selector)")
        }
    }
}
