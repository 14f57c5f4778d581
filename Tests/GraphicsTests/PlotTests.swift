import Foundation
import Graphics
import Imaging
import Testing

/// Plots: the numbers (smoothing, decimation, ticks, ranges), then the image: where the panels
/// lie, and that a value lands on the pixel row and column its axes say.
@Suite struct PlotTests {
    typealias Point = Plot.Point

    /// Pixels of `image` inside `area` within 12 levels of `color` in every channel, as (x, y).
    static func pixels(of color: Color, in image: RGBImage, area: Plot.Area) -> [(x: Int, y: Int)] {
        let (red, green, blue) = color.bytes
        var found: [(x: Int, y: Int)] = []
        for y in area.y..<(area.y + area.height) {
            for x in area.x..<(area.x + area.width) {
                let p = image[x, y]
                if abs(Int(p.red) - Int(red)) <= 12, abs(Int(p.green) - Int(green)) <= 12,
                   abs(Int(p.blue) - Int(blue)) <= 12 { found.append((x, y)) }
            }
        }
        return found
    }

    static func meanRow(_ pixels: [(x: Int, y: Int)]) -> Double {
        Double(pixels.map(\.y).reduce(0, +)) / Double(max(1, pixels.count))
    }

    static let blue = Color(31, 119, 180)
    static let orange = Color(255, 127, 14)

    // MARK: Numbers

    @Test func smoothingIsABiasCorrectedMovingAverage() {
        let points = [Point(x: 0, y: 1), Point(x: 1, y: 3), Point(x: 2, y: 2)]
        // s1 = 0.5, s2 = 1.75, s3 = 1.875; divided by 1 - 0.5^t: 1, 2.3333, 2.142857.
        let smoothed = Plot.smoothed(points, weight: 0.5).map(\.y)
        for (value, expected) in zip(smoothed, [1, 7.0 / 3, 15.0 / 7]) { #expect(abs(value - expected) < 1e-12) }
        #expect(Plot.smoothed(points, weight: 0) == points)
        #expect(Plot.automaticSmoothing(pointCount: 1) == 0)
        #expect(Plot.automaticSmoothing(pointCount: 30) == 0)
        #expect(abs(Plot.automaticSmoothing(pointCount: 60) - 0.5) < 1e-12)
        #expect(abs(Plot.automaticSmoothing(pointCount: 3000) - 0.99) < 1e-12)
        #expect(abs(Plot.automaticSmoothing(pointCount: 1_000_000) - 0.995) < 1e-12)
    }

    @Test func decimationKeepsTheExtremesOfEveryColumn() {
        var points = (0..<10_000).map { Point(x: Double($0), y: sin(Double($0) / 300)) }
        points[4321].y = 50
        points[8765].y = -50
        let kept = Plot.decimated(points, buckets: 100)
        #expect(kept.count <= 200 && kept.count >= 100)
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.x < $1.x })
        #expect(kept.contains(points[4321]) && kept.contains(points[8765]))
        // Every column keeps its own lowest and highest point.
        let column = points[1200..<1300]
        #expect(kept.contains(column.min { $0.y < $1.y }!) && kept.contains(column.max { $0.y < $1.y }!))
        #expect(Plot.decimated(Array(points.prefix(150)), buckets: 100) == Array(points.prefix(150)))
    }

    @Test func ticksAreRoundNumbersInsideTheRange() {
        #expect(Plot.ticks(in: 0...1, count: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Plot.ticks(in: 0.3...4.2, count: 4) == [1, 2, 3, 4])
        #expect(Plot.ticks(in: -7...23, count: 3) == [0, 10, 20])
        #expect(Plot.ticks(in: -0.04...1.04, count: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Plot.ticks(in: 0...20_000, count: 8) == stride(from: 0.0, through: 20_000, by: 2000).map { $0 })
        #expect(Plot.ticks(in: 5...5, count: 4) == [5])
        #expect(Plot.tickLabel(20_000, step: 2000, thousands: true) == "20k")
        #expect(Plot.tickLabel(500, step: 500, thousands: true) == "500")
        #expect(Plot.tickLabel(0.6, step: 0.2) == "0.6")
        #expect(Plot.tickLabel(1.25, step: 0.05) == "1.25")
        #expect(Plot.tickLabel(150, step: 50) == "150")
        #expect(Plot.tickLabel(-0.0001, step: 0.5) == "0.0")
    }

    // MARK: Layout

    @Test func panelsShareTheHeightByWeightAndEmptyOnesCanBeLeftOut() throws {
        let line = [Point(x: 0, y: 1), Point(x: 10, y: 2)]
        var plot = Plot(title: "t", xAxisTitle: "step", panels: [
            Plot.Panel(title: "one", series: [Plot.Series(label: "a", color: Self.blue, points: line)]),
        ])
        // Title band 34 and header 22 above, 38 below, margins 60 left and 20 right.
        #expect(plot.areas() == [Plot.Area(title: "one", x: 60, y: 56, width: 820, height: 506)])
        plot.panels.append(Plot.Panel(title: "two", series: [Plot.Series(label: "b", color: Self.orange, points: line)],
                                      heightWeight: 2))
        plot.panels.append(Plot.Panel(title: "empty", series: [Plot.Series(label: "c", color: Self.blue, points: [])],
                                      omittedWhenEmpty: true))
        // 600 - 34 - 38 - 2 * 22 - 14 = 470 pixels, one third and two thirds.
        #expect(plot.areas() == [Plot.Area(title: "one", x: 60, y: 56, width: 820, height: 156),
                                 Plot.Area(title: "two", x: 60, y: 248, width: 820, height: 313)])
        // A right axis takes 58 pixels on the right.
        plot.panels[1].series[0].axis = .right
        #expect(plot.areas().map(\.width) == [782, 782])
    }

    // MARK: Data to pixels

    @Test func valuesLandOnTheRowsAndColumnsTheirAxesSay() throws {
        // A step from 0.25 to 0.75 at x = 50, on a fixed left axis 0...1 (padded 4% each side);
        // x runs 0...100 (padded 1% each side).
        let points = (0...100).map { Point(x: Double($0), y: $0 < 50 ? 0.25 : 0.75) }
        let plot = Plot(title: "t", xAxisTitle: "x", panels: [
            Plot.Panel(title: "p", series: [Plot.Series(label: "step", color: Self.blue, points: points)],
                       leftRange: 0...1, smoothed: false),
        ])
        let image = try plot.render()
        let area = try #require(plot.areas().first)
        let curve = Self.pixels(of: Self.blue, in: image, area: area)
        func column(_ x: Double) -> Double { Double(area.x) + (x + 1) / 102 * Double(area.width) }
        func row(_ y: Double) -> Double { Double(area.y) + Double(area.height) * (1 - (y + 0.04) / 1.08) }
        let low = curve.filter { Double($0.x) < column(45) }, high = curve.filter { Double($0.x) > column(55) }
        // Rows are pixel indices, half a pixel above the centre of the line they draw.
        #expect(abs(Self.meanRow(low) + 0.5 - row(0.25)) < 1)
        #expect(abs(Self.meanRow(high) + 0.5 - row(0.75)) < 1)
        // The curve starts at x = 0 and ends at x = 100.
        let columns = curve.map(\.x)
        #expect(abs(Double(columns.min()!) - column(0)) < 2 && abs(Double(columns.max()!) - column(100)) < 2)
        // The jump is the one steep run of the curve, between x = 49 and 50 (8 pixels apart).
        let jump = Dictionary(grouping: curve, by: \.x).filter { $0.value.count > 10 }.keys
        #expect(jump.count >= 4 && jump.allSatisfy { abs(Double($0) + 0.5 - column(49.5)) < 6 })
    }

    @Test func theRightAxisHasItsOwnScaleAndDataRangesShowTheBulk() throws {
        // Left: 1 and 3 (range from the data: 1...3 padded 6%); right: 250 on a fixed 0...500.
        let xs = (0..<200).map(Double.init)
        var noisy = xs.map { Point(x: $0, y: 1) }
        noisy[100].y = 1e30   // one diverging value must not flatten the rest
        let plot = Plot(title: "t", xAxisTitle: "x", panels: [
            Plot.Panel(title: "p", series: [
                Plot.Series(label: "one", color: Self.blue, points: noisy),
                Plot.Series(label: "three", color: Self.orange, points: xs.map { Point(x: $0, y: 3) }),
                Plot.Series(label: "right", color: Color(44, 160, 44), axis: .right, points: xs.map { Point(x: $0, y: 250) }),
            ], rightRange: 0...500, smoothed: false),
        ])
        let image = try plot.render()
        let area = try #require(plot.areas().first)
        #expect(area.width == 900 - 60 - 58)
        func leftRow(_ y: Double) -> Double { Double(area.y) + Double(area.height) * (1 - (y - 0.88) / 2.24) }
        func rightRow(_ y: Double) -> Double { Double(area.y) + Double(area.height) * (1 - (y + 20) / 540) }
        // The outlier is a spike at x = 100, up and out of the frame; the rest of the line is at 1.
        let spike = Double(area.x) + (100 + 1.99) / 202.98 * Double(area.width)
        let one = Self.pixels(of: Self.blue, in: image, area: area).filter { abs(Double($0.x) - spike) > 6 }
        #expect(abs(Self.meanRow(one) + 0.5 - leftRow(1)) < 1)
        #expect(abs(Self.meanRow(Self.pixels(of: Self.orange, in: image, area: area)) + 0.5 - leftRow(3)) < 1)
        let right = Self.pixels(of: Color(44, 160, 44), in: image, area: area)
        #expect(abs(Self.meanRow(right) + 0.5 - rightRow(250)) < 1)
        #expect(Self.pixels(of: Self.blue, in: image, area: area).contains { $0.y == area.y })
    }

    @Test func smoothedPanelsDrawTheAverageOverFaintRawValues() throws {
        // Values alternating 0 and 2 smooth to 1; the raw line is drawn at a quarter opacity.
        let points = (0..<3000).map { Point(x: Double($0), y: $0 % 2 == 0 ? 0 : 2) }
        let plot = Plot(title: "t", xAxisTitle: "x", panels: [
            Plot.Panel(title: "p", series: [Plot.Series(label: "s", color: Color(0, 0, 0), points: points)]),
        ])
        let image = try plot.render()
        let area = try #require(plot.areas().first)
        // The first point is 0 and the average rises from it within a few pixels: leave those out.
        let dark = Self.pixels(of: Color(0, 0, 0), in: image, area: area).filter { $0.x > area.x + 10 }
        // The range is 0...2 padded 6%; the average sits in the middle, the faint zigzag around it.
        #expect(abs(Self.meanRow(dark) + 0.5 - (Double(area.y) + Double(area.height) / 2)) < 2)
        #expect(dark.count >= area.width)
        let faint = Self.pixels(of: Color(191, 191, 191), in: image, area: area)
        #expect(faint.contains { $0.y < area.y + 40 } && faint.contains { $0.y > area.y + area.height - 40 })
    }

    @Test func sizesOutsideTheLayoutAreAnError() {
        for (width, height) in [(0, 600), (239, 600), (900, 179), (8001, 600)] {
            let plot = Plot(title: "t", xAxisTitle: "x", panels: [], width: width, height: height)
            #expect(throws: PlotError.invalidSize(width: width, height: height)) { try plot.render() }
        }
        #expect("\(PlotError.invalidSize(width: 1, height: 2))" == "plot size 1x2: use between 240x180 and 8000x8000 pixels")
    }
}
