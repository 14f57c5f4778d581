import Imaging

/// Why a plot could not be drawn.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// The image would be smaller than the layout or larger than 8000 pixels a side.
    case invalidSize(width: Int, height: Int)
    /// cairo could not allocate the image.
    case cairoFailed(width: Int, height: Int)

    public var description: String {
        switch self {
        case .invalidSize(let width, let height):
            return "plot size \(width)x\(height): use between \(Plot.minimumSize.width)x\(Plot.minimumSize.height) "
                + "and \(Plot.maximumSize)x\(Plot.maximumSize) pixels"
        case .cairoFailed(let width, let height):
            return "cairo could not create a \(width)x\(height) image for the plot (out of memory?)"
        }
    }
}

/// Curves as an image: panels stacked top to bottom sharing one x axis (a count such as steps
/// or iterations: its ticks are whole numbers), each with its own value axis on the left and
/// optionally a second one on the right, a legend with the latest values, and a title.
///
/// Noisy series can be drawn faint with their exponential moving average over them; points
/// with a non-finite coordinate are skipped; thousands of points are decimated to the pixel
/// columns; value axes show the bulk of the values, so one outlier does not flatten the rest.
/// The image is the same for the same input on the same machine (fonts aside).
public struct Plot: Sendable {
    /// A point of a curve in data units.
    public struct Point: Sendable, Equatable {
        /// The position on the shared x axis.
        public var x: Double
        /// The value.
        public var y: Double
        /// Creates a point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Which value axis of a panel a series is measured on.
    public enum Axis: Sendable { case left, right }

    /// One curve: its points, legend label, colour and axis.
    public struct Series: Sendable {
        /// The legend label.
        public var label: String
        /// The line colour.
        public var color: Color
        /// The value axis (right for a second scale in the same panel).
        public var axis: Axis
        /// The points, in any order (they are sorted by x, equal x keeping their order).
        public var points: [Point]
        /// Creates a series.
        public init(label: String, color: Color, axis: Axis = .left, points: [Point]) {
            self.label = label
            self.color = color
            self.axis = axis
            self.points = points
        }
    }

    /// One panel of the plot.
    public struct Panel: Sendable {
        /// The panel's title, drawn above it on the left.
        public var title: String
        /// Its curves.
        public var series: [Series]
        /// A fixed range for the left axis (nil: from the data).
        public var leftRange: ClosedRange<Double>?
        /// A fixed range for the right axis (nil: from the data).
        public var rightRange: ClosedRange<Double>?
        /// Whether to draw the moving average over faint raw values (noisy numbers), or the
        /// values themselves (sparse measurements).
        public var smoothed: Bool
        /// Whether to leave the panel out when none of its series has a finite point.
        public var omittedWhenEmpty: Bool
        /// Dashed horizontal reference lines on the left axis (such as 0.5 for accuracies).
        public var referenceLines: [Double]
        /// How tall the panel is relative to the others.
        public var heightWeight: Double

        /// Creates a panel.
        public init(title: String, series: [Series], leftRange: ClosedRange<Double>? = nil,
                    rightRange: ClosedRange<Double>? = nil, smoothed: Bool = true,
                    omittedWhenEmpty: Bool = false, referenceLines: [Double] = [], heightWeight: Double = 1) {
            self.title = title
            self.series = series
            self.leftRange = leftRange
            self.rightRange = rightRange
            self.smoothed = smoothed
            self.omittedWhenEmpty = omittedWhenEmpty
            self.referenceLines = referenceLines
            self.heightWeight = heightWeight
        }
    }

    /// Where a panel's plot area (inside its frame) lies in the image, in pixels.
    public struct Area: Sendable, Equatable {
        /// The panel's title.
        public var title: String
        /// Left edge.
        public var x: Int
        /// Top edge.
        public var y: Int
        /// Width.
        public var width: Int
        /// Height.
        public var height: Int
        /// An area from its title and pixel rectangle.
        public init(title: String, x: Int, y: Int, width: Int, height: Int) {
            self.title = title
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// The smallest image the layout fits in.
    public static let minimumSize = (width: 240, height: 180)
    /// The largest width and height.
    public static let maximumSize = 8000

    /// The title drawn at the top left.
    public var title: String
    /// What x counts ("iteration"): written under the x axis, and with the last x at the top right.
    public var xAxisTitle: String
    /// The panels, top to bottom.
    public var panels: [Panel]
    /// Image width in pixels.
    public var width: Int
    /// Image height in pixels.
    public var height: Int
    /// The moving-average weight in [0, 1) for smoothed panels (nil: `automaticSmoothing`).
    public var smoothing: Double?

    /// Creates a plot of `panels`.
    public init(title: String, xAxisTitle: String, panels: [Panel], width: Int = 900, height: Int = 600,
                smoothing: Double? = nil) {
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.panels = panels
        self.width = width
        self.height = height
        self.smoothing = smoothing
    }

    /// Draws the plot.
    public func render() throws(PlotError) -> RGBImage {
        let sizes = Self.minimumSize.width...Self.maximumSize, heights = Self.minimumSize.height...Self.maximumSize
        guard sizes.contains(width), heights.contains(height) else {
            throw .invalidSize(width: width, height: height)
        }
        guard let canvas = Canvas(width: width, height: height) else {
            throw .cairoFailed(width: width, height: height)
        }
        draw(prepare(), on: canvas)
        return canvas.image()
    }

    /// The plot areas `render` uses (which panels appear depends on the data), top to bottom.
    public func areas() -> [Area] {
        layout(prepare()).map { Area(title: $0.panel.panel.title, x: Int($0.x), y: Int($0.y),
                                     width: Int($0.width), height: Int($0.height)) }
    }
}
