import CCairo

/// A cairo RGB image surface and its drawing context, freed in `deinit`: the one place the
/// package calls cairo, and no cairo type leaves this target. Coordinates start as pixels with
/// y down; `scale` (say to a 100 x 100 design space) and `translate` change that.
///
/// Lines join and end round. Paths are built with `move`, `line`, `curve`, ... and painted with
/// `fill` or `stroke` in the current colour, as in cairo (and PostScript) itself; the shapes,
/// text and output are in the extensions `Canvas+Shapes`, `Canvas+Text` and `Canvas+Output`.
public final class Canvas {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    let surface: OpaquePointer
    let context: OpaquePointer

    /// A `width` x `height` canvas, black until painted, or nil when the size is not positive
    /// or beyond cairo's 32767 pixels, or cairo cannot allocate it.
    public init?(width: Int, height: Int) {
        guard (1...32767).contains(width), (1...32767).contains(height),
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

    // MARK: State

    /// Pushes the transformation, colour, line width, dash and clip; `restore` pops them.
    public func save() { cairo_save(context) }
    /// Pops what the matching `save` pushed.
    public func restore() { cairo_restore(context) }
    /// Moves the origin by (x, y) in current units.
    public func translate(_ x: Double, _ y: Double) { cairo_translate(context, x, y) }
    /// Turns the axes by `radians` (clockwise on screen, y being down).
    public func rotate(_ radians: Double) { cairo_rotate(context, radians) }
    /// Scales the axes, e.g. by `width / 100` for a 100-unit design space.
    public func scale(_ x: Double, _ y: Double) { cairo_scale(context, x, y) }

    /// Paints with `color` at opacity `alpha` from now on.
    public func setColor(_ color: Color, alpha: Double = 1) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha)
    }

    /// Strokes `width` units wide from now on.
    public func setLineWidth(_ width: Double) { cairo_set_line_width(context, width) }

    /// Strokes dashed: `pattern` alternates on and off lengths; an empty pattern draws solid.
    public func setDash(_ pattern: [Double]) {
        cairo_set_dash(context, pattern, Int32(pattern.count), 0)
    }

    /// Paints with a vertical linear gradient from `top` at `fromY` to `bottom` at `toY`.
    public func setVerticalGradient(fromY: Double, top: Color, toY: Double, bottom: Color) {
        guard let pattern = cairo_pattern_create_linear(0, fromY, 0, toY) else { return }
        cairo_pattern_add_color_stop_rgb(pattern, 0, top.red, top.green, top.blue)
        cairo_pattern_add_color_stop_rgb(pattern, 1, bottom.red, bottom.green, bottom.blue)
        cairo_set_source(context, pattern)
        cairo_pattern_destroy(pattern)
    }

    // MARK: Paths

    /// Starts a new sub-path at (x, y).
    public func move(_ x: Double, _ y: Double) { cairo_move_to(context, x, y) }
    /// A straight segment to (x, y).
    public func line(_ x: Double, _ y: Double) { cairo_line_to(context, x, y) }
    /// A cubic Bézier through controls (x1, y1) and (x2, y2) to (x, y).
    public func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x: Double, _ y: Double) {
        cairo_curve_to(context, x1, y1, x2, y2, x, y)
    }
    /// A quadratic Bézier from the current point through control (cx, cy) to (x, y), drawn as
    /// the cubic with controls 2/3 of the way to (cx, cy) (cairo has no quadratic segments).
    public func quad(_ cx: Double, _ cy: Double, _ x: Double, _ y: Double) {
        var startX = 0.0, startY = 0.0
        cairo_get_current_point(context, &startX, &startY)
        curve(startX + 2 / 3 * (cx - startX), startY + 2 / 3 * (cy - startY),
              x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y), x, y)
    }
    /// Closes the current sub-path with a segment back to its start.
    public func close() { cairo_close_path(context) }
    /// Forgets the current path.
    public func newPath() { cairo_new_path(context) }

    /// An ellipse centred at (cx, cy) with radii rx, ry, turned by `angle`, as a closed sub-path.
    public func ellipse(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, angle: Double = 0) {
        cairo_save(context)
        cairo_translate(context, cx, cy)
        cairo_rotate(context, angle)
        cairo_scale(context, rx, ry)
        cairo_new_sub_path(context)
        cairo_arc(context, 0, 0, 1, 0, 2 * Double.pi)
        cairo_close_path(context)
        cairo_restore(context)
    }

    /// A circle centred at (cx, cy) as a sub-path of its own.
    public func circle(_ cx: Double, _ cy: Double, radius: Double) {
        cairo_new_sub_path(context)
        cairo_arc(context, cx, cy, radius, 0, 2 * Double.pi)
    }

    /// A rectangle with its top-left corner at (x, y), as a closed sub-path.
    public func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
        cairo_rectangle(context, x, y, width, height)
    }

    // MARK: Painting

    /// Fills the path and forgets it.
    public func fill() { cairo_fill(context) }
    /// Fills the path and keeps it (to outline it next).
    public func fillPreserve() { cairo_fill_preserve(context) }
    /// Strokes the path and forgets it.
    public func stroke() { cairo_stroke(context) }
    /// Restricts painting to the inside of the path (until `restore`) and forgets the path.
    public func clip() { cairo_clip(context) }
    /// Paints the whole clip area.
    public func paint() { cairo_paint(context) }

    /// Fills the current path with `fill`, then outlines it with `outline` at `width`.
    public func fill(_ fill: Color, outline: Color, width: Double) {
        setColor(fill)
        fillPreserve()
        setColor(outline)
        setLineWidth(width)
        stroke()
    }
}
