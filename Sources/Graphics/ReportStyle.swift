/// The style sheet of report pages, inlined into each page: system fonts, readable widths,
/// numbers in tabular figures, images shown without smoothing. It styles the components of
/// `HTMLBuilder+Components` (facts, cards, figures, bars) and plain sections, tables, notes and
/// a footer; a page adds rules for its own tables with `css(pageRules:)`.
public enum ReportStyle {
    /// The whole sheet, with `pageRules` (one rule a line, each line ending in a newline) after
    /// the components' rules and before the footer's.
    public static func css(pageRules: String = "") -> String {
        components + pageRules + footer
    }

    static let components = """
        :root { --ink: #1d2330; --muted: #6b7385; --line: #e3e6ee; --accent: #3b6fd8; --flag: #fff1e6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: var(--ink); background: #f6f7fb; }
        main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 48px; }
        h1 { font-size: 28px; margin: 0 0 12px; }
        h2 { font-size: 20px; margin: 0 0 8px; }
        section, header, footer { background: #fff; border: 1px solid var(--line); border-radius: 10px;
               padding: 20px 24px; margin: 0 0 20px; }
        .facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; }
        .facts dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        .facts dd { margin: 0; font-weight: 600; word-break: break-all; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px;
               background: none; border: none; padding: 0; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
        .card-name { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        .card-value { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
        .card-note { font-size: 12px; color: var(--muted); }
        p { margin: 0 0 12px; max-width: 80ch; }
        p.note { background: #eef3ff; border-left: 4px solid var(--accent); padding: 8px 12px; }
        table { border-collapse: collapse; width: 100%; }
        table.narrow { width: auto; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
        thead th { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .muted { color: var(--muted); font-size: 13px; }
        tr.attribute td { font-weight: 700; border-top: 2px solid var(--line); }
        tr.overall td { font-weight: 700; background: #f3f5fa; }
        tr.flag td { background: var(--flag); }
        .bar-cell { width: 140px; }
        .bar { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; }
        .bar div { height: 100%; background: var(--accent); }
        figure { margin: 0 0 16px; }
        img.sheet { max-width: 100%; image-rendering: pixelated; border-radius: 4px; }
        figcaption { color: var(--muted); font-size: 13px; }

        """

    static let footer = """
        footer ul { margin: 0; padding-left: 20px; color: var(--muted); font-size: 13px; }

        """
}
