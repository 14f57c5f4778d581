// The page's copy of what the server does before it runs the generator, bit for bit:
// - SplitMix64 (Sources/Randomness/SplitMix64.swift), in BigInt since JavaScript numbers
//   are doubles and the generator needs exact 64-bit wrapping arithmetic;
// - LatentNoise.latent (Sources/ACGAN/LatentNoise.swift): Box-Muller normals, redrawn while
//   beyond the truncation threshold, rounded to float32; slerp and lerp for interpolation;
// - AttributeDraw.labels (Sources/AnimeData/AttributeDraw.swift): one draw per group, binary
//   tag and continuous attribute, always in vocabulary order, the chosen ones kept;
// - TagVocabulary.condition(for:) and text(for:) (Sources/AnimeData/TagVocabulary.swift);
// - FacePlan.face(at:) (Sources/Studio/FacePlan.swift): face i of a grid uses seed + i and
//   attributeSeed + i, modulo 2^53.
// Tests/StudioTests/BrowserParityTests.swift pins the Swift side to golden numbers in
// Tests/StudioTests/Fixtures/browser-parity.json, and Scripts/check_browser_math.mjs (make check-js)
// pins this file to the same numbers. Plain ES module: no DOM, so Node and workers load it too.

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9E3779B97F4A7C15n;
/** Seeds live in 0 ..< 2^53 (StudioLimits.seedModulus), so a seed is an exact JS number. */
export const SEED_MODULUS = 2n ** 53n;
/** LatentNoise.maximumDraws. */
export const MAXIMUM_DRAWS = 1000;

/** SplitMix64 (Steele, Lea & Flood 2014), as Sources/Randomness/SplitMix64.swift. */
export class SplitMix64 {
  /** @param {number|bigint} seed an integer in 0 ..< 2^64 */
  constructor(seed) {
    this.state = BigInt.asUintN(64, BigInt(seed));
  }

  /** The next 64 random bits, as a BigInt. */
  next() {
    this.state = (this.state + GOLDEN_GAMMA) & MASK64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK64;
    return z ^ (z >> 31n);
  }

  /** A uniform double in [0, 1) from the top 53 bits (exact in a JS number). */
  nextUnit() {
    return Number(this.next() >> 11n) * 2 ** -53;
  }

  /** A standard normal by Box-Muller: radius first, then angle, as the Swift code draws them. */
  nextStandardNormal() {
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextUnit()));
    const angle = 2 * Math.PI * this.nextUnit();
    return radius * Math.cos(angle);
  }
}

/**
 * LatentNoise.latent(seed:size:truncation:): `size` float32 standard normals, each redrawn
 * while its magnitude exceeds `truncation` (null for none).
 */
export function latent(seed, size, truncation = null) {
  const rng = new SplitMix64(seed);
  const values = new Float32Array(size);
  for (let index = 0; index < size; index++) {
    let value = rng.nextStandardNormal();
    if (truncation !== null && truncation !== undefined) {
      let draws = 1;
      while (Math.abs(value) > truncation) {
        if (draws >= MAXIMUM_DRAWS) {
          value = Math.max(-truncation, Math.min(truncation, value));
          break;
        }
        value = rng.nextStandardNormal();
        draws += 1;
      }
    }
    values[index] = value;   // float32 rounding, as Float(value)
  }
  return values;
}

/** LatentNoise.slerp: spherical interpolation in doubles, rounded to float32. */
export function slerp(start, end, fraction) {
  let dot = 0, startNorm = 0, endNorm = 0;
  for (let i = 0; i < start.length; i++) {
    dot += start[i] * end[i];
    startNorm += start[i] * start[i];
    endNorm += end[i] * end[i];
  }
  const cosine = startNorm > 0 && endNorm > 0
    ? Math.max(-1, Math.min(1, dot / (Math.sqrt(startNorm) * Math.sqrt(endNorm))))
    : 1;
  const angle = Math.acos(cosine);
  let startWeight, endWeight;
  if (Math.sin(angle) < 1e-6) {
    startWeight = 1 - fraction;
    endWeight = fraction;
  } else {
    startWeight = Math.sin((1 - fraction) * angle) / Math.sin(angle);
    endWeight = Math.sin(fraction * angle) / Math.sin(angle);
  }
  const result = new Float32Array(start.length);
  for (let i = 0; i < start.length; i++) result[i] = startWeight * start[i] + endWeight * end[i];
  return result;
}

/** LatentNoise.lerp: a straight-line blend of two condition vectors, rounded to float32. */
export function lerp(start, end, fraction) {
  const result = new Float32Array(start.length);
  for (let i = 0; i < start.length; i++) result[i] = (1 - fraction) * start[i] + fraction * end[i];
  return result;
}

/** ContinuousAttribute.value(quantile:): the inverse of the stored piecewise-linear CDF. */
export function continuousValue(attribute, uniform) {
  const quantiles = attribute.quantiles;
  if (!quantiles || quantiles.length < 2) return attribute.minimum + uniform * (attribute.maximum - attribute.minimum);
  const position = uniform * (quantiles.length - 1);
  const low = Math.min(Math.floor(position), quantiles.length - 2);
  return quantiles[low] + (position - low) * (quantiles[low + 1] - quantiles[low]);
}

/** ContinuousAttribute.scaled: the value mapped to [-1, 1] over the attribute's range. */
export function scaled(attribute, value) {
  if (!(attribute.maximum > attribute.minimum)) return 0;
  return Math.fround(2 * (value - attribute.minimum) / (attribute.maximum - attribute.minimum) - 1);
}

/**
 * AttributeDraw.labels(for:vocabulary:seed:). `selection` has `groupIndices`, `binaryTags` and
 * `continuous`, arrays in vocabulary order whose null entries are random.
 */
export function drawLabels(selection, vocabulary, seed) {
  const rng = new SplitMix64(seed);
  const groupIndices = vocabulary.groups.map((group, groupIndex) => {
    const uniform = rng.nextUnit();
    let drawn = group.values.length - 1;
    let cumulative = 0;
    for (let valueIndex = 0; valueIndex < group.priors.length; valueIndex++) {
      cumulative += group.priors[valueIndex];
      if (uniform < cumulative) {
        drawn = valueIndex;
        break;
      }
    }
    return selection.groupIndices[groupIndex] ?? drawn;
  });
  const binaryTags = vocabulary.binaryTags.map((tag, tagIndex) => {
    const drawn = rng.nextUnit() < tag.prior;
    return selection.binaryTags[tagIndex] ?? drawn;
  });
  const continuous = (vocabulary.continuous || []).map((attribute, index) => {
    const drawn = continuousValue(attribute, rng.nextUnit());
    return selection.continuous[index] ?? drawn;
  });
  return { groupIndices, binaryTags, continuous };
}

/** Condition entries: one per group value, one per binary tag, one per continuous attribute. */
export function conditionLength(vocabulary) {
  return vocabulary.groups.reduce((sum, group) => sum + group.values.length, 0)
    + vocabulary.binaryTags.length + (vocabulary.continuous || []).length;
}

/** TagVocabulary.condition(for:): one-hot per group, 0/1 per tag, then continuous values in [-1, 1]. */
export function condition(vocabulary, labels) {
  const vector = new Float32Array(conditionLength(vocabulary));
  let start = 0;
  vocabulary.groups.forEach((group, groupIndex) => {
    vector[start + labels.groupIndices[groupIndex]] = 1;
    start += group.values.length;
  });
  vocabulary.binaryTags.forEach((tag, tagIndex) => { vector[start + tagIndex] = labels.binaryTags[tagIndex] ? 1 : 0; });
  start += vocabulary.binaryTags.length;
  (vocabulary.continuous || []).forEach((attribute, index) => { vector[start + index] = scaled(attribute, labels.continuous[index]); });
  return vector;
}

/** ContinuousAttribute.format: Swift's shortest description of a Double, "0.5", "1e-05", "2". */
export function formatValue(value) {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude < 1e-4 || magnitude >= 2 ** 53)) {
    // Swift writes exponents with a sign and at least two digits: 1e-05, 1e+16.
    const [mantissa, exponent] = value.toExponential().split("e");
    const sign = exponent[0] === "-" ? "-" : "+";
    const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

/** TagVocabulary.text(for:): group values, the binary tags that are on, name=value per continuous attribute. */
export function tagText(vocabulary, labels) {
  const phrases = vocabulary.groups.map((group, index) => group.values[labels.groupIndices[index]]);
  vocabulary.binaryTags.forEach((tag, index) => { if (labels.binaryTags[index]) phrases.push(tag.name); });
  (vocabulary.continuous || []).forEach((attribute, index) => phrases.push(`${attribute.name}=${formatValue(labels.continuous[index])}`));
  return phrases.join(" ");
}

/** FaceResponse.attributes: every attribute by name with its value. */
export function attributesOf(vocabulary, labels) {
  const attributes = {};
  vocabulary.groups.forEach((group, index) => { attributes[group.name] = group.values[labels.groupIndices[index]]; });
  vocabulary.binaryTags.forEach((tag, index) => { attributes[tag.name] = labels.binaryTags[index]; });
  (vocabulary.continuous || []).forEach((attribute, index) => { attributes[attribute.name] = labels.continuous[index]; });
  return attributes;
}

/**
 * The page's attributes object (name to value phrase, true/false, number, or null) as a
 * selection, checked as FacePlan.selection(from:) checks it; throws an Error that names
 * the attribute at fault.
 */
export function selectionFromAttributes(vocabulary, attributes) {
  const continuous = vocabulary.continuous || [];
  const selection = {
    groupIndices: vocabulary.groups.map(() => null),
    binaryTags: vocabulary.binaryTags.map(() => null),
    continuous: continuous.map(() => null),
  };
  for (const [name, choice] of Object.entries(attributes || {})) {
    if (choice === null || choice === undefined || choice === "random") continue;
    const key = name.toLowerCase();
    const groupIndex = vocabulary.groups.findIndex((group) => group.name.toLowerCase() === key);
    const tagIndex = vocabulary.binaryTags.findIndex((tag) => tag.name.toLowerCase() === key);
    const attributeIndex = continuous.findIndex((attribute) => attribute.name === key);
    if (groupIndex >= 0) {
      const group = vocabulary.groups[groupIndex];
      const valueIndex = typeof choice === "string" ? group.values.findIndex((value) => value.toLowerCase() === choice.toLowerCase()) : -1;
      if (valueIndex < 0) throw new Error(`Unknown value "${choice}" for ${group.name}; known: ${group.values.join(", ")}.`);
      selection.groupIndices[groupIndex] = valueIndex;
    } else if (tagIndex >= 0) {
      if (typeof choice !== "boolean") throw new Error(`${vocabulary.binaryTags[tagIndex].name} must be true, false or null.`);
      selection.binaryTags[tagIndex] = choice;
    } else if (attributeIndex >= 0) {
      const attribute = continuous[attributeIndex];
      if (typeof choice !== "number" || !(choice >= attribute.minimum && choice <= attribute.maximum)) {
        throw new Error(`${attribute.name} is ${choice}, but it must be a number from ${formatValue(attribute.minimum)} to ${formatValue(attribute.maximum)}.`);
      }
      selection.continuous[attributeIndex] = choice;
    } else {
      throw new Error(`Unknown attribute "${name}" for this model.`);
    }
  }
  return selection;
}

/** (seed + offset) mod 2^53, exactly (a sum past 2^53 is not exact in doubles). */
export function offsetSeed(seed, offset) {
  return Number((BigInt(seed) + BigInt(offset)) % SEED_MODULUS);
}

/**
 * FacePlan.face(at:): face `offset` of a request: its seeds, labels, condition and latent.
 * `request` has `attributes`, `seed`, `attributeSeed` and `truncation` (null for none).
 */
export function planFace(vocabulary, latentSize, request, offset = 0) {
  const selection = selectionFromAttributes(vocabulary, request.attributes);
  const seed = offsetSeed(request.seed, offset);
  const attributeSeed = offsetSeed(request.attributeSeed, offset);
  const labels = drawLabels(selection, vocabulary, attributeSeed);
  return {
    seed, attributeSeed, labels,
    condition: condition(vocabulary, labels),
    latent: latent(seed, latentSize, request.truncation ?? null),
  };
}
