import Foundation

/// Painting a `Plot`, back to front: grids, reference lines, faint raw values, smoothed curves,
/// frames, axes' labels, legends, title.
extension Plot {
    static let ink = Color(51, 51, 51)
    static let muted = Color(120, 120, 120)
    static let grid = Color(232, 232, 232)
    static let frameColor = Color(190, 190, 190)
    static let white = Color(255, 255, 255)

    func draw(_ prepared: Prepared, on canvas: Canvas) {
        canvas.fillRectangle(x: 0, y: 0, width: Double(width), height: Double(height), color: Self.white)
        let frames = layout(prepared)
        let xTicks = Self.ticks(in: prepared.xRange, count: max(2, width / 110)).filter { $0.rounded() == $0 }
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        for frame in frames {
            drawGrid(frame, xTicks: xTicks, xRange: prepared.xRange, on: canvas)
            drawCurves(frame, xRange: prepared.xRange, weight: prepared.smoothingWeight, on: canvas)
            canvas.strokeRectangle(x: frame.x - 0.5, y: frame.y - 0.5, width: frame.width + 1, height: frame.height + 1,
                                   color: Self.frameColor, lineWidth: 1)
            drawHeader(frame, on: canvas)
        }
        if let last = frames.last {
            for tick in xTicks {
                canvas.text(Self.tickLabel(tick, step: xStep, thousands: true), x: last.px(tick, prepared.xRange),
                            y: last.y + last.height + 15, size: 11, color: Self.ink, anchor: .center)
            }
            canvas.text(xAxisTitle, x: last.x + last.width / 2, y: last.y + last.height + 31, size: 11,
                        color: Self.muted, anchor: .center)
        }
        canvas.text(title, x: frames.first?.x ?? 12, y: 22, size: 16, color: Self.ink, bold: true)
        if let lastX = prepared.lastX {
            let label = lastX.rounded() == lastX && abs(lastX) < 1e15 ? "\(Int(lastX))" : String(format: "%g", lastX)
            canvas.text("\(xAxisTitle) \(label)", x: Double(width) - 20, y: 22, size: 12, color: Self.muted,
                        anchor: .right)
        }
    }

    private func drawGrid(_ frame: PanelFrame, xTicks: [Double], xRange: ClosedRange<Double>, on canvas: Canvas) {
        canvas.fillRectangle(x: frame.x, y: frame.y, width: frame.width, height: frame.height, color: Self.white)
        for tick in xTicks {
            let x = frame.px(tick, xRange).rounded() + 0.5
            canvas.line(from: (x, frame.y), to: (x, frame.y + frame.height), color: Self.grid, lineWidth: 1)
        }
        let count = max(2, Int(frame.height / 38))
        let leftTicks = Self.ticks(in: frame.panel.left, count: count)
        let leftStep = leftTicks.count > 1 ? leftTicks[1] - leftTicks[0] : 1
        for tick in leftTicks {
            let y = frame.py(tick, frame.panel.left).rounded() + 0.5
            canvas.line(from: (frame.x, y), to: (frame.x + frame.width, y), color: Self.grid, lineWidth: 1)
            canvas.text(Self.tickLabel(tick, step: leftStep), x: frame.x - 6, y: y, size: 11, color: Self.ink,
                        anchor: .right, middle: true)
        }
        for reference in frame.panel.panel.referenceLines where frame.panel.hasData && frame.panel.left.contains(reference) {
            let y = frame.py(reference, frame.panel.left).rounded() + 0.5
            canvas.line(from: (frame.x, y), to: (frame.x + frame.width, y), color: Self.muted, lineWidth: 1,
                        alpha: 0.7, dashed: true)
        }
        if let right = frame.panel.right {
            let rightTicks = Self.ticks(in: right, count: count)
            let rightStep = rightTicks.count > 1 ? rightTicks[1] - rightTicks[0] : 1
            let members = frame.panel.panel.series.filter { $0.axis == .right }
            let color = members.count == 1 ? members[0].color : Self.ink
            for tick in rightTicks {
                canvas.text(Self.tickLabel(tick, step: rightStep), x: frame.x + frame.width + 6,
                            y: frame.py(tick, right), size: 11, color: color, middle: true)
            }
        }
    }

    private func drawCurves(_ frame: PanelFrame, xRange: ClosedRange<Double>, weight: Double, on canvas: Canvas) {
        let clip = (x: frame.x, y: frame.y, width: frame.width, height: frame.height)
        let buckets = max(1, Int(frame.width))
        for prepared in frame.panel.series {
            guard let range = prepared.series.axis == .left ? frame.panel.left : frame.panel.right else { continue }
            func pixels(_ points: [Point]) -> [(x: Double, y: Double)?] {
                Self.decimated(points, buckets: buckets).map { (frame.px($0.x, xRange), frame.py($0.y, range)) }
            }
            let color = prepared.series.color
            let isSmoothed = frame.panel.panel.smoothed && weight > 0
            if isSmoothed {
                canvas.polyline(pixels(prepared.raw), color: color, lineWidth: 1, alpha: 0.25, clip: clip)
            }
            canvas.polyline(pixels(prepared.smooth), color: color, lineWidth: 2, alpha: 1, clip: clip)
            // Sparse series (measurements, the first points of a run) get markers, so a single
            // point is visible and separate measurements read as such.
            if prepared.raw.count <= 40 {
                let markers = prepared.smooth.map { (x: frame.px($0.x, xRange), y: frame.py($0.y, range)) }
                canvas.dots(markers, radius: 3, color: color, clip: (frame.x - 4, frame.y - 4, frame.width + 8, frame.height + 8))
            }
        }
    }

    private func drawHeader(_ frame: PanelFrame, on canvas: Canvas) {
        let baseline = frame.y - 7
        canvas.text(frame.panel.panel.title, x: frame.x, y: baseline, size: 12.5, color: Self.ink, bold: true)
        if !frame.panel.hasData {
            canvas.text("no data yet", x: frame.x + frame.width / 2, y: frame.y + frame.height / 2, size: 12,
                        color: Self.muted, anchor: .center, middle: true)
        }
        // Legend, right-aligned: a short line in the series' colour, its label and latest value.
        var x = frame.x + frame.width
        for prepared in frame.panel.series.reversed() {
            var label = prepared.series.label
            if let latest = prepared.smooth.last?.y { label += "  " + Self.legendValue(latest) }
            x -= canvas.textWidth(label, size: 11.5)
            canvas.text(label, x: x, y: baseline, size: 11.5, color: Self.ink)
            x -= 24
            canvas.line(from: (x, baseline - 4), to: (x + 18, baseline - 4), color: prepared.series.color, lineWidth: 3)
            x -= 16
        }
    }
}
