import Foundation
import Imaging

/// Layout and painting of a `LossPlot`: the data is prepared once (finite points sorted by
/// iteration, smoothed, ranges), laid out into panel frames, then painted back to front:
/// grids, reference lines, faint raw values, smoothed curves, axes' labels, legends, title.
extension LossPlot {
    struct PreparedSeries {
        var series: Series
        var raw: [Point]
        var smooth: [Point]
    }

    struct PreparedPanel {
        var panel: Panel
        var series: [PreparedSeries]
        var left: ClosedRange<Double>
        var right: ClosedRange<Double>?
        var hasData: Bool { series.contains { !$0.raw.isEmpty } }
        var hasRightAxis: Bool { panel.series.contains { $0.axis == .right } }
    }

    struct Prepared {
        var panels: [PreparedPanel]
        var iterations: ClosedRange<Double>
        var lastIteration: Int?
        var smoothingWeight: Double
    }

    struct PanelFrame {
        var panel: PreparedPanel
        var x: Double, y: Double, width: Double, height: Double

        func px(_ value: Double, _ range: ClosedRange<Double>) -> Double {
            x + (value - range.lowerBound) / (range.upperBound - range.lowerBound) * width
        }
        /// Far outliers are pulled in to 1000 px outside the frame: cairo's fixed-point
        /// coordinates overflow near 2^23, and the frame clips the line anyway.
        func py(_ value: Double, _ range: ClosedRange<Double>) -> Double {
            let raw = y + height - (value - range.lowerBound) / (range.upperBound - range.lowerBound) * height
            return min(max(raw, y - 1000), y + height + 1000)
        }
    }

    static let ink = RGBColor(red: 51, green: 51, blue: 51)
    static let muted = RGBColor(red: 120, green: 120, blue: 120)
    static let grid = RGBColor(red: 232, green: 232, blue: 232)
    static let frameColor = RGBColor(red: 190, green: 190, blue: 190)

    // MARK: Data

    func prepare(_ records: [Record]) -> Prepared {
        let sorted = records.enumerated().sorted { ($0.element.iteration, $0.offset) < ($1.element.iteration, $1.offset) }.map(\.element)
        let counts = panels.flatMap(\.series).map { series in sorted.count { $0.values[series.key]?.isFinite == true } }
        let weight = smoothing ?? Self.automaticSmoothing(pointCount: counts.max() ?? 0)
        var prepared: [PreparedPanel] = []
        for panel in panels {
            let series = panel.series.map { series in
                let raw = sorted.compactMap { record -> Point? in
                    guard let value = record.values[series.key], value.isFinite else { return nil }
                    return Point(x: Double(record.iteration), y: value)
                }
                return PreparedSeries(series: series, raw: raw,
                                      smooth: panel.smoothed ? Self.smoothed(Self.tamedOutliers(raw), weight: weight) : raw)
            }
            if panel.omittedWhenEmpty && series.allSatisfy({ $0.raw.isEmpty }) { continue }
            func range(_ axis: Axis, fixed: ClosedRange<Double>?) -> ClosedRange<Double>? {
                let members = series.filter { $0.series.axis == axis }
                guard !members.isEmpty else { return nil }
                if let fixed {
                    let pad = (fixed.upperBound - fixed.lowerBound) * 0.04
                    return (fixed.lowerBound - pad)...(fixed.upperBound + pad)
                }
                return Self.dataRange(raw: members.flatMap { $0.raw.map(\.y) }, smoothed: members.flatMap { $0.smooth.map(\.y) })
            }
            prepared.append(PreparedPanel(panel: panel, series: series,
                                          left: range(.left, fixed: panel.leftRange) ?? range(.left, fixed: 0...1) ?? 0...1,
                                          right: range(.right, fixed: panel.rightRange)))
        }
        let xs = prepared.flatMap { $0.series.flatMap { $0.raw.map(\.x) } }
        var iterations = 0.0...1.0
        if let low = xs.min(), let high = xs.max() {
            // A single iteration gets a unit either side (relative, for iterations near 2^53).
            let pad = low < high ? (high - low) * 0.01 : max(1, abs(low) * 1e-6)
            iterations = (low - pad)...(high + pad)
        }
        return Prepared(panels: prepared, iterations: iterations, lastIteration: xs.max().map { Int($0) },
                        smoothingWeight: weight)
    }

    // MARK: Layout

    func layout(_ prepared: Prepared) -> [PanelFrame] {
        let titleBand = 34.0, header = 22.0, gap = 14.0, bottom = 38.0, left = 60.0
        let right = prepared.panels.contains { $0.hasRightAxis } ? 58.0 : 20.0
        let count = Double(prepared.panels.count)
        let available = Double(height) - titleBand - bottom - count * header - max(0, count - 1) * gap
        let totalWeight = prepared.panels.map { max($0.panel.heightWeight, 0.1) }.reduce(0, +)
        var y = titleBand
        return prepared.panels.map { panel in
            let plotHeight = (max(available, count * 10) * max(panel.panel.heightWeight, 0.1) / totalWeight).rounded(.down)
            y += header
            defer { y += plotHeight + gap }
            return PanelFrame(panel: panel, x: left, y: y.rounded(), width: Double(width) - left - right, height: plotHeight)
        }
    }

    // MARK: Painting

    func draw(_ prepared: Prepared, on canvas: LossPlotCanvas) {
        canvas.fillRectangle(x: 0, y: 0, width: Double(width), height: Double(height), color: .white)
        let frames = layout(prepared)
        let xTicks = Self.ticks(in: prepared.iterations, count: max(2, width / 110)).filter { $0.rounded() == $0 }
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        for frame in frames {
            drawGrid(frame, xTicks: xTicks, iterations: prepared.iterations, on: canvas)
            drawCurves(frame, iterations: prepared.iterations, weight: prepared.smoothingWeight, on: canvas)
            canvas.strokeRectangle(x: frame.x - 0.5, y: frame.y - 0.5, width: frame.width + 1, height: frame.height + 1,
                                   color: Self.frameColor, lineWidth: 1)
            drawHeader(frame, on: canvas)
        }
        if let last = frames.last {
            for tick in xTicks {
                canvas.text(Self.tickLabel(tick, step: xStep, thousands: true), x: last.px(tick, prepared.iterations),
                            y: last.y + last.height + 15, size: 11, color: Self.ink, anchor: .center)
            }
            canvas.text("iteration", x: last.x + last.width / 2, y: last.y + last.height + 31, size: 11,
                        color: Self.muted, anchor: .center)
        }
        canvas.text(title, x: frames.first?.x ?? 12, y: 22, size: 16, color: Self.ink, bold: true)
        if let iteration = prepared.lastIteration {
            canvas.text("iteration \(iteration)", x: Double(width) - 20, y: 22, size: 12, color: Self.muted, anchor: .right)
        }
    }

    private func drawGrid(_ frame: PanelFrame, xTicks: [Double], iterations: ClosedRange<Double>, on canvas: LossPlotCanvas) {
        canvas.fillRectangle(x: frame.x, y: frame.y, width: frame.width, height: frame.height, color: .white)
        for tick in xTicks {
            let x = frame.px(tick, iterations).rounded() + 0.5
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

    private func drawCurves(_ frame: PanelFrame, iterations: ClosedRange<Double>, weight: Double, on canvas: LossPlotCanvas) {
        let clip = (frame.x, frame.y, frame.width, frame.height)
        let buckets = max(1, Int(frame.width))
        for prepared in frame.panel.series {
            guard let range = prepared.series.axis == .left ? frame.panel.left : frame.panel.right else { continue }
            func pixels(_ points: [Point]) -> [(Double, Double)?] {
                Self.decimated(points, buckets: buckets).map { (frame.px($0.x, iterations), frame.py($0.y, range)) }
            }
            let color = prepared.series.color
            let isSmoothed = frame.panel.panel.smoothed && weight > 0
            if isSmoothed {
                canvas.polyline(pixels(prepared.raw), color: color, lineWidth: 1, alpha: 0.25, clip: clip)
            }
            canvas.polyline(pixels(prepared.smooth), color: color, lineWidth: 2, alpha: 1, clip: clip)
            // Sparse series (evaluations, the first records of a run) get markers, so a single
            // point is visible and separate measurements read as such.
            if prepared.raw.count <= 40 {
                let markers = prepared.smooth.map { (frame.px($0.x, iterations), frame.py($0.y, range)) }
                canvas.dots(markers, radius: 3, color: color, clip: (frame.x - 4, frame.y - 4, frame.width + 8, frame.height + 8))
            }
        }
    }

    private func drawHeader(_ frame: PanelFrame, on canvas: LossPlotCanvas) {
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

    /// A latest value with three significant digits (0.734, 12.3, 145).
    static func legendValue(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1000 || (magnitude < 0.001 && magnitude > 0) { return String(format: "%.3g", value) }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }
}
