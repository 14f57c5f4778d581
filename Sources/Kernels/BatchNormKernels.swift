// Batch normalisation over (N, C, HW): statistics per channel, as PyTorch's BatchNorm2d.

/// Batch-norm loops. x is (N, C, HW) contiguous: channel c of image n is the plane starting
/// at `(n*C + c) * HW`. Statistics are per channel over N*HW values, accumulated in Double.
/// Work is split over channels with `parallelFor`. Every output is overwritten.
public enum BatchNormKernels {
    /// Training forward with batch statistics, as PyTorch: `mean[c]` and the biased variance
    /// `var[c]` over N*HW values; `invStd[c] = 1/sqrt(var + eps)`;
    /// `y = (x - mean) * invStd * gamma + beta`. `unbiasedVariance[c] = var * M/(M-1)`
    /// (M = N*HW) is what PyTorch folds into `running_var`; it is NaN when M == 1, where
    /// PyTorch refuses to train, so layers should reject that shape first.
    public static func trainingForward(input: UnsafePointer<Float>, batch: Int, channels: Int,
                                       spatial: Int, gamma: UnsafePointer<Float>,
                                       beta: UnsafePointer<Float>, epsilon: Float,
                                       output: UnsafeMutablePointer<Float>,
                                       mean: UnsafeMutablePointer<Float>,
                                       invStd: UnsafeMutablePointer<Float>,
                                       unbiasedVariance: UnsafeMutablePointer<Float>) {
        let count = batch * spatial
        parallelFor(0..<channels) { range in
            for c in range {
                // Two passes (mean, then squared deviations) avoid the cancellation of
                // E[x^2] - E[x]^2 on channels with a large mean.
                var sum = 0.0
                for n in 0..<batch {
                    let plane = input + (n * channels + c) * spatial
                    sum += Double(VectorSums.sum(plane, spatial))
                }
                let channelMean = count > 0 ? sum / Double(count) : 0
                let meanFloat = Float(channelMean)
                var squares = 0.0
                for n in 0..<batch {
                    let plane = input + (n * channels + c) * spatial
                    squares += Double(VectorSums.sumOfSquaredDeviations(plane, spatial, from: meanFloat))
                }
                let variance = count > 0 ? squares / Double(count) : 0
                let scale = 1 / (variance + Double(epsilon)).squareRoot()
                mean[c] = meanFloat
                invStd[c] = Float(scale)
                unbiasedVariance[c] = count > 1 ? Float(squares / Double(count - 1)) : .nan
                let multiplier = Float(scale) * gamma[c]
                let shift = beta[c] - meanFloat * multiplier
                for n in 0..<batch {
                    let offset = (n * channels + c) * spatial
                    let x = input + offset, y = output + offset
                    for i in 0..<spatial { y[i] = x[i] * multiplier + shift }
                }
            }
        }
    }

    /// Eval forward with running statistics:
    /// `y = (x - runningMean) / sqrt(runningVariance + eps) * gamma + beta`.
    public static func inferenceForward(input: UnsafePointer<Float>, batch: Int, channels: Int,
                                        spatial: Int, gamma: UnsafePointer<Float>,
                                        beta: UnsafePointer<Float>,
                                        runningMean: UnsafePointer<Float>,
                                        runningVariance: UnsafePointer<Float>, epsilon: Float,
                                        output: UnsafeMutablePointer<Float>) {
        scaleAndShift(input: input, batch: batch, channels: channels, spatial: spatial, output: output) { c in
            let multiplier = gamma[c] / (runningVariance[c] + epsilon).squareRoot()
            return (multiplier, beta[c] - runningMean[c] * multiplier)
        }
    }

    /// `y = x * multiplier + shift` with one (multiplier, shift) per channel of (N, C, HW),
    /// `coefficients(c)` asked once per channel.
    static func scaleAndShift(input: UnsafePointer<Float>, batch: Int, channels: Int, spatial: Int,
                              output: UnsafeMutablePointer<Float>,
                              _ coefficients: (Int) -> (multiplier: Float, shift: Float)) {
        parallelFor(0..<channels) { range in
            for c in range {
                let (multiplier, shift) = coefficients(c)
                for n in 0..<batch {
                    let offset = (n * channels + c) * spatial
                    let x = input + offset, y = output + offset
                    for i in 0..<spatial { y[i] = x[i] * multiplier + shift }
                }
            }
        }
    }

    /// Gradients of the training forward (batch statistics), with `xhat = (x - mean) * invStd`
    /// and M = N*HW: `dbeta = sum dy`, `dgamma = sum dy * xhat`,
    /// `dx = gamma * invStd / M * (M * dy - dbeta - xhat * dgamma)`.
    /// `mean` and `invStd` are the ones `trainingForward` returned.
    public static func backward(gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                                gamma: UnsafePointer<Float>, batch: Int, channels: Int,
                                spatial: Int, gradInput: UnsafeMutablePointer<Float>,
                                gradGamma: UnsafeMutablePointer<Float>,
                                gradBeta: UnsafeMutablePointer<Float>) {
        let count = batch * spatial
        parallelFor(0..<channels) { range in
            for c in range {
                let channelMean = mean[c], scale = invStd[c]
                var sumGrad = 0.0, sumGradCentered = 0.0
                for n in 0..<batch {
                    let offset = (n * channels + c) * spatial
                    let dy = gradOutput + offset, x = input + offset
                    let (partialGrad, partialCentered) =
                        VectorSums.sumAndCenteredDot(dy, x, spatial, center: channelMean)
                    sumGrad += Double(partialGrad)
                    sumGradCentered += Double(partialCentered)
                }
                let dBeta = Float(sumGrad)
                let dGamma = Float(sumGradCentered) * scale
                gradBeta[c] = dBeta
                gradGamma[c] = dGamma
                inputGradient(channel: c, dBeta: dBeta, dGamma: dGamma, count: count, mean: channelMean,
                              invStd: scale, gamma: gamma[c], gradOutput: gradOutput, input: input,
                              batch: batch, channels: channels, spatial: spatial, gradInput: gradInput)
            }
        }
    }

    /// dx of channel `c` from the channel's totals over all M = `count` values:
    /// `dx = k * (dy - dbeta/M - xhat * dgamma/M)`, k = gamma * invStd.
    @inline(__always)
    static func inputGradient(channel c: Int, dBeta: Float, dGamma: Float, count: Int, mean: Float,
                              invStd: Float, gamma: Float, gradOutput: UnsafePointer<Float>,
                              input: UnsafePointer<Float>, batch: Int, channels: Int, spatial: Int,
                              gradInput: UnsafeMutablePointer<Float>) {
        let k = gamma * invStd
        let meanGrad = count > 0 ? dBeta / Float(count) : 0
        let xhatCoefficient = count > 0 ? dGamma / Float(count) * invStd : 0
        for n in 0..<batch {
            let offset = (n * channels + c) * spatial
            let dy = gradOutput + offset, x = input + offset, dx = gradInput + offset
            for i in 0..<spatial {
                dx[i] = k * (dy[i] - meanGrad - (x[i] - mean) * xhatCoefficient)
            }
        }
    }
}
