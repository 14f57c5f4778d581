import CCairo

/// A cairo image surface and its drawing context, owned for the length of one drawing and
/// freed in `deinit`. Only `AvatarRenderer` uses it; no cairo type leaves this file's callers.
///
/// Coordinates are in design units: the canvas is 100 units wide and high whatever the pixel
/// size, so the avatar geometry is written once and scales to any `size`.
final class CairoCanvas {
    let pixelSize: Int
    private let surface: OpaquePointer
    let context: OpaquePointer

    /// A `pixelSize` x `pixelSize` canvas, or nil when cairo cannot allocate it.
    init?(pixelSize: Int) {
        guard pixelSize > 0,
              let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pixelSize), Int32(pixelSize)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { return nil }
        guard let context = cairo_create(surface), cairo_status(context) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        self.pixelSize = pixelSize
        self.surface = surface
        self.context = context
        cairo_scale(context, Double(pixelSize) / 100, Double(pixelSize) / 100)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    // MARK: State

    func save() { cairo_save(context) }
    func restore() { cairo_restore(context) }
    func translate(_ x: Double, _ y: Double) { cairo_translate(context, x, y) }
    func rotate(_ radians: Double) { cairo_rotate(context, radians) }
    func scale(_ x: Double, _ y: Double) { cairo_scale(context, x, y) }

    func setColor(_ color: AvatarColor, alpha: Double = 1) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha)
    }

    func setLineWidth(_ width: Double) { cairo_set_line_width(context, width) }

    /// A vertical linear gradient from `top` at `fromY` to `bottom` at `toY` as the source.
    func setVerticalGradient(fromY: Double, top: AvatarColor, toY: Double, bottom: AvatarColor) {
        guard let pattern = cairo_pattern_create_linear(0, fromY, 0, toY) else { return }
        cairo_pattern_add_color_stop_rgb(pattern, 0, top.red, top.green, top.blue)
        cairo_pattern_add_color_stop_rgb(pattern, 1, bottom.red, bottom.green, bottom.blue)
        cairo_set_source(context, pattern)
        cairo_pattern_destroy(pattern)
    }

    // MARK: Paths

    func move(_ x: Double, _ y: Double) { cairo_move_to(context, x, y) }
    func line(_ x: Double, _ y: Double) { cairo_line_to(context, x, y) }
    func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x: Double, _ y: Double) {
        cairo_curve_to(context, x1, y1, x2, y2, x, y)
    }
    /// A quadratic Bézier from the current point through control (cx, cy) to (x, y).
    func quad(_ cx: Double, _ cy: Double, _ x: Double, _ y: Double) {
        var startX = 0.0, startY = 0.0
        cairo_get_current_point(context, &startX, &startY)
        curve(startX + 2 / 3 * (cx - startX), startY + 2 / 3 * (cy - startY),
              x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y), x, y)
    }
    func close() { cairo_close_path(context) }
    func newPath() { cairo_new_path(context) }

    /// An ellipse centred at (cx, cy) with radii rx, ry, turned by `angle`, as a closed sub-path.
    func ellipse(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, angle: Double = 0) {
        cairo_save(context)
        cairo_translate(context, cx, cy)
        cairo_rotate(context, angle)
        cairo_scale(context, rx, ry)
        cairo_new_sub_path(context)
        cairo_arc(context, 0, 0, 1, 0, 2 * Double.pi)
        cairo_close_path(context)
        cairo_restore(context)
    }

    func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
        cairo_rectangle(context, x, y, width, height)
    }

    // MARK: Painting

    func fill() { cairo_fill(context) }
    func fillPreserve() { cairo_fill_preserve(context) }
    func stroke() { cairo_stroke(context) }
    func clip() { cairo_clip(context) }
    func paint() { cairo_paint(context) }

    /// Fills the current path with `fill`, then outlines it with `outline` at `width`.
    func fill(_ fill: AvatarColor, outline: AvatarColor, width: Double) {
        setColor(fill)
        fillPreserve()
        setColor(outline)
        setLineWidth(width)
        stroke()
    }

    // MARK: Output

    /// The pixels as tightly packed RGB bytes, row by row (HWC). cairo's RGB24 stores each
    /// pixel as a native-endian 32-bit word 0x00RRGGBB with rows `stride` bytes apart.
    func rgbBytes() -> [UInt8] {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            return [UInt8](repeating: 0, count: pixelSize * pixelSize * 3)
        }
        let size = pixelSize
        return [UInt8](unsafeUninitializedCapacity: size * size * 3) { buffer, count in
            for row in 0..<size {
                let words = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                for column in 0..<size {
                    let word = words[column]
                    let target = (row * size + column) * 3
                    buffer[target] = UInt8(truncatingIfNeeded: word >> 16)
                    buffer[target + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    buffer[target + 2] = UInt8(truncatingIfNeeded: word)
                }
            }
            count = size * size * 3
        }
    }
}
