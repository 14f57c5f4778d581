import Foundation

/// The numbers behind a plot: smoothing, decimation, axis ranges, tick values and labels. Pure
/// functions, public so that they can be tested on their own.
extension Plot {
    /// An exponential moving average with bias correction (as TensorBoard's smoothing and
    /// Adam's moments): `s_t = w s_(t-1) + (1 - w) y_t`, reported as `s_t / (1 - w^t)`, so the
    /// first points are not pulled towards 0. Points must be finite; `weight` is in [0, 1).
    public static func smoothed(_ points: [Point], weight: Double) -> [Point] {
        let w = min(max(weight, 0), 0.9999)
        var average = 0.0, correction = 1.0
        return points.map { point in
            average = w * average + (1 - w) * point.y
            correction *= w
            return Point(x: point.x, y: average / (1 - correction))
        }
    }

    /// The smoothing weight used when none is set: an averaging window of about 1/30 of the
    /// points (between 1 and 200 points), so the curve looks alike at 300 and at 30,000
    /// points. Up to 30 points there is no smoothing.
    public static func automaticSmoothing(pointCount: Int) -> Double {
        let window = min(200, max(1, Double(pointCount) / 30))
        return 1 - 1 / window
    }

    /// At most about `2 * buckets` points that draw like `points`: the x range is cut into
    /// `buckets` equal slices (one per pixel column) and each slice keeps its lowest and
    /// highest point, in x order, so spikes survive. Points must be sorted by x.
    public static func decimated(_ points: [Point], buckets: Int) -> [Point] {
        guard buckets > 0, points.count > 2 * buckets, let first = points.first, let last = points.last,
              last.x > first.x else { return points }
        let scale = Double(buckets) / (last.x - first.x)
        var result: [Point] = []
        result.reserveCapacity(2 * buckets + 2)
        var index = 0
        while index < points.count {
            let bucket = min(buckets - 1, Int((points[index].x - first.x) * scale))
            var low = index, high = index, end = index + 1
            while end < points.count, min(buckets - 1, Int((points[end].x - first.x) * scale)) == bucket {
                if points[end].y < points[low].y { low = end }
                if points[end].y > points[high].y { high = end }
                end += 1
            }
            for keep in Set([low, high]).sorted() { result.append(points[keep]) }
            index = end
        }
        return result
    }

    /// Round tick values (1, 2 or 5 times a power of ten apart) inside `range`, about `count` of them.
    public static func ticks(in range: ClosedRange<Double>, count: Int) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite, count > 0 else { return range.lowerBound.isFinite ? [range.lowerBound] : [] }
        let step = tickStep(span: span, count: count)
        let first = (range.lowerBound / step).rounded(.up), last = (range.upperBound / step).rounded(.down)
        guard last >= first, last - first < 1000 else { return [] }
        // Ticks are integers times the step, not a running sum; for steps below 1 the integer is
        // divided by 1/step (an integer) so that 0.6 is 3 / 5, not 3 * 0.2 = 0.6000000000000001.
        let inverse = step < 1 ? (1 / step).rounded() : 0
        return stride(from: first, through: last, by: 1).map { k in
            let value = inverse > 0 ? k / inverse : k * step
            return value == 0 ? 0 : value   // no -0
        }
    }

    static func tickStep(span: Double, count: Int) -> Double {
        let raw = span / Double(count)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        // The nearest of 1, 2, 5, 10 (on a log scale), so the count is within ~1.6x of `count`.
        let factor: Double = residual < 1.4 ? 1 : residual < 3.2 ? 2 : residual < 7 ? 5 : 10
        return factor * magnitude
    }

    /// The label of a tick value, with as many decimals as the step between ticks needs;
    /// thousands on the x axis as "20k" when every tick is a whole thousand.
    public static func tickLabel(_ value: Double, step: Double, thousands: Bool = false) -> String {
        if thousands, abs(value) >= 1000, step >= 1000, (value / 1000).rounded() == value / 1000 {
            return "\(Int((value / 1000).rounded()))k"
        }
        if abs(value) >= 1e6 || (step > 0 && step < 1e-4) { return String(format: "%.3g", value) }
        let decimals = step >= 1 ? 0 : min(6, Int((-log10(step)).rounded(.up)))
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }   // "-0.0"
        return text
    }

    /// The 1st and 99th percentiles of `values` (all of them below 50 values), or nil.
    static func bulk(_ values: [Double]) -> (low: Double, high: Double)? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        guard sorted.count >= 50 else { return (sorted.first!, sorted.last!) }
        func quantile(_ q: Double) -> Double { sorted[Int((Double(sorted.count - 1) * q).rounded())] }
        return (quantile(0.01), quantile(0.99))
    }

    /// Values far outside the bulk (more than twice its spread beyond it) are pulled in to
    /// that bound before smoothing: a single diverging value (say 1e30) would otherwise
    /// lift the moving average for hundreds of points. The faint raw line still shows it.
    static func tamedOutliers(_ points: [Point]) -> [Point] {
        guard points.count >= 50, let (low, high) = bulk(points.map(\.y)) else { return points }
        let spread = max(high - low, 1e-12)
        let lower = low - 2 * spread, upper = high + 2 * spread
        return points.map { Point(x: $0.x, y: min(max($0.y, lower), upper)) }
    }

    /// The vertical range that shows the bulk (1st to 99th percentile) of `raw` values and of
    /// their smoothed curve, so that one diverging batch does not flatten every other curve,
    /// with 6% padding. Nil without values.
    static func dataRange(raw: [Double], smoothed: [Double]) -> ClosedRange<Double>? {
        guard let robust = bulk(raw) else { return nil }
        let curve = bulk(smoothed) ?? robust
        // Clamped so that the span, and the padding, stay finite.
        var low = max(-1e300, min(robust.low, curve.low))
        var high = min(1e300, max(robust.high, curve.high))
        if high - low <= max(abs(high), abs(low)) * 1e-9 {
            let half = max(0.5, abs(low) * 0.1)
            low -= half
            high += half
        }
        let pad = (high - low) * 0.06
        return (low - pad)...(high + pad)
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
