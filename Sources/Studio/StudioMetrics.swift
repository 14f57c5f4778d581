import Prometheus

/// What `GET /metrics` reports, in Prometheus' text format (swift-prometheus):
/// - `acgan_http_requests_total{route, method, status}`: every answered request; `route` is
///   the Studio's path, or `other` for paths it does not serve (so a scan of random URLs cannot
///   grow the label set);
/// - `acgan_generation_queue_images` and `acgan_generation_queue_capacity`: images waiting or
///   being drawn now, and how many the queue admits;
/// - `acgan_generation_rejected_total{kind}`: jobs refused because the queue was full (503);
/// - `acgan_generated_images_total{kind}`: images drawn;
/// - `acgan_generation_seconds{kind}`: a histogram of the time from admission to the queue to
///   the finished images (waiting included), per job; `kind` is `generate` or `interpolate`.
/// - `acgan_training_jobs_running` and `acgan_training_jobs_queued`: training runs training
///   now (0 or 1) and waiting for their turn (0 without a workspace).
public final class StudioMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let queuedImages: Gauge
    private let queueCapacity: Gauge
    private let runningJobs: Gauge
    private let queuedJobs: Gauge

    /// Histogram buckets of `acgan_generation_seconds`: a single face takes milliseconds, a
    /// full grid on a busy queue seconds.
    public static let generationBuckets: [Duration] =
        [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
         .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10)]

    private static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "acgan", metricName: "http_requests", unitName: "total",
        helpText: "HTTP requests answered, by route, method and status.") }
    private static var rejections: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "acgan", subsystem: "generation", metricName: "rejected", unitName: "total",
        helpText: "Generation jobs refused because the queue was full (503).") }
    private static var images: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "acgan", metricName: "generated_images", unitName: "total", helpText: "Images drawn by the model.") }
    private static var latency: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "acgan", metricName: "generation", unitName: "seconds",
        helpText: "Time from admission to the queue to the finished images, per job.") }

    public init() {
        queuedImages = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "acgan", subsystem: "generation_queue", metricName: "images", unitName: "",
            helpText: "Images waiting or being drawn in the generation queue."))
        queueCapacity = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "acgan", subsystem: "generation_queue", metricName: "capacity", unitName: "",
            helpText: "Images the generation queue admits at once."))
        runningJobs = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "acgan", subsystem: "training_jobs", metricName: "running", unitName: "",
            helpText: "Training runs whose acgan train child is running."))
        queuedJobs = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "acgan", subsystem: "training_jobs", metricName: "queued", unitName: "",
            helpText: "Training runs waiting for their turn."))
    }

    /// Sets the training-job gauges.
    func setTrainingJobs(running: Int, queued: Int) {
        runningJobs.set(Int64(running))
        queuedJobs.set(Int64(queued))
    }

    /// Counts an answered request.
    func recordRequest(route: String, method: String, status: Int) {
        registry.makeCounter(descriptor: Self.requests,
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
    }

    /// Counts a job refused by a full queue.
    func recordRejection(kind: String) {
        registry.makeCounter(descriptor: Self.rejections, labels: [("kind", kind)]).increment()
    }

    /// Records a finished job of `images` images that took `duration` from admission.
    func recordGeneration(kind: String, images: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.images, labels: [("kind", kind)]).increment(by: Int64(images))
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("kind", kind)], buckets: Self.generationBuckets)
            .record(duration)
    }

    /// The text exposition, with the queue's gauges read now.
    func exposition(queue: GenerationQueue) -> String {
        queuedImages.set(Int64(queue.queuedImages))
        queueCapacity.set(Int64(queue.capacity))
        return registry.emitToString()
    }
}
