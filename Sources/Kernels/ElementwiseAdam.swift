/// Adam's update of one parameter, in place, as PyTorch's `torch.optim.Adam` (single tensor,
/// `amsgrad=False`, L2 weight decay added to the gradient):
/// g += wd*p; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
public enum AdamKernel {
    public static func update(
        parameter p: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
        firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>, count: Int,
        learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float, step: Int
    ) {
        let biasCorrection1 = 1 - Float(pow(Double(beta1), Double(step)))
        let biasCorrection2Root = Float((1 - pow(Double(beta2), Double(step))).squareRoot())
        let stepSize = learningRate / biasCorrection1
        parallelFor(0..<count, minimumChunkSize: Elementwise.parallelGrain) { range in
          for i in range {
            let grad = weightDecay == 0 ? g[i] : g[i] + weightDecay * p[i]
            m[i] = beta1 * m[i] + (1 - beta1) * grad
            v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
            p[i] -= stepSize * m[i] / (v[i].squareRoot() / biasCorrection2Root + epsilon)
          }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
