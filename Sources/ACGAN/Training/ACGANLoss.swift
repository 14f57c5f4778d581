import Tensors

/// How the binary (on/off) tags enter the classification loss.
public enum BinaryTagWeighting: String, Codable, Sendable, CaseIterable {
    /// One binary cross-entropy averaged over every binary tag: all on/off tags together weigh
    /// as much as one categorical group (shared/spec/acgan64.md, the PyTorch reference).
    case pooled
    /// Each binary tag's mean cross-entropy counts like a categorical group's, so a rare or subtle
    /// tag (smile, glasses) pulls as hard as hair colour.
    case perTag = "per-tag"
}

/// The losses of ACGAN (Odena, Olah & Shlens 2017), as in shared/spec/acgan64.md.
public enum ACGANLoss {
    /// Binary cross-entropy with logits against "real" (1) or "fake" (0) for every sample.
    public static func adversarial(_ logits: Tensor, real: Bool) -> Tensor {
        binaryCrossEntropyWithLogits(logits, targets: Tensor(repeating: real ? 1 : 0, shape: logits.shape))
    }

    /// The classification loss Lc: softmax cross-entropy per categorical group (each a mean over
    /// the batch, summed over groups) plus sigmoid BCE over the binary tags: one mean over all of
    /// them (`.pooled`, the reference) or the sum of each tag's mean (`.perTag`); plus, for
    /// continuous attributes, the regression term: the squared error between D's outputs in
    /// those columns and the scaled values, each attribute's mean over the batch summed (so
    /// an attribute weighs like a group).
    public static func classification(_ logits: Tensor, labels: ConditionBatch,
                                      binaryWeighting: BinaryTagWeighting = .pooled) -> Tensor {
        var loss: Tensor? = nil
        var start = 0
        for (g, size) in labels.layout.groupSizes.enumerated() {
            let term = softmaxCrossEntropy(logits.slice(alongAxis: 1, range: start..<(start + size)),
                                           labels: labels.groupIndices[g])
            loss = loss.map { $0 + term } ?? term
            start += size
        }
        if let targets = labels.binaryTargets {
            let binaryCount = labels.layout.binaryCount
            var term = binaryCrossEntropyWithLogits(logits.slice(alongAxis: 1, range: start..<(start + binaryCount)),
                                                    targets: targets)
            // The mean over N x B values times B is the sum over tags of each tag's mean over N.
            if binaryWeighting == .perTag { term = term * Float(binaryCount) }
            loss = loss.map { $0 + term } ?? term
        }
        if let targets = labels.continuousTargets {
            let term = continuousRegression(logits, labels: labels, targets: targets)
            loss = loss.map { $0 + term } ?? term
        }
        return loss ?? Tensor(0)
    }

    /// The regression term of Lc alone: sum over continuous attributes of the mean over the
    /// batch of (output - scaled value)², i.e. MSE over (N, K) times K.
    public static func continuousRegression(_ logits: Tensor, labels: ConditionBatch, targets: Tensor) -> Tensor {
        let layout = labels.layout
        let outputs = logits.slice(alongAxis: 1, range: layout.continuousOffset..<(layout.continuousOffset + layout.continuousCount))
        return meanSquaredError(outputs, targets: targets) * Float(layout.continuousCount)
    }
}
