/// Adds up batch statistics across the processes that each hold part of one batch
/// (data-parallel training), so that batch normalisation sees the whole batch.
///
/// Tensors only knows this contract; the implementation that talks to other processes lives in
/// a higher target and is injected into the layers that need it (`BatchNorm2d`).
public protocol BatchStatisticsReducer: AnyObject {
    /// Replaces every value by its sum over all processes. Every process calls this the same
    /// number of times, in the same order, with the same count (a collective operation).
    func sumAcrossProcesses(_ values: UnsafeMutableBufferPointer<Double>)
}
