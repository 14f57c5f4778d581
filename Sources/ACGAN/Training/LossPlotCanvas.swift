import CCairo
import Imaging

/// A cairo RGB image surface with a drawing context, freed in `deinit`; only `LossPlot` uses
/// it, and no cairo type leaves this file. Coordinates are pixels, y down.
///
/// Text is drawn through a second, short-lived context on the same surface: cairo's toy text
/// API puts a context into a permanent error state when it cannot load a font (a machine with
/// no fonts at all), and every later call on that context silently does nothing. With text
/// on its own context, a missing font costs the labels, never the curves.
final class LossPlotCanvas {
    let width: Int
    let height: Int
    private let surface: OpaquePointer
    private let context: OpaquePointer

    /// A `width` x `height` canvas, or nil when cairo cannot allocate it.
    init?(width: Int, height: Int) {
        guard width > 0, height > 0,
              let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { return nil }
        guard let context = cairo_create(surface), cairo_status(context) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        self.width = width
        self.height = height
        self.surface = surface
        self.context = context
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    // MARK: Shapes

    func setColor(_ color: RGBColor, alpha: Double = 1) {
        cairo_set_source_rgba(context, Double(color.red) / 255, Double(color.green) / 255,
                              Double(color.blue) / 255, alpha)
    }

    func fillRectangle(x: Double, y: Double, width: Double, height: Double, color: RGBColor, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    func strokeRectangle(x: Double, y: Double, width: Double, height: Double, color: RGBColor, lineWidth: Double) {
        setColor(color)
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    func line(from start: (Double, Double), to end: (Double, Double), color: RGBColor,
              lineWidth: Double, alpha: Double = 1, dashed: Bool = false) {
        setColor(color, alpha: alpha)
        cairo_set_line_width(context, lineWidth)
        if dashed {
            var pattern: [Double] = [4, 4]
            cairo_set_dash(context, &pattern, 2, 0)
        }
        cairo_move_to(context, start.0, start.1)
        cairo_line_to(context, end.0, end.1)
        cairo_stroke(context)
        if dashed { cairo_set_dash(context, nil, 0, 0) }
    }

    /// A connected line through `points`, clipped to `clip` (x, y, width, height). Runs of
    /// points are split where `points` holds nil (a gap, e.g. non-finite values).
    func polyline(_ points: [(Double, Double)?], color: RGBColor, lineWidth: Double, alpha: Double,
                  clip: (Double, Double, Double, Double)) {
        cairo_save(context)
        cairo_rectangle(context, clip.0, clip.1, clip.2, clip.3)
        cairo_clip(context)
        setColor(color, alpha: alpha)
        cairo_set_line_width(context, lineWidth)
        var penDown = false
        for point in points {
            guard let (x, y) = point, x.isFinite, y.isFinite else { penDown = false; continue }
            if penDown { cairo_line_to(context, x, y) } else { cairo_move_to(context, x, y); penDown = true }
        }
        cairo_stroke(context)
        cairo_restore(context)
    }

    /// Filled circles of `radius` at `points` (markers for sparse series), clipped to `clip`.
    func dots(_ points: [(Double, Double)], radius: Double, color: RGBColor,
              clip: (Double, Double, Double, Double)) {
        cairo_save(context)
        cairo_rectangle(context, clip.0, clip.1, clip.2, clip.3)
        cairo_clip(context)
        setColor(color)
        for (x, y) in points where x.isFinite && y.isFinite {
            cairo_new_sub_path(context)
            cairo_arc(context, x, y, radius, 0, 2 * Double.pi)
        }
        cairo_fill(context)
        cairo_restore(context)
    }

    // MARK: Text

    /// Which point of the text lies at the given x: its left end, centre or right end.
    enum Anchor { case left, center, right }

    /// Draws `text` and returns its advance width (0 when no font could be loaded). `y` is
    /// the baseline, or with `middle` the vertical middle of digits (for tick labels).
    @discardableResult
    func text(_ text: String, x: Double, y: Double, size: Double, color: RGBColor,
              anchor: Anchor = .left, bold: Bool = false, middle: Bool = false) -> Double {
        guard !text.isEmpty, let context = cairo_create(surface) else { return 0 }
        defer { cairo_destroy(context) }
        cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
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
        cairo_set_source_rgb(context, Double(color.red) / 255, Double(color.green) / 255, Double(color.blue) / 255)
        cairo_move_to(context, (x - shift).rounded(), baseline.rounded())
        cairo_show_text(context, text)
        return cairo_status(context) == CAIRO_STATUS_SUCCESS ? extents.x_advance : 0
    }

    /// The advance width of `text` (0 when no font could be loaded).
    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        guard !text.isEmpty, let context = cairo_create(surface) else { return 0 }
        defer { cairo_destroy(context) }
        cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return cairo_status(context) == CAIRO_STATUS_SUCCESS ? extents.x_advance : 0
    }

    // MARK: Output

    /// The pixels as an image. RGB24 stores each pixel as a native-endian 32-bit word
    /// 0x00RRGGBB, rows `stride` bytes apart.
    func image() -> RGBImage {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            return RGBImage(width: width, height: height, fill: .white)
        }
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for row in 0..<height {
            let words = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width {
                let word = words[column], target = (row * width + column) * 3
                bytes[target] = UInt8(truncatingIfNeeded: word >> 16)
                bytes[target + 1] = UInt8(truncatingIfNeeded: word >> 8)
                bytes[target + 2] = UInt8(truncatingIfNeeded: word)
            }
        }
        return RGBImage(width: width, height: height, pixels: bytes)
    }
}
