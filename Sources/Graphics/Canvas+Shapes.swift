/// Shapes painted in one call, with their colour and width, for charts: each leaves the path
/// empty and, except for the colour and width it sets, the state as it was.
extension Canvas {
    /// A clip rectangle: left, top, width, height.
    public typealias ClipRectangle = (x: Double, y: Double, width: Double, height: Double)

    /// Fills a rectangle with `color`.
    public func fillRectangle(x: Double, y: Double, width: Double, height: Double, color: Color, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        rectangle(x, y, width, height)
        fill()
    }

    /// Outlines a rectangle with `color` (a 1-unit line on pixel edges needs x, y at n + 0.5).
    public func strokeRectangle(x: Double, y: Double, width: Double, height: Double, color: Color, lineWidth: Double) {
        setColor(color)
        setLineWidth(lineWidth)
        rectangle(x, y, width, height)
        stroke()
    }

    /// A straight line from `start` to `end`, solid or dashed 4 on, 4 off.
    public func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), color: Color,
                     lineWidth: Double, alpha: Double = 1, dashed: Bool = false) {
        setColor(color, alpha: alpha)
        setLineWidth(lineWidth)
        if dashed { setDash([4, 4]) }
        move(start.x, start.y)
        line(end.x, end.y)
        stroke()
        if dashed { setDash([]) }
    }

    /// A connected line through `points`, clipped to `clip`. The line is lifted where `points`
    /// holds nil or a non-finite coordinate (a gap in the data) and put down at the next point.
    public func polyline(_ points: [(x: Double, y: Double)?], color: Color, lineWidth: Double, alpha: Double = 1,
                         clip clipRectangle: ClipRectangle) {
        save()
        rectangle(clipRectangle.x, clipRectangle.y, clipRectangle.width, clipRectangle.height)
        clip()
        setColor(color, alpha: alpha)
        setLineWidth(lineWidth)
        var penDown = false
        for point in points {
            guard let (x, y) = point, x.isFinite, y.isFinite else { penDown = false; continue }
            if penDown { line(x, y) } else { move(x, y); penDown = true }
        }
        stroke()
        restore()
    }

    /// Filled circles of `radius` at `points` (markers), clipped to `clip`; points with a
    /// non-finite coordinate are left out.
    public func dots(_ points: [(x: Double, y: Double)], radius: Double, color: Color, clip clipRectangle: ClipRectangle) {
        save()
        rectangle(clipRectangle.x, clipRectangle.y, clipRectangle.width, clipRectangle.height)
        clip()
        setColor(color)
        for (x, y) in points where x.isFinite && y.isFinite {
            circle(x, y, radius: radius)
        }
        fill()
        restore()
    }
}
