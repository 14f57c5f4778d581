import Foundation
import Graphics
import Imaging

/// Why a loss plot could not be drawn.
public enum LossPlotError: Error, CustomStringConvertible {
    case invalidSize(width: Int, height: Int)
    case cairoFailed(width: Int, height: Int)

    public var description: String {
        switch self {
        case .invalidSize(let width, let height):
            return "loss plot size \(width)x\(height): use between \(LossPlot.minimumSize.width)x\(LossPlot.minimumSize.height) and \(Plot.maximumSize)x\(Plot.maximumSize) pixels"
        case .cairoFailed(let width, let height):
            return "cairo could not create a \(width)x\(height) image for the loss plot (out of memory?)"
        }
    }
}

/// Training curves as an image, drawn by Graphics' `Plot`: this type says which numbers of the
/// training log go into which panel (by their key in a `Record`), and `Plot` draws them: panels
/// stacked top to bottom sharing the iteration axis, each with its own value axis, a legend with
/// the latest values, and a title; noisy series faint under their moving average.
///
/// The default (`training(title:)`) has the panels of an ACGAN run: losses, D accuracy on real
/// and fake, and, when evaluation numbers are present, attribute accuracy and FID.
public struct LossPlot: Sendable {
    /// One line of the training log: the iteration and named numbers.
    public struct Record: Sendable, Equatable {
        /// The training iteration the numbers belong to.
        public var iteration: Int
        /// Numbers by key (e.g. "d_loss"); keys no panel draws are ignored.
        public var values: [String: Double]
        /// Creates a record.
        public init(iteration: Int, values: [String: Double]) {
            self.iteration = iteration
            self.values = values
        }
    }

    /// Which value axis of a panel a series is measured on.
    public typealias Axis = Plot.Axis

    /// One curve: the record key whose values it draws, and how (Graphics' `Plot.Series`:
    /// legend label, colour, axis; its points are filled in from the records).
    public struct Series: Sendable {
        /// The key in `Record.values`.
        public var key: String
        /// How the curve is drawn.
        public var style: Plot.Series
        /// Creates a series.
        public init(key: String, label: String, color: RGBColor, axis: Axis = .left) {
            self.key = key
            self.style = Plot.Series(label: label, color: Color(color), axis: axis, points: [])
        }
    }

    /// One panel: how it is drawn (Graphics' `Plot.Panel`: title, ranges, smoothing, reference
    /// lines, height) and its keyed curves.
    public struct Panel: Sendable {
        /// The panel's layout; its own series are replaced by `series`.
        public var style: Plot.Panel
        /// Its curves.
        public var series: [Series]
        /// Creates a panel drawn as `style` with `series`.
        public init(_ style: Plot.Panel, series: [Series]) {
            self.style = style
            self.series = series
        }
    }

    /// Where a panel's plot area (inside its frame) lies in the image, in pixels.
    public typealias PlotArea = Plot.Area

    /// The smallest image the layout fits in.
    public static let minimumSize = Plot.minimumSize

    /// The title drawn at the top.
    public var title: String
    /// The panels, top to bottom.
    public var panels: [Panel]
    /// Image width in pixels.
    public var width: Int
    /// Image height in pixels.
    public var height: Int
    /// The moving-average weight in [0, 1) for smoothed panels (nil: `automaticSmoothing`).
    public var smoothing: Double?

    /// Creates a plot of `panels`.
    public init(title: String, panels: [Panel], width: Int = 900, height: Int = 600, smoothing: Double? = nil) {
        self.title = title
        self.panels = panels
        self.width = width
        self.height = height
        self.smoothing = smoothing
    }

    /// Colours of the default series (colour-blind-safe Tableau hues).
    public enum Palette {
        /// D loss.
        public static let blue = RGBColor(red: 31, green: 119, blue: 180)
        /// G loss.
        public static let orange = RGBColor(red: 255, green: 127, blue: 14)
        /// D accuracy on real images.
        public static let green = RGBColor(red: 44, green: 160, blue: 44)
        /// D accuracy on fake images.
        public static let red = RGBColor(red: 214, green: 39, blue: 40)
        /// Attribute accuracy.
        public static let purple = RGBColor(red: 148, green: 103, blue: 189)
        /// FID.
        public static let brown = RGBColor(red: 140, green: 86, blue: 75)
    }

    /// Record keys of the default training plot.
    public enum Key {
        /// The discriminator's loss.
        public static let discriminatorLoss = "d_loss"
        /// The generator's loss.
        public static let generatorLoss = "g_loss"
        /// D's adversarial accuracy on real images (logit > 0), in [0, 1].
        public static let realAccuracy = "d_real_accuracy"
        /// D's adversarial accuracy on fake images (logit < 0), in [0, 1].
        public static let fakeAccuracy = "d_fake_accuracy"
        /// The attribute classifier's accuracy on generated faces, in [0, 1].
        public static let attributeAccuracy = "attribute_accuracy"
        /// Fréchet distance of generated to real features.
        public static let fid = "fid"
    }

    /// The plot of an ACGAN run: losses; D accuracy on real and fake; and, only when the
    /// records carry them, attribute accuracy (left axis) and FID (right axis).
    public static func training(title: String = "ACGAN training", width: Int = 900, height: Int = 600) -> LossPlot {
        LossPlot(title: title, panels: [
            Panel(Plot.Panel(title: "Losses", series: [], heightWeight: 1.4), series: [
                Series(key: Key.discriminatorLoss, label: "D loss", color: Palette.blue),
                Series(key: Key.generatorLoss, label: "G loss", color: Palette.orange),
            ]),
            Panel(Plot.Panel(title: "D accuracy", series: [], leftRange: 0...1, referenceLines: [0.5]), series: [
                Series(key: Key.realAccuracy, label: "real", color: Palette.green),
                Series(key: Key.fakeAccuracy, label: "fake", color: Palette.red),
            ]),
            Panel(Plot.Panel(title: "Quality", series: [], leftRange: 0...1, smoothed: false, omittedWhenEmpty: true), series: [
                Series(key: Key.attributeAccuracy, label: "attribute accuracy", color: Palette.purple),
                Series(key: Key.fid, label: "FID (right axis)", color: Palette.brown, axis: .right),
            ]),
        ], width: width, height: height)
    }

    /// The plot of `records`: each series' points are its key's finite values, at their iterations.
    public func plot(_ records: [Record]) -> Plot {
        Plot(title: title, xAxisTitle: "iteration", panels: panels.map { panel in
            var drawn = panel.style
            drawn.series = panel.series.map { series in
                var curve = series.style
                curve.points = records.compactMap { record in
                    guard let value = record.values[series.key], value.isFinite else { return nil }
                    return Plot.Point(x: Double(record.iteration), y: value)
                }
                return curve
            }
            return drawn
        }, width: width, height: height, smoothing: smoothing)
    }

    /// Draws `records` (in any order; they are sorted by iteration).
    public func render(_ records: [Record]) throws(LossPlotError) -> RGBImage {
        do {
            return try plot(records).render()
        } catch {
            switch error {
            case .invalidSize(let width, let height): throw .invalidSize(width: width, height: height)
            case .cairoFailed(let width, let height): throw .cairoFailed(width: width, height: height)
            }
        }
    }

    /// The plot areas `render` would use for `records` (which panels appear depends on them).
    public func plotAreas(for records: [Record]) -> [PlotArea] {
        plot(records).areas()
    }

    /// Renders `records` and writes the PNG atomically (a viewer never sees half a file,
    /// which matters for a plot redrawn while training runs).
    public func write(_ records: [Record], to url: URL) throws {
        try RGBImage.writeAtomically(try render(records).pngData(), to: url)
    }
}
