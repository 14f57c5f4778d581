import Tensors

/// The losses of ACGAN (Odena, Olah & Shlens 2017), as in shared/spec/acgan64.md.
public enum ACGANLoss {
    /// Binary cross-entropy with logits against "real" (1) or "fake" (0) for every sample.
    public static func adversarial(_ logits: Tensor, real: Bool) -> Tensor {
        binaryCrossEntropyWithLogits(logits, targets: Tensor(repeating: real ? 1 : 0, shape: logits.shape))
    }

    /// The classification loss Lc: softmax cross-entropy per categorical group (each a mean over
    /// the batch, summed over groups) plus sigmoid BCE over all binary tags (one mean).
    public static func classification(_ logits: Tensor, labels: ConditionBatch) -> Tensor {
        var loss: Tensor? = nil
        var start = 0
        for (g, size) in labels.layout.groupSizes.enumerated() {
            let term = softmaxCrossEntropy(logits.slice(alongAxis: 1, range: start..<(start + size)),
                                           labels: labels.groupIndices[g])
            loss = loss.map { $0 + term } ?? term
            start += size
        }
        if let targets = labels.binaryTargets {
            let term = binaryCrossEntropyWithLogits(logits.slice(alongAxis: 1, range: start..<(start + labels.layout.binaryCount)),
                                                    targets: targets)
            loss = loss.map { $0 + term } ?? term
        }
        return loss ?? Tensor(0)
    }
}
