import CCairo

/// Text in the system's "sans-serif" face (fontconfig chooses it, so glyphs differ between
/// machines with other fonts), drawn in pixel coordinates whatever the canvas's transformation.
///
/// Text is drawn through a second, short-lived context on the same surface: cairo's toy text
/// API puts a context into a permanent error state when it cannot load a font (a machine with
/// no fonts at all), and every later call on that context silently does nothing. With text on
/// its own context, a missing font costs the labels, never the shapes.
extension Canvas {
    /// Which point of the text lies at the given x: its left end, centre or right end.
    public enum Anchor: Sendable { case left, center, right }

    /// Draws `text` and returns its advance width (0 when no font could be loaded). `y` is the
    /// baseline, or with `middle` the vertical middle of digits (for tick labels). The start is
    /// rounded to whole pixels, so glyphs look alike wherever they are placed.
    @discardableResult
    public func text(_ text: String, x: Double, y: Double, size: Double, color: Color,
                     anchor: Anchor = .left, bold: Bool = false, middle: Bool = false) -> Double {
        guard !text.isEmpty, let context = cairo_create(surface) else { return 0 }
        defer { cairo_destroy(context) }
        selectFont(on: context, size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        guard cairo_status(context) == CAIRO_STATUS_SUCCESS else { return 0 }
        let shift: Double = switch anchor {
        case .left: 0
        case .center: extents.x_advance / 2
        case .right: extents.x_advance
        }
        // Digits sit about 0.36 em above the baseline at their middle.
        let baseline = middle ? y + 0.36 * size : y
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_move_to(context, (x - shift).rounded(), baseline.rounded())
        cairo_show_text(context, text)
        return cairo_status(context) == CAIRO_STATUS_SUCCESS ? extents.x_advance : 0
    }

    /// The advance width of `text` in pixels (0 when no font could be loaded).
    public func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        guard !text.isEmpty, let context = cairo_create(surface) else { return 0 }
        defer { cairo_destroy(context) }
        selectFont(on: context, size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return cairo_status(context) == CAIRO_STATUS_SUCCESS ? extents.x_advance : 0
    }

    private func selectFont(on context: OpaquePointer, size: Double, bold: Bool) {
        cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }
}
