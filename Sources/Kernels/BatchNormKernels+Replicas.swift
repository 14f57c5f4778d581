// Batch normalisation whose batch is split over several processes (data-parallel training):
// the same formulas as `BatchNormKernels.trainingForward` and `backward`, cut where the
// per-channel sums must be added up across processes before the next pass can run.

extension BatchNormKernels {
    /// Per-channel sums of this process's part of the batch: `sums[c]` = sum over N*HW values
    /// of channel c, in Double (as `trainingForward` accumulates). x is (N, C, HW).
    public static func channelSums(input: UnsafePointer<Float>, batch: Int, channels: Int, spatial: Int,
                                   sums: UnsafeMutablePointer<Double>) {
        parallelFor(0..<channels) { range in
            for c in range {
                var sum = 0.0
                for n in 0..<batch { sum += Double(VectorSums.sum(input + (n * channels + c) * spatial, spatial)) }
                sums[c] = sum
            }
        }
    }

    /// Per-channel sums of squared deviations from the (whole batch's) `mean[c]`, in Double:
    /// the second pass of `trainingForward`, which avoids the cancellation of E[x^2] - E[x]^2.
    public static func channelSquaredDeviations(input: UnsafePointer<Float>, batch: Int, channels: Int, spatial: Int,
                                                mean: UnsafePointer<Float>, sums: UnsafeMutablePointer<Double>) {
        parallelFor(0..<channels) { range in
            for c in range {
                var squares = 0.0
                for n in 0..<batch {
                    squares += Double(VectorSums.sumOfSquaredDeviations(input + (n * channels + c) * spatial, spatial,
                                                                        from: mean[c]))
                }
                sums[c] = squares
            }
        }
    }

    /// `y = (x - mean) * invStd * gamma + beta` with given statistics, computed as
    /// `trainingForward` does (one multiplier and shift per channel).
    public static func normalize(input: UnsafePointer<Float>, batch: Int, channels: Int, spatial: Int,
                                 mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                                 gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                                 output: UnsafeMutablePointer<Float>) {
        scaleAndShift(input: input, batch: batch, channels: channels, spatial: spatial, output: output) { c in
            let multiplier = invStd[c] * gamma[c]
            return (multiplier, beta[c] - mean[c] * multiplier)
        }
    }

    /// This process's part of the backward sums, in Double: `sumGrad[c]` = sum dy and
    /// `sumGradCentered[c]` = sum dy * (x - mean). Their totals over every process give
    /// `dbeta` and `dgamma * (1 / invStd)` of the whole batch.
    public static func backwardSums(gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                    mean: UnsafePointer<Float>, batch: Int, channels: Int, spatial: Int,
                                    sumGrad: UnsafeMutablePointer<Double>, sumGradCentered: UnsafeMutablePointer<Double>) {
        parallelFor(0..<channels) { range in
            for c in range {
                var total = 0.0, centered = 0.0
                for n in 0..<batch {
                    let offset = (n * channels + c) * spatial
                    let (partialGrad, partialCentered) =
                        VectorSums.sumAndCenteredDot(gradOutput + offset, input + offset, spatial, center: mean[c])
                    total += Double(partialGrad)
                    centered += Double(partialCentered)
                }
                sumGrad[c] = total
                sumGradCentered[c] = centered
            }
        }
    }

    /// The input gradient of this process's part, from the whole batch's sums and value count
    /// M (over every process): `dx = gamma * invStd * (dy - sumGrad/M - xhat * dgamma/M)` with
    /// `dgamma = sumGradCentered * invStd`, as `backward`.
    public static func backwardInput(gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                     mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                                     gamma: UnsafePointer<Float>, totalSumGrad: UnsafePointer<Double>,
                                     totalSumGradCentered: UnsafePointer<Double>, totalCount: Int,
                                     batch: Int, channels: Int, spatial: Int,
                                     gradInput: UnsafeMutablePointer<Float>) {
        parallelFor(0..<channels) { range in
            for c in range {
                inputGradient(channel: c, dBeta: Float(totalSumGrad[c]),
                              dGamma: Float(totalSumGradCentered[c]) * invStd[c], count: totalCount,
                              mean: mean[c], invStd: invStd[c], gamma: gamma[c], gradOutput: gradOutput,
                              input: input, batch: batch, channels: channels, spatial: spatial,
                              gradInput: gradInput)
            }
        }
    }
}
