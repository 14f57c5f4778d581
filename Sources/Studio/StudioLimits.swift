/// The bounds every request is checked against. The API validation, `GET /api/model`, the
/// OpenAPI document and the page all read them from here, so they cannot disagree.
public enum StudioLimits {
    /// Faces in one `POST /api/generate`: one face, or a grid of 2-25.
    public static let count: ClosedRange<Int> = 1...25
    /// Frames in one `POST /api/interpolate`, both ends included.
    public static let steps: ClosedRange<Int> = 3...50
    /// Truncation threshold: latent components are redrawn while |z| exceeds it. Below 0.1
    /// almost every draw would be rejected; above 4 it no longer changes anything.
    public static let truncation: ClosedRange<Double> = 0.1...4.0
    /// Seeds are integers below 2^53 so that JavaScript numbers hold them exactly; face `i`
    /// of a request uses `(seed + i) mod 2^53`.
    public static let seedModulus: UInt64 = 1 << 53
    /// The largest seed a request may give.
    public static let maxSeed: UInt64 = seedModulus - 1
}
