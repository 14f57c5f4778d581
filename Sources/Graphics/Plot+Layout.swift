import Foundation

/// The data of a `Plot` prepared once (finite points sorted by x, smoothed, axis ranges), and
/// the panels' frames in the image.
extension Plot {
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
        var xRange: ClosedRange<Double>
        var lastX: Double?
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

    // MARK: Data

    func prepare() -> Prepared {
        func finite(_ points: [Point]) -> [Point] {
            // Sorted by x; points with equal x keep their order.
            points.enumerated().filter { $0.element.x.isFinite && $0.element.y.isFinite }
                .sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element)
        }
        let counts = panels.flatMap(\.series).map { $0.points.count { $0.x.isFinite && $0.y.isFinite } }
        let weight = smoothing ?? Self.automaticSmoothing(pointCount: counts.max() ?? 0)
        var prepared: [PreparedPanel] = []
        for panel in panels {
            let series = panel.series.map { series in
                let raw = finite(series.points)
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
        var xRange = 0.0...1.0
        if let low = xs.min(), let high = xs.max() {
            // A single x gets a unit either side (relative, for x near 2^53).
            let pad = low < high ? (high - low) * 0.01 : max(1, abs(low) * 1e-6)
            xRange = (low - pad)...(high + pad)
        }
        return Prepared(panels: prepared, xRange: xRange, lastX: xs.max(), smoothingWeight: weight)
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
}
