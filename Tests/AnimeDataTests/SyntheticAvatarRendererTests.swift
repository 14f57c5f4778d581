import AnimeData
import Imaging
import Testing
import Randomness

/// Pixel regions of a 64x64 reference avatar (no tilt, no offset, scale 1), in pixels; the
/// design space is 100 units wide, so a design coordinate times 0.64 is a pixel coordinate.
private enum Region {
    static let bangs = (x: 19..<45, y: 9..<22)       // design x 30...70, y 14...34
    static let eyes = (x: 21..<44, y: 32..<42)       // design x 33...67, y 50...65
    static let cheeks = (x: 20..<44, y: 41..<46)     // design y 64.5...70
    static let mouth = (x: 27..<37, y: 44..<51)      // design x 43...57, y 69...79
}

private func count(near color: AvatarColor, within distance: Double, in image: RGBImage,
                   region: (x: Range<Int>, y: Range<Int>)) -> Int {
    let (red, green, blue) = color.bytes
    var found = 0
    for y in region.y {
        for x in region.x {
            let pixel = image[x, y]
            let dr = Double(pixel.red) - Double(red), dg = Double(pixel.green) - Double(green)
            let db = Double(pixel.blue) - Double(blue)
            if (dr * dr + dg * dg + db * db).squareRoot() <= distance { found += 1 }
        }
    }
    return found
}

/// Pixels whose largest channel difference exceeds 40 (a change a viewer sees).
private func changedPixels(_ a: RGBImage, _ b: RGBImage) -> Int {
    stride(from: 0, to: a.pixels.count, by: 3).filter { index in
        (0..<3).contains { abs(Int(a.pixels[index + $0]) - Int(b.pixels[index + $0])) > 40 }
    }.count
}

private let base = AvatarAttributes(hairColor: .brown, hairStyle: .short, eyeColor: .blue)

@Test func rendererIsDeterministicAndNuisanceMatters() throws {
    let renderer = try AvatarRenderer(size: 64)
    var rng = SplitMix64(seed: 5)
    let nuisance = AvatarNuisance.random(using: &rng)
    let first = try renderer.render(base, nuisance: nuisance)
    #expect(first.width == 64 && first.height == 64 && first.pixels.count == 64 * 64 * 3)
    #expect(try renderer.render(base, nuisance: nuisance) == first)
    let other = AvatarNuisance.random(using: &rng)
    #expect(changedPixels(try renderer.render(base, nuisance: other), first) > 200)
}

@Test func everyHairColourIsTheNearestPaletteColourInTheBangs() throws {
    let renderer = try AvatarRenderer(size: 64)
    let palette = AvatarAttributes.HairColor.allCases
    for hair in palette {
        var attributes = base
        attributes.hairColor = hair
        let image = try renderer.render(attributes)
        let counts = palette.map { count(near: $0.color, within: 24, in: image, region: Region.bangs) }
        // At least 100 of the 338 bangs pixels carry the colour, and no other hair colour
        // (silver vs white vs grey, aqua vs blue included) is matched as often.
        #expect(counts[palette.firstIndex(of: hair)!] >= 100, "\(hair): \(counts)")
        #expect(counts.firstIndex(of: counts.max()!) == palette.firstIndex(of: hair), "\(hair): \(counts)")
    }
}

@Test func everyEyeColourIsTheNearestPaletteColourInTheEyes() throws {
    let renderer = try AvatarRenderer(size: 64)
    let palette = AvatarAttributes.EyeColor.allCases
    for eye in palette {
        var attributes = base
        attributes.eyeColor = eye
        attributes.hairColor = .pink  // keep dark hair pixels out of the eye band
        let image = try renderer.render(attributes)
        let counts = palette.map { count(near: $0.color, within: 40, in: image, region: Region.eyes) }
        // Lashes and pupils are near black in every face, so black eyes are told apart by
        // the absence of any iris colour, and the others compete among the chromatic colours.
        let chromatic = palette.indices.filter { palette[$0] != .black }
        if eye == .black {
            #expect(chromatic.allSatisfy { counts[$0] <= 2 }, "\(eye): \(counts)")
        } else {
            #expect(counts[palette.firstIndex(of: eye)!] >= 20, "\(eye): \(counts)")
            let best = chromatic.max { counts[$0] < counts[$1] }
            #expect(best == palette.firstIndex(of: eye), "\(eye): \(counts)")
        }
    }
}

@Test func glassesPixelsAppearOnlyWithGlasses() throws {
    let renderer = try AvatarRenderer(size: 64)
    var nuisance = AvatarNuisance.reference
    nuisance.glassesColor = AvatarColor(20, 170, 60)  // a frame colour used nowhere else here
    var attributes = base
    let without = try renderer.render(attributes, nuisance: nuisance)
    attributes.tags.insert(.glasses)
    let with = try renderer.render(attributes, nuisance: nuisance)
    let frame = nuisance.glassesColor
    #expect(count(near: frame, within: 60, in: without, region: (0..<64, 0..<64)) == 0)
    #expect(count(near: frame, within: 60, in: with, region: Region.eyes) >= 40)
}

@Test func blushAddsPinkToTheCheeks() throws {
    let renderer = try AvatarRenderer(size: 64)
    var attributes = base
    let plain = try renderer.render(attributes)
    attributes.tags.insert(.blush)
    let blushing = try renderer.render(attributes)
    let pink = AvatarColor(255, 160, 170)
    let before = count(near: pink, within: 45, in: plain, region: Region.cheeks)
    let after = count(near: pink, within: 45, in: blushing, region: Region.cheeks)
    #expect(before == 0 && after >= 20, "pink cheek pixels: \(before) -> \(after)")
}

@Test func everyBinaryTagVisiblyChangesTheImage() throws {
    let renderer = try AvatarRenderer(size: 64)
    var rng = SplitMix64(seed: 11)
    // Smallest number of visibly changed pixels per tag, over several random nuisances.
    let minimum: [AvatarAttributes.Tag: Int] = [.blush: 12, .smile: 4, .openMouth: 6, .hat: 150, .ribbon: 25, .glasses: 40]
    for _ in 0..<6 {
        let nuisance = AvatarNuisance.random(using: &rng)
        let off = try renderer.render(base, nuisance: nuisance)
        for tag in AvatarAttributes.Tag.allCases {
            var attributes = base
            attributes.tags.insert(tag)
            let changed = changedPixels(try renderer.render(attributes, nuisance: nuisance), off)
            #expect(changed >= minimum[tag]!, "\(tag) changed \(changed) pixels")
        }
    }
}

@Test func smileNeutralAndOpenMouthDifferInTheMouthRegion() throws {
    let renderer = try AvatarRenderer(size: 64)
    let variants: [Set<AvatarAttributes.Tag>] = [[], [.smile], [.openMouth], [.smile, .openMouth]]
    let images = try variants.map { tags in
        var attributes = base
        attributes.tags = tags
        return try renderer.render(attributes)
    }
    let darkRed = AvatarColor(150, 32, 40)
    for (index, image) in images.enumerated() {
        for other in images[(index + 1)...] { #expect(changedPixels(image, other) >= 4) }
        let inside = count(near: darkRed, within: 50, in: image, region: Region.mouth)
        // Only open mouths show the dark red inside.
        if variants[index].contains(.openMouth) { #expect(inside >= 6) } else { #expect(inside == 0) }
    }
}

@Test func hairStylesHaveDistinctSilhouettes() throws {
    let renderer = try AvatarRenderer(size: 64)
    var masks: [AvatarAttributes.HairStyle: [Bool]] = [:]
    for style in AvatarAttributes.HairStyle.allCases {
        var attributes = base
        attributes.hairStyle = style
        attributes.hairColor = .green
        let image = try renderer.render(attributes)
        let green = AvatarAttributes.HairColor.green.color
        masks[style] = (0..<(64 * 64)).map { index in
            count(near: green, within: 60, in: image, region: (index % 64..<index % 64 + 1, index / 64..<index / 64 + 1)) == 1
        }
    }
    let styles = AvatarAttributes.HairStyle.allCases
    for (index, style) in styles.enumerated() {
        for other in styles[(index + 1)...] {
            let differing = zip(masks[style]!, masks[other]!).filter { $0 != $1 }.count
            #expect(differing >= 150, "\(style) vs \(other): \(differing) hair pixels differ")
        }
    }
}

@Test func labelsRoundTripThroughAttributes() throws {
    let vocabulary = TagVocabulary.syntheticAvatars
    let labels = TagLabels(groupIndices: [0, 2, 0], binaryTags: [true, true, false, false, false, true])
    let attributes = try AvatarAttributes(labels: labels)
    #expect(attributes == AvatarAttributes(hairColor: .blonde, hairStyle: .twinTail, eyeColor: .blue,
                                           tags: [.blush, .smile, .glasses]))
    #expect(try attributes.labels(in: vocabulary) == labels)
    #expect(attributes.tagPhrase == vocabulary.text(for: labels))
    #expect(attributes.tagPhrase == "blonde hair twin tail blue eyes blush smile glasses")
    // Every phrase of the vocabulary is drawable, in the vocabulary's order.
    #expect(vocabulary.groups[0].values == AvatarAttributes.HairColor.allCases.map(\.rawValue))
    #expect(vocabulary.groups[1].values == AvatarAttributes.HairStyle.allCases.map(\.rawValue))
    #expect(vocabulary.groups[2].values == AvatarAttributes.EyeColor.allCases.map(\.rawValue))
    #expect(vocabulary.binaryTags.map(\.name) == AvatarAttributes.Tag.allCases.map(\.rawValue))
}

@Test func badInputsAreTypedErrors() throws {
    #expect(throws: SyntheticAvatarError.invalidSize(4)) { try AvatarRenderer(size: 4) }
    #expect(throws: SyntheticAvatarError.self) {
        try AvatarAttributes(labels: TagLabels(groupIndices: [0, 0], binaryTags: []))
    }
    #expect(throws: SyntheticAvatarError.self) {
        try AvatarAttributes(labels: TagLabels(groupIndices: [0, 9, 0], binaryTags: Array(repeating: false, count: 6)))
    }
    #expect(throws: SyntheticAvatarError.self) {
        try AvatarAttributes(labels: TagLabels(groupIndices: [0, 0], binaryTags: []), vocabulary: .animeFaces)
    }
}
