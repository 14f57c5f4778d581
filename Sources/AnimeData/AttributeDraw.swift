import Randomness

/// Fills the "random" attributes of a selection from the vocabulary's priors, reproducibly.
///
/// Unlike a draw that only consumes randomness for the random entries, this one draws a
/// value for every group and every binary tag, always in vocabulary order, and then keeps
/// the chosen ones. So with a fixed attribute seed, choosing "blue hair" changes the hair and
/// nothing else: the eye colour that was drawn before is drawn again. That is what the page's
/// "Fix all" relies on to change one thing at a time.
public enum AttributeDraw {
    /// Complete `selection` with draws from `SplitMix64(seed:)`: for each group one
    /// uniform u picks the first value whose cumulative prior exceeds u; for each binary tag
    /// one uniform u gives "on" when u < prior; then for each continuous attribute one uniform
    /// u gives the value at quantile u of its observed distribution (min + u (max - min)
    /// without one). A vocabulary without continuous attributes draws exactly as before.
    public static func labels(
        for selection: TagSelection, vocabulary: TagVocabulary, seed: UInt64
    ) -> TagLabels {
        var rng = SplitMix64(seed: seed)
        var groupIndices: [Int] = []
        for (groupIndex, group) in vocabulary.groups.enumerated() {
            let uniform = rng.nextUnit()
            var drawn = group.values.count - 1
            var cumulative = 0.0
            for (valueIndex, prior) in group.priors.enumerated() {
                cumulative += prior
                if uniform < cumulative {
                    drawn = valueIndex
                    break
                }
            }
            groupIndices.append(selection.groupIndices[groupIndex] ?? drawn)
        }
        var binaryTags: [Bool] = []
        for (tagIndex, tag) in vocabulary.binaryTags.enumerated() {
            let drawn = rng.nextUnit() < tag.prior
            binaryTags.append(selection.binaryTags[tagIndex] ?? drawn)
        }
        var continuous: [Double] = []
        for (index, attribute) in vocabulary.continuous.enumerated() {
            let drawn = attribute.value(quantile: rng.nextUnit())
            continuous.append(selection.continuousValue(index) ?? drawn)
        }
        return TagLabels(groupIndices: groupIndices, binaryTags: binaryTags, continuous: continuous)
    }
}
