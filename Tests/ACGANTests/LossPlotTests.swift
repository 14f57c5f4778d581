import Foundation
import Imaging
import Testing
import ACGAN
import Graphics

/// Loss plots: records from the training log, then the image: size, determinism, each curve
/// in its own panel at the height its values say, edge cases, and pinned pixels. The numbers
/// behind the plot (smoothing, decimation, ticks) are tested with Graphics' `Plot`.
@Suite struct LossPlotTests {
    /// A run of `count` records every `every` iterations with constant values plus a small
    /// deterministic wiggle of amplitude `noise`.
    static func run(count: Int, every: Int = 10, values: [String: Double], noise: Double = 0) -> [LossPlot.Record] {
        (0..<count).map { index in
            let wiggle = noise * sin(Double(index) * 1.7)
            return LossPlot.Record(iteration: index * every, values: values.mapValues { $0 + wiggle })
        }
    }

    /// Pixels of `image` inside `area` within 12 levels of `color` in every channel, as (x, y).
    static func pixels(of color: RGBColor, in image: RGBImage, area: LossPlot.PlotArea) -> [(Int, Int)] {
        var found: [(Int, Int)] = []
        for y in area.y..<(area.y + area.height) {
            for x in area.x..<(area.x + area.width) {
                let p = image[x, y]
                if abs(Int(p.red) - Int(color.red)) <= 12, abs(Int(p.green) - Int(color.green)) <= 12,
                   abs(Int(p.blue) - Int(color.blue)) <= 12 { found.append((x, y)) }
            }
        }
        return found
    }

    static func meanRow(_ pixels: [(Int, Int)]) -> Double {
        Double(pixels.map(\.1).reduce(0, +)) / Double(max(1, pixels.count))
    }

    // MARK: Records

    @Test func recordsFromJSONLinesSkipWhatIsNotANumber() {
        let text = """
        {"iteration": 10, "d_loss": 1.5, "g_loss": 2, "phase": "train", "ema": true}
        {"iteration": 20, "d_loss": null, "g_loss": "nan"}

        {"d_loss": 3}
        {"iteration": 2.5, "d_loss": 3}
        {"iteration": 30, "d_lo
        """
        let records = LossPlot.Record.records(fromJSONLines: Data(text.utf8))
        #expect(records == [LossPlot.Record(iteration: 10, values: ["d_loss": 1.5, "g_loss": 2]),
                            LossPlot.Record(iteration: 20, values: [:])])
    }

    @Test func thePlotTakesEachSeriesFromItsKey() {
        let records = [LossPlot.Record(iteration: 20, values: ["d_loss": 1, "g_loss": .nan, "other": 3]),
                       LossPlot.Record(iteration: 10, values: ["d_loss": 2, "fid": 5])]
        let plot = LossPlot.training(title: "run", width: 640, height: 420).plot(records)
        #expect(plot.title == "run" && plot.xAxisTitle == "iteration" && plot.width == 640 && plot.height == 420)
        #expect(plot.panels.map(\.title) == ["Losses", "D accuracy", "Quality"])
        // Finite values of the series' key, in record order (Plot sorts by x); NaN is left out.
        #expect(plot.panels[0].series.map(\.points) == [[Plot.Point(x: 20, y: 1), Plot.Point(x: 10, y: 2)], []])
        #expect(plot.panels[0].series.map(\.label) == ["D loss", "G loss"])
        #expect(plot.panels[0].series[0].color == Color(LossPlot.Palette.blue))
        let fid = plot.panels[2].series[1]
        #expect(fid.points == [Plot.Point(x: 10, y: 5)] && fid.axis == .right)
        #expect(plot.panels[1].leftRange == 0...1 && plot.panels[1].referenceLines == [0.5])
        #expect(plot.panels[2].omittedWhenEmpty && !plot.panels[2].smoothed)
    }

    // MARK: Image

    @Test func imageHasTheRequestedSizeAndIsDeterministic() throws {
        let records = Self.run(count: 500, values: ["d_loss": 1, "g_loss": 3, "d_real_accuracy": 0.8, "d_fake_accuracy": 0.6],
                               noise: 0.3)
        let first = try LossPlot.training().render(records)
        #expect(first.width == 900 && first.height == 600)
        #expect(try LossPlot.training().render(records) == first)
        // Record order does not matter: they are sorted by iteration.
        #expect(try LossPlot.training().render(records.reversed()) == first)
        let small = try LossPlot.training(width: 640, height: 420).render(records)
        #expect(small.width == 640 && small.height == 420)
    }

    @Test func curvesAppearInTheirPanelsAtTheHeightOfTheirValues() throws {
        let records = Self.run(count: 300, values: ["d_loss": 1, "g_loss": 3, "d_real_accuracy": 0.9, "d_fake_accuracy": 0.3])
        let plot = LossPlot.training()
        let image = try plot.render(records)
        let areas = plot.plotAreas(for: records)
        #expect(areas.map(\.title) == ["Losses", "D accuracy"])
        let (losses, accuracy) = (areas[0], areas[1])
        let dLoss = Self.pixels(of: LossPlot.Palette.blue, in: image, area: losses)
        let gLoss = Self.pixels(of: LossPlot.Palette.orange, in: image, area: losses)
        let real = Self.pixels(of: LossPlot.Palette.green, in: image, area: accuracy)
        let fake = Self.pixels(of: LossPlot.Palette.red, in: image, area: accuracy)
        // Each curve spans its panel's width.
        for curve in [dLoss, gLoss, real, fake] { #expect(curve.count >= losses.width * 8 / 10) }
        #expect(Self.pixels(of: LossPlot.Palette.blue, in: image, area: accuracy).isEmpty)
        #expect(Self.pixels(of: LossPlot.Palette.green, in: image, area: losses).isEmpty)
        // Loss range: 1...3 padded by 6% of 2 either side; G (3) near the top, D (1) near the bottom.
        func lossRow(_ value: Double) -> Double {
            Double(losses.y) + Double(losses.height) * (1 - (value - 0.88) / 2.24)
        }
        #expect(abs(Self.meanRow(gLoss) - lossRow(3)) < 2)
        #expect(abs(Self.meanRow(dLoss) - lossRow(1)) < 2)
        // Accuracy axis is 0...1 padded by 4%.
        func accuracyRow(_ value: Double) -> Double {
            Double(accuracy.y) + Double(accuracy.height) * (1 - (value + 0.04) / 1.08)
        }
        #expect(abs(Self.meanRow(real) - accuracyRow(0.9)) < 2)
        #expect(abs(Self.meanRow(fake) - accuracyRow(0.3)) < 2)
    }

    @Test func qualityPanelAppearsOnlyWhenItsNumbersDo() throws {
        var records = Self.run(count: 200, values: ["d_loss": 1, "g_loss": 2, "d_real_accuracy": 0.7, "d_fake_accuracy": 0.6])
        let plot = LossPlot.training()
        #expect(plot.plotAreas(for: records).count == 2)
        for index in stride(from: 40, to: 200, by: 40) {
            records[index].values["attribute_accuracy"] = 0.2 + Double(index) / 400
            records[index].values["fid"] = 300 - Double(index)
        }
        let areas = plot.plotAreas(for: records)
        #expect(areas.map(\.title) == ["Losses", "D accuracy", "Quality"])
        let image = try plot.render(records)
        let attribute = Self.pixels(of: LossPlot.Palette.purple, in: image, area: areas[2])
        let fid = Self.pixels(of: LossPlot.Palette.brown, in: image, area: areas[2])
        #expect(attribute.count > 100 && fid.count > 100)
        // Accuracy rises (rows go up the image), FID falls, on their own axes.
        let mid = Double(areas[2].x) + Double(areas[2].width) / 2
        let early = attribute.filter { Double($0.0) < mid - 100 }, late = attribute.filter { Double($0.0) > mid + 100 }
        #expect(Self.meanRow(early) > Self.meanRow(late) + 10)
        let fidEarly = fid.filter { Double($0.0) < mid - 100 }, fidLate = fid.filter { Double($0.0) > mid + 100 }
        #expect(Self.meanRow(fidEarly) < Self.meanRow(fidLate) - 10)
    }

    @Test func nonFiniteValuesAreSkippedAndOutliersDoNotFlattenTheRest() throws {
        var records = Self.run(count: 400, values: ["d_loss": 1, "g_loss": 2], noise: 0.1)
        records[100].values["d_loss"] = .nan
        records[200].values["d_loss"] = .infinity
        records[250].values["g_loss"] = -.infinity
        records[300].values["d_loss"] = 1e30   // one diverging batch
        let plot = LossPlot.training()
        let image = try plot.render(records)
        let losses = plot.plotAreas(for: records)[0]
        let dLoss = Self.pixels(of: LossPlot.Palette.blue, in: image, area: losses)
        let gLoss = Self.pixels(of: LossPlot.Palette.orange, in: image, area: losses)
        #expect(dLoss.count > losses.width / 2 && gLoss.count > losses.width / 2)
        // The two curves stay well apart: the range comes from the bulk of the values.
        #expect(Self.meanRow(dLoss) - Self.meanRow(gLoss) > Double(losses.height) / 4)
    }

    @Test func edgeCasesDrawWithoutCrashing() throws {
        let plot = LossPlot.training()
        let cases: [[LossPlot.Record]] = [
            [],
            [LossPlot.Record(iteration: 0, values: ["d_loss": 0.7])],
            [LossPlot.Record(iteration: 5, values: ["d_loss": .nan, "g_loss": .infinity])],
            [LossPlot.Record(iteration: 1, values: ["something else": 1])],
            [LossPlot.Record(iteration: 1 << 53, values: ["d_loss": 1]), LossPlot.Record(iteration: 1 << 53, values: ["d_loss": 2])],
            [LossPlot.Record(iteration: -10, values: ["d_loss": -1e300]), LossPlot.Record(iteration: 10, values: ["d_loss": 1e300])],
            [LossPlot.Record(iteration: 3, values: ["d_loss": .greatestFiniteMagnitude, "g_loss": -.greatestFiniteMagnitude]),
             LossPlot.Record(iteration: 4, values: ["d_loss": 0, "fid": 1e-300])],
            Self.run(count: 60_000, every: 1, values: ["d_loss": 1, "g_loss": 2, "d_real_accuracy": 0.5], noise: 0.5),
        ]
        for records in cases {
            let image = try plot.render(records)
            #expect(image.width == 900 && image.height == 600)
        }
        // A single finite point is visible (as a marker).
        let single = [LossPlot.Record(iteration: 0, values: ["d_loss": 0.7])]
        let area = plot.plotAreas(for: single)[0]
        #expect(!Self.pixels(of: LossPlot.Palette.blue, in: try plot.render(single), area: area).isEmpty)
        // Only non-finite values: nothing is drawn in the colour of the curve.
        let nothing = [LossPlot.Record(iteration: 5, values: ["d_loss": .nan])]
        #expect(Self.pixels(of: LossPlot.Palette.blue, in: try plot.render(nothing), area: area).isEmpty)
    }

    @Test func sizesOutsideTheLayoutAreAnError() {
        for (width, height) in [(0, 600), (100, 80), (900, 9000)] {
            #expect {
                _ = try LossPlot.training(width: width, height: height).render([])
            } throws: { error in
                guard case .invalidSize(width, height) = error as? LossPlotError else { return false }
                return "\(error)".contains("\(width)x\(height)")
            }
        }
    }

    @Test func writeStoresThePNGOfTheRenderedImage() throws {
        let records = Self.run(count: 50, values: ["d_loss": 1, "g_loss": 2], noise: 0.2)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("losses-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try LossPlot.training().write(records, to: url)
        #expect(try RGBImage(contentsOf: url) == LossPlot.training().render(records))
    }

    // MARK: Pinned pixels

    /// FNV-1a (64-bit) of the bytes: a fixed, dependency-free fingerprint.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// A run with every panel: noisy losses with a gap and an outlier, accuracies, and sparse
    /// evaluations (attribute accuracy on the left axis, FID on the right).
    static func pinnedRun() -> [LossPlot.Record] {
        var records = run(count: 700, every: 5, values: ["d_loss": 1.2, "g_loss": 2.5, "d_real_accuracy": 0.8,
                                                        "d_fake_accuracy": 0.35], noise: 0.4)
        records[120].values["d_loss"] = .nan
        records[400].values["g_loss"] = 40
        for index in stride(from: 100, to: 700, by: 100) {
            records[index].values["attribute_accuracy"] = 0.3 + Double(index) / 1500
            records[index].values["fid"] = 250 - Double(index) / 4
        }
        return records
    }

    /// The pixels inside the panels' frames, pinned on every machine: nothing there is text
    /// (titles, legends and tick labels lie outside the frames), so fonts cannot change them.
    /// The hashes were taken before the plot moved onto Graphics.
    @Test func plotAreasDrawTheSamePixels() throws {
        let plot = LossPlot.training()
        let records = Self.pinnedRun()
        let image = try plot.render(records)
        let areas = plot.plotAreas(for: records)
        #expect(areas.map { [$0.x, $0.y, $0.width, $0.height] } == [[60, 56, 782, 178], [60, 270, 782, 127], [60, 433, 782, 127]])
        var inside: [UInt8] = []
        for area in areas {
            for y in area.y..<(area.y + area.height) {
                let start = (y * image.width + area.x) * 3
                inside += image.pixels[start..<(start + area.width * 3)]
            }
        }
        let hash = Self.fnv1a(inside)
        #expect(hash == 0xd53e_59e5_bd23_1e16, "0x\(String(hash, radix: 16))")
    }

    /// The whole image, text included. Glyphs depend on the fonts installed (fontconfig picks
    /// "sans-serif"), so a machine with other fonts skips this with ACGAN_PIN_FONT_PIXELS=0.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ACGAN_PIN_FONT_PIXELS"] != "0",
                   "ACGAN_PIN_FONT_PIXELS=0 skips the pixels that depend on fonts"))
    func wholeImageDrawsTheSamePixels() throws {
        let image = try LossPlot.training().render(Self.pinnedRun())
        let hash = Self.fnv1a(image.pixels)
        #expect(hash == 0xf83a_b7a3_3faf_7b0c, "0x\(String(hash, radix: 16)) (fonts differ? ACGAN_PIN_FONT_PIXELS=0 skips this)")
    }
}
