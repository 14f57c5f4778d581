// Checks Sources/Studio/Assets/studio-random.js against the golden numbers the Swift code
// wrote (Tests/StudioTests/Fixtures/browser-parity.json, BrowserParityTests): latents with and
// without truncation, attribute draws, condition vectors, tag text, a grid's seeds, and
// interpolation, all exactly equal. Run by `make check-js`: node Scripts/check_browser_math.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { latent, planFace, slerp, lerp, tagText } from "../Sources/Studio/Assets/studio-random.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const golden = JSON.parse(readFileSync(`${root}/Tests/StudioTests/Fixtures/browser-parity.json`, "utf8"));
const { vocabulary, latentSize } = golden;
let checked = 0;
const problems = [];

function same(what, actual, expected) {
  checked += 1;
  const a = JSON.stringify(Array.from(actual)), e = JSON.stringify(Array.from(expected));
  if (a !== e) problems.push(`${what}:\n  page   ${a}\n  server ${e}`);
}

const request = (r) => ({ attributes: r.attributes, seed: r.seed, attributeSeed: r.attributeSeed, truncation: r.truncation ?? null });

for (const item of golden.latents) {
  same(`latent seed ${item.seed} truncation ${item.truncation}`, latent(item.seed, latentSize, item.truncation ?? null), item.values);
}
for (const item of golden.faces) {
  const face = planFace(vocabulary, latentSize, request(item.request), item.offset);
  const what = `face ${JSON.stringify(item.request)} at ${item.offset}`;
  same(`${what}: seeds`, [face.seed, face.attributeSeed], [item.seed, item.attributeSeed]);
  same(`${what}: groups`, face.labels.groupIndices, item.groupIndices);
  same(`${what}: tags`, face.labels.binaryTags, item.binaryTags);
  same(`${what}: continuous`, face.labels.continuous, item.continuous);
  same(`${what}: condition`, face.condition, item.condition);
  same(`${what}: tag text`, [tagText(vocabulary, face.labels)], [item.tags]);
  same(`${what}: latent`, face.latent.slice(0, 8), item.latentHead);
}
for (const item of golden.interpolations) {
  const from = planFace(vocabulary, latentSize, request(item.from), 0), to = planFace(vocabulary, latentSize, request(item.to), 0);
  same(`slerp at ${item.fraction}`, slerp(from.latent, to.latent, item.fraction).slice(0, 8), item.latentHead);
  same(`lerp at ${item.fraction}`, lerp(from.condition, to.condition, item.fraction), item.condition);
}

if (problems.length) {
  console.error(`studio-random.js differs from the Swift definitions in ${problems.length} of ${checked} checks:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`studio-random.js: ${checked} checks equal the Swift golden numbers (Tests/StudioTests/Fixtures/browser-parity.json)`);
