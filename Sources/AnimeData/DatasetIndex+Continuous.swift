extension DatasetIndex {
    /// The continuous attributes of a data set's `name=value` words, and what was left out.
    struct ContinuousFinding {
        /// The attributes, sorted by name (numbers by value; the synthetic avatars' factors in
    /// their own order), with the range and quantiles of
        /// the values on the lines that give all of them and whose tags read.
        var attributes: [ContinuousAttribute]
        /// Names on fewer lines than the minimum, written "name=" (lines with them are refused).
        var rareNames: [VocabularyChoice.RareTag]
        /// Which rule made them, for people.
        var rule: String
    }

    /// Continuous attributes from the `name=value` words of every line (`values`, one list per
    /// line): a name on at least `minimumTagCount` lines is an attribute; its range and
    /// distribution are those of the lines whose tags read (`tagsParsed`) and that give every
    /// attribute. What a mirror does to a value is known only for the synthetic avatars' hidden
    /// factors (tags of `syntheticAvatars` and names among `SyntheticDataset.continuousMirrors`);
    /// otherwise it is left unstated, and training turns flips off until a vocabulary file
    /// states it.
    static func continuousAttributes(values: [[(name: String, value: Double)]], tagsParsed: [Bool],
                                     tagVocabulary: TagVocabulary, minimumTagCount: Int) -> ContinuousFinding {
        var counts: [String: Int] = [:]
        for line in values {
            for name in Set(line.map(\.name)) { counts[name, default: 0] += 1 }
        }
        var names = counts.filter { $0.value >= minimumTagCount }.keys.sorted(by: TagVocabulary.naturalOrder)
        let rare = counts.filter { $0.value < minimumTagCount }
            .map { VocabularyChoice.RareTag(tag: "\($0.key)=", count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : TagVocabulary.naturalOrder($0.tag, $1.tag) }
        let known = Set(names)
        var observed: [String: [Double]] = [:]
        for (line, usable) in zip(values, tagsParsed) where usable {
            let given = Dictionary(line.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            guard known.isSubset(of: given.keys), !line.contains(where: { counts[$0.name]! < minimumTagCount }) else { continue }
            for name in names { observed[name, default: []].append(given[name]!) }
        }
        let synthetic = tagVocabulary == .syntheticAvatars
            && known.isSubset(of: SyntheticDataset.continuousMirrors.map(\.name))
        // The synthetic avatars' factors keep the order `acgan synth --continuous` writes them in.
        if synthetic { names = SyntheticDataset.continuousMirrors.map(\.name).filter { known.contains($0) } }
        let mirrors = Dictionary(uniqueKeysWithValues: SyntheticDataset.continuousMirrors.map { ($0.name, $0.mirror) })
        let attributes = names.compactMap { name in
            observed[name].map { ContinuousAttribute.observed(name: name, values: $0, mirror: synthetic ? mirrors[name] : nil) }
        }
        let list = attributes.map(\.name).joined(separator: ", ")
        var rule = "\(attributes.count) continuous \(attributes.count == 1 ? "attribute" : "attributes") from name=value words"
            + (attributes.isEmpty ? "" : " (\(list)), ranges from the data")
        if !attributes.isEmpty {
            rule += synthetic ? ", mirror behaviour of the synthetic avatars' hidden factors"
                : ", mirror behaviour not stated (flips are turned off; state \"mirror\" in a --vocabulary file)"
        }
        return ContinuousFinding(attributes: attributes, rareNames: rare, rule: rule)
    }
}
