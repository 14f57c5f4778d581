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

/// The regression term of the classification loss for continuous attributes (and the
/// information term of learned codes).
public enum ContinuousLoss: String, Codable, Sendable, CaseIterable {
    /// Squared error between D's reading and the scaled value (a Gaussian of unit variance for
    /// the learned codes, as InfoGAN).
    case squaredError = "mse"
    /// Gaussian negative log-likelihood: D also reads a log-variance per attribute and image
    /// (extra columns of its class head, `ModelConfiguration.varianceOutputs`), so an attribute
    /// it reads precisely pulls harder on the generator than one it can only guess.
    case gaussian
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
    /// continuous attributes of the data (not the learned codes: `information`), the regression
    /// term `regression` (squared error or Gaussian NLL), each attribute's mean over the batch
    /// summed (so an attribute weighs like a group).
    public static func classification(_ logits: Tensor, labels: ConditionBatch,
                                      binaryWeighting: BinaryTagWeighting = .pooled,
                                      continuousLoss: ContinuousLoss = .squaredError) -> Tensor {
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
        if let targets = labels.continuousTargets, labels.layout.dataContinuousCount > 0 {
            let term = regression(logits, layout: labels.layout, targets: targets,
                                  attributes: 0..<labels.layout.dataContinuousCount, loss: continuousLoss)
            loss = loss.map { $0 + term } ?? term
        }
        return loss ?? Tensor(0)
    }

    /// The information term of learned codes (InfoGAN's lower bound of the mutual information
    /// between codes and images, negated): the Gaussian negative log-likelihood of each code
    /// given D's reading of the image, each code's mean over the batch summed. With
    /// `.squaredError` the Gaussian has unit variance, 0.5 (output - code)² (the constant
    /// dropped); with `.gaussian` D's log-variance columns give its variance. 0 without codes.
    public static func information(_ logits: Tensor, labels: ConditionBatch,
                                   continuousLoss: ContinuousLoss = .squaredError) -> Tensor {
        let layout = labels.layout
        guard layout.codeCount > 0, let targets = labels.continuousTargets else { return Tensor(0) }
        let codes = layout.dataContinuousCount..<layout.continuousCount
        if continuousLoss == .squaredError {
            return regression(logits, layout: layout, targets: targets, attributes: codes, loss: .squaredError) * 0.5
        }
        return regression(logits, layout: layout, targets: targets, attributes: codes, loss: .gaussian)
    }

    /// The largest log-variance D can read (and minus the smallest): its raw output r becomes
    /// B tanh(r / B), so exp(-s) stays finite while D learns.
    public static let logVarianceBound: Float = 5

    /// Sum over continuous attributes `attributes` (indices among the layout's continuous ones)
    /// of each one's mean over the batch of: (output - scaled value)² (`.squaredError`), or
    /// 0.5 (s + (output - scaled value)² exp(-s)) with s = B tanh(raw / B) read from D's
    /// log-variance column of the attribute (`.gaussian`).
    public static func regression(_ logits: Tensor, layout: ConditionLayout, targets: Tensor, attributes: Range<Int>,
                                  loss: ContinuousLoss) -> Tensor {
        guard !attributes.isEmpty else { return Tensor(0) }
        let start = layout.continuousOffset + attributes.lowerBound
        let outputs = logits.slice(alongAxis: 1, range: start..<(start + attributes.count))
        let wanted = attributes.count == layout.continuousCount ? targets : targets.slice(alongAxis: 1, range: attributes)
        let count = Float(attributes.count)
        switch loss {
        case .squaredError:
            return meanSquaredError(outputs, targets: wanted) * count
        case .gaussian:
            precondition(logits.shape[1] >= layout.length + layout.continuousCount,
                         "a Gaussian regression needs D's log-variance columns (ModelConfiguration.varianceOutputs)")
            let varianceStart = layout.length + attributes.lowerBound
            let raw = logits.slice(alongAxis: 1, range: varianceStart..<(varianceStart + attributes.count))
            let logVariance = (raw * (1 / logVarianceBound)).tanh() * logVarianceBound
            let squared = (outputs - wanted.detached()).squared()
            return ((logVariance + squared * (-logVariance).exp()) * 0.5).mean() * count
        }
    }

    /// The regression term of Lc for the data's continuous attributes alone, as a squared
    /// error whatever the loss trains with (so runs with either loss compare): sum over those
    /// attributes of the mean over the batch of (output - scaled value)².
    public static func continuousRegression(_ logits: Tensor, labels: ConditionBatch, targets: Tensor) -> Tensor {
        regression(logits, layout: labels.layout, targets: targets, attributes: 0..<labels.layout.dataContinuousCount,
                   loss: .squaredError)
    }
}
