// Checks Sources/Studio/Assets/studio-random.js against the golden numbers the Swift code
// wrote (Tests/StudioTests/Fixtures/browser-parity.json, BrowserParityTests): latents with and
// without truncation, attribute draws, condition vectors, tag text, a grid's seeds, and
// interpolation, all exactly equal; then generator-model.js's forward pass against the images
// the Swift FoldedGenerator draws from the same float16 files, for every upsampling mode
// (Tests/StudioTests/Fixtures/browser-forward.json, BrowserForwardTests), within 1e-4.
// Run by `make check-js`: node Scripts/check_browser_math.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { latent, planFace, slerp, lerp, tagText } from "../Sources/Studio/Assets/studio-random.js";
import { loadGenerator, forward } from "../Sources/Studio/Assets/generator-model.js";

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

const forwardCases = JSON.parse(readFileSync(`${root}/Tests/StudioTests/Fixtures/browser-forward.json`, "utf8"));
const largestDifferences = [];
for (const item of forwardCases) {
  checked += 1;
  const bytes = Buffer.from(item.weights, "base64");
  const generator = loadGenerator(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (generator.configuration.upsampling !== item.upsampling) problems.push(`forward ${item.upsampling}: the file says ${generator.configuration.upsampling}`);
  const image = forward(generator, Float32Array.from(item.z), Float32Array.from(item.condition));
  let largest = image.length === item.image.length ? 0 : Infinity;
  for (let i = 0; i < item.image.length; i++) largest = Math.max(largest, Math.abs(image[i] - item.image[i]));
  largestDifferences.push(`${item.upsampling} ${largest.toExponential(1)}`);
  if (!(largest <= 1e-4)) problems.push(`forward pass, ${item.upsampling} upsampling: largest difference ${largest} from the server's image (at most 1e-4)`);
}

if (problems.length) {
  console.error(`The page's scripts differ from the Swift code in ${problems.length} of ${checked} checks:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`studio-random.js and generator-model.js: ${checked} checks agree with the Swift golden numbers `
  + `(Tests/StudioTests/Fixtures/browser-parity.json, browser-forward.json; forward pass largest differences: ${largestDifferences.join(", ")})`);
