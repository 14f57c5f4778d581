// The generator G's forward pass in plain JavaScript (typed arrays), for generating in the
// browser. It reads the file of GET /api/model/weights (what `acgan export --half` writes),
// folds every eval-mode batch norm into the layer before it exactly as
// Sources/ACGAN/Models/FoldedGenerator.swift does (scale s = gamma / sqrt(var + eps) and
// shift beta - mean s in doubles, each rounded once to float32), and runs the folded
// program, whose steps are named after the ONNX operators of `acgan export --format onnx`
// (Sources/ACGAN/Models/FoldedGenerator+ONNX.swift).
//
// IMPLEMENTED_OPERATORS and IMPLEMENTED_MODULES are read by
// Tests/StudioTests/BrowserGeneratorCoverageTests.swift: it fails when the Generator gains a
// module type, or its folded program an operator, that this file does not list, and when
// this file lists one the Generator no longer has.
//
// Accumulation is in doubles (the server accumulates in float32, in another order), and the
// weights are float16; so faces match the server's within a level or two of 255, not bit for bit.
import { readSafetensors } from "./safetensors-reader.js";

/** The ONNX operators of the folded generator that `OPERATORS` below implements. */
export const IMPLEMENTED_OPERATORS = [
  "Concat", "Gemm", "Relu", "Reshape", "Conv", "Add", "Mul", "DepthToSpace", "Resize", "Tanh",
];

/** The module types of `Generator` whose weights `foldGenerator` reads. */
export const IMPLEMENTED_MODULES = [
  "Generator", "Linear", "BatchNorm2d", "Sequential", "GeneratorResidualBlock", "UpsampleBlock", "PixelShuffle", "Conv2d",
];

/** The upsampling modes of ModelConfiguration (GeneratorUpsampling). */
export const IMPLEMENTED_UPSAMPLING = ["pixel-shuffle", "nearest"];

/** ModelConfiguration.baseSize: the generator starts at 16x16. */
const BASE = 16;
/** BatchNorm2d's epsilon (1e-5 as a Float, widened to Double as the Swift fold does). */
const EPSILON = Math.fround(1e-5);

/** A problem with a weights file, said so that a person knows what to do. */
export class GeneratorFileError extends Error {}

// ---------------------------------------------------------------------------------------
// Folding (FoldedGenerator.swift)

/** The generator's tensors: `G.` keys (generator files), else bare keys (PyTorch exports). */
function generatorTensors(tensors) {
  const prefixed = new Map();
  for (const [name, tensor] of tensors) if (name.startsWith("G.")) prefixed.set(name.slice(2), tensor);
  return prefixed.size ? prefixed : tensors;
}

function need(tensors, name, count) {
  const tensor = tensors.get(name);
  if (!tensor) {
    const spectral = tensors.has(`${name}_orig`) ? " (it has a spectrally normalised weight, which the browser does not read)" : "";
    throw new GeneratorFileError(`the weights file has no ${name}${spectral}; was it written by acgan export?`);
  }
  if (count !== undefined && tensor.values.length !== count) {
    throw new GeneratorFileError(`${name} has ${tensor.values.length} values; the configuration needs ${count}`);
  }
  return tensor.values;
}

/** Per channel, s = gamma / sqrt(var + eps) and beta - mean s, in doubles. */
function scaleAndShift(tensors, prefix, channels) {
  const gamma = need(tensors, `${prefix}.weight`, channels), beta = need(tensors, `${prefix}.bias`, channels);
  const mean = need(tensors, `${prefix}.running_mean`, channels), variance = need(tensors, `${prefix}.running_var`, channels);
  const scale = new Float64Array(channels), shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = gamma[c] / Math.sqrt(variance[c] + EPSILON);
    shift[c] = beta[c] - mean[c] * scale[c];
  }
  return { scale, shift };
}

/** A layer (rows of weights) with its batch norm folded in: row o feeds channel floor(o / rowsPerChannel). */
function fold(tensors, layer, batchNorm, rows, rowLength, rowsPerChannel) {
  const weight = Float32Array.from(need(tensors, `${layer}.weight`, rows * rowLength));
  const bias = tensors.has(`${layer}.bias`) ? Float32Array.from(need(tensors, `${layer}.bias`, rows)) : new Float32Array(rows);
  const { scale, shift } = scaleAndShift(tensors, batchNorm, rows / rowsPerChannel);
  for (let o = 0; o < rows; o++) {
    const channel = Math.floor(o / rowsPerChannel);
    for (let i = o * rowLength; i < (o + 1) * rowLength; i++) weight[i] = weight[i] * scale[channel];
    bias[o] = bias[o] * scale[channel] + shift[channel];
  }
  return { weight, bias, outputs: rows };
}

function plain(tensors, layer, rows, rowLength) {
  return {
    weight: Float32Array.from(need(tensors, `${layer}.weight`, rows * rowLength)),
    bias: tensors.has(`${layer}.bias`) ? Float32Array.from(need(tensors, `${layer}.bias`, rows)) : new Float32Array(rows),
    outputs: rows,
  };
}

/** The configuration and vocabulary from a weights file's metadata (JSON strings). */
export function modelDescription(metadata) {
  const parse = (key) => {
    if (!metadata[key]) throw new GeneratorFileError(`the weights file's metadata has no "${key}"; was it written by acgan export?`);
    try { return JSON.parse(metadata[key]); } catch (error) { throw new GeneratorFileError(`the weights file's "${key}" is not JSON`); }
  };
  const configuration = parse("configuration");
  configuration.upsampling = configuration.upsampling || "pixel-shuffle";
  if (!IMPLEMENTED_UPSAMPLING.includes(configuration.upsampling)) {
    throw new GeneratorFileError(`this page cannot run a generator that upsamples by "${configuration.upsampling}"; generate on the server`);
  }
  return { configuration, vocabulary: parse("vocabulary") };
}

/**
 * The folded program of a generator file (ArrayBuffer): the steps of FoldedGenerator's
 * ONNX graph with their folded weights.
 */
export function loadGenerator(buffer) {
  const { metadata, tensors: all } = readSafetensors(buffer);
  const { configuration, vocabulary } = modelDescription(metadata);
  const tensors = generatorTensors(all);
  const width = configuration.generatorWidth, inputs = configuration.latentSize + configuration.conditionLength;
  let stages = 0;
  for (let side = BASE; side < configuration.imageSize; side *= 2) stages += 1;
  const shuffle = configuration.upsampling === "pixel-shuffle";
  const steps = [];
  steps.push({ op: "Concat" });
  steps.push({ op: "Gemm", layer: fold(tensors, "fc", "bn0", width * BASE * BASE, inputs, BASE * BASE), inputs });
  steps.push({ op: "Relu" });
  steps.push({ op: "Reshape", channels: width, side: BASE, save: "h0" });
  for (let block = 0; block < configuration.generatorBlocks; block++) {
    const prefix = `res_blocks.${block}`;
    steps.push({ op: "Conv", layer: fold(tensors, `${prefix}.conv1`, `${prefix}.bn1`, width, width * 9, 1), saveInput: "trunk" });
    steps.push({ op: "Relu" });
    steps.push({ op: "Conv", layer: fold(tensors, `${prefix}.conv2`, `${prefix}.bn2`, width, width * 9, 1) });
    steps.push({ op: "Add", with: "trunk" });
  }
  const post = scaleAndShift(tensors, "bn_post", width);
  steps.push({ op: "Mul", scale: Float32Array.from(post.scale) });
  steps.push({ op: "Add", shift: Float32Array.from(post.shift) });
  steps.push({ op: "Relu" });
  steps.push({ op: "Add", with: "h0" });
  for (let stage = 0; stage < stages; stage++) {
    const prefix = `up.${stage}`;
    if (shuffle) {
      steps.push({ op: "Conv", layer: fold(tensors, `${prefix}.conv`, `${prefix}.bn`, 4 * width, width * 9, 4) });
      steps.push({ op: "Relu" });
      steps.push({ op: "DepthToSpace", factor: 2 });
    } else {
      steps.push({ op: "Resize", factor: 2 });
      steps.push({ op: "Conv", layer: fold(tensors, `${prefix}.conv`, `${prefix}.bn`, width, width * 9, 1) });
      steps.push({ op: "Relu" });
    }
  }
  steps.push({ op: "Conv", layer: plain(tensors, "conv_out", 3, width * 9) });
  steps.push({ op: "Tanh" });
  return { configuration, vocabulary, metadata, steps };
}

// ---------------------------------------------------------------------------------------
// Operators: each takes the activation { data: Float32Array, channels, side } (one image,
// CHW) and returns the next one. `saved` holds values named by a step's `save`.

/** A zero-padded copy of a (C, S, S) activation: (C, S+2, S+2), so 3x3 taps need no bounds checks. */
function padded(x, scratch) {
  const side = x.side, wide = side + 2, plane = wide * wide;
  const out = scratch.get("pad", x.channels * plane);
  out.fill(0);
  for (let c = 0; c < x.channels; c++) {
    for (let y = 0; y < side; y++) {
      out.set(x.data.subarray((c * side + y) * side, (c * side + y + 1) * side), c * plane + (y + 1) * wide + 1);
    }
  }
  return out;
}

/**
 * A 3x3 convolution, stride 1, padding 1: x is (C, S, S), weight (O, C, 3, 3), bias (O);
 * the result is (O, S, S). Each output plane is summed in doubles over every input channel.
 */
function conv3x3(x, layer, scratch) {
  const side = x.side, wide = side + 2, plane = wide * wide, C = x.channels, O = layer.outputs;
  const input = padded(x, scratch);
  const accA = scratch.get64("accA", side * side), accB = scratch.get64("accB", side * side);
  const out = new Float32Array(O * side * side);
  const w = layer.weight;
  // Two output channels at a time share every input load; each output's sum is the same
  // expression in the same order as one at a time, so the result does not depend on the pairing.
  for (let o = 0; o < O; o += 2) {
    const pair = o + 1 < O;
    accA.fill(layer.bias[o]);
    accB.fill(pair ? layer.bias[o + 1] : 0);
    for (let c = 0; c < C; c++) {
      const k = (o * C + c) * 9, m = pair ? ((o + 1) * C + c) * 9 : k;
      const w0 = w[k], w1 = w[k + 1], w2 = w[k + 2], w3 = w[k + 3], w4 = w[k + 4];
      const w5 = w[k + 5], w6 = w[k + 6], w7 = w[k + 7], w8 = w[k + 8];
      const v0 = w[m], v1 = w[m + 1], v2 = w[m + 2], v3 = w[m + 3], v4 = w[m + 4];
      const v5 = w[m + 5], v6 = w[m + 6], v7 = w[m + 7], v8 = w[m + 8];
      const base = c * plane;
      for (let y = 0; y < side; y++) {
        const r0 = base + y * wide, r1 = r0 + wide, r2 = r1 + wide, row = y * side;
        // A sliding 3x3 window: each input value is loaded once per row, not three times.
        let a0 = input[r0], a1 = input[r0 + 1], b0 = input[r1], b1 = input[r1 + 1], c0 = input[r2], c1 = input[r2 + 1];
        for (let xi = 0; xi < side; xi++) {
          const a2 = input[r0 + xi + 2], b2 = input[r1 + xi + 2], c2 = input[r2 + xi + 2];
          accA[row + xi] += w0 * a0 + w1 * a1 + w2 * a2 + w3 * b0 + w4 * b1 + w5 * b2 + w6 * c0 + w7 * c1 + w8 * c2;
          accB[row + xi] += v0 * a0 + v1 * a1 + v2 * a2 + v3 * b0 + v4 * b1 + v5 * b2 + v6 * c0 + v7 * c1 + v8 * c2;
          a0 = a1; a1 = a2; b0 = b1; b1 = b2; c0 = c1; c1 = c2;
        }
      }
    }
    out.set(accA, o * side * side);
    if (pair) out.set(accB, (o + 1) * side * side);
  }
  return { data: out, channels: O, side };
}

/** The operators of the folded program, by ONNX name. */
export const OPERATORS = {
  /** (z, c) side by side: the input row of the linear layer. */
  Concat: (x, step, context) => {
    const row = new Float32Array(context.z.length + context.condition.length);
    row.set(context.z, 0);
    row.set(context.condition, context.z.length);
    return { data: row, channels: row.length, side: 1 };
  },
  /** The linear layer (batch norm folded): out[j] = b[j] + sum_i W[j, i] x[i], in doubles. */
  Gemm: (x, step) => {
    const { weight, bias, outputs } = step.layer, n = step.inputs, out = new Float32Array(outputs);
    if (x.data.length !== n) throw new GeneratorFileError(`the linear layer takes ${n} inputs, not ${x.data.length}`);
    for (let j = 0; j < outputs; j++) {
      let sum = bias[j];
      const row = j * n;
      for (let i = 0; i < n; i++) sum += weight[row + i] * x.data[i];
      out[j] = sum;
    }
    return { data: out, channels: outputs, side: 1 };
  },
  Relu: (x) => {
    const data = x.data;
    for (let i = 0; i < data.length; i++) if (data[i] < 0) data[i] = 0;
    return x;
  },
  /** The linear layer's output j is channel floor(j / 256), pixel j mod 256. */
  Reshape: (x, step) => ({ data: x.data, channels: step.channels, side: step.side }),
  Conv: (x, step, context) => conv3x3(x, step.layer, context.scratch),
  /** A residual or long skip (`with` a saved activation), or bn_post's shift per channel. */
  Add: (x, step, context) => {
    const data = x.data;
    if (step.with) {
      const other = context.saved[step.with].data;
      for (let i = 0; i < data.length; i++) data[i] += other[i];
    } else {
      const plane = x.side * x.side;
      for (let c = 0; c < x.channels; c++) {
        const shift = step.shift[c];
        for (let i = c * plane; i < (c + 1) * plane; i++) data[i] += shift;
      }
    }
    return x;
  },
  /** bn_post's scale per channel. */
  Mul: (x, step) => {
    const data = x.data, plane = x.side * x.side;
    for (let c = 0; c < x.channels; c++) {
      const scale = step.scale[c];
      for (let i = c * plane; i < (c + 1) * plane; i++) data[i] *= scale;
    }
    return x;
  },
  /** PixelShuffle(r) (ONNX DepthToSpace, mode CRD): out[c, y r + i, x r + j] = in[c r r + i r + j, y, x]. */
  DepthToSpace: (x, step) => {
    const r = step.factor, side = x.side, channels = x.channels / (r * r), outSide = side * r;
    const out = new Float32Array(x.data.length);
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < r; j++) {
          const source = ((c * r + i) * r + j) * side * side;
          for (let y = 0; y < side; y++) {
            const target = (c * outSide + y * r + i) * outSide + j;
            for (let xi = 0; xi < side; xi++) out[target + xi * r] = x.data[source + y * side + xi];
          }
        }
      }
    }
    return { data: out, channels, side: outSide };
  },
  /** Nearest-neighbour upsampling: out[c, y, x] = in[c, floor(y / r), floor(x / r)]. */
  Resize: (x, step) => {
    const r = step.factor, side = x.side, outSide = side * r, out = new Float32Array(x.data.length * r * r);
    for (let c = 0; c < x.channels; c++) {
      for (let y = 0; y < outSide; y++) {
        const source = (c * side + Math.floor(y / r)) * side, target = (c * outSide + y) * outSide;
        for (let xi = 0; xi < outSide; xi++) out[target + xi] = x.data[source + Math.floor(xi / r)];
      }
    }
    return { data: out, channels: x.channels, side: outSide };
  },
  Tanh: (x) => {
    const data = x.data;
    for (let i = 0; i < data.length; i++) data[i] = Math.tanh(data[i]);
    return x;
  },
};

for (const name of IMPLEMENTED_OPERATORS) {
  if (typeof OPERATORS[name] !== "function") throw new Error(`generator-model.js lists ${name} but does not implement it`);
}

/** Buffers reused across layers and images. */
class Scratch {
  constructor() { this.buffers = new Map(); }
  get(name, length) { return this.#buffer(name, length, Float32Array); }
  get64(name, length) { return this.#buffer(name, length, Float64Array); }
  #buffer(name, length, Type) {
    const key = `${name}:${Type.name}`;
    let buffer = this.buffers.get(key);
    if (!buffer || buffer.length < length) { buffer = new Type(length); this.buffers.set(key, buffer); }
    return buffer.length === length ? buffer : buffer.subarray(0, length);
  }
}

/** Runs the program on one (z, condition): the image (3, S, S) in [-1, 1]. */
export function forward(generator, z, condition, scratch = new Scratch()) {
  const { configuration } = generator;
  if (z.length !== configuration.latentSize) throw new GeneratorFileError(`a latent has ${configuration.latentSize} values, not ${z.length}`);
  if (condition.length !== configuration.conditionLength) {
    throw new GeneratorFileError(`a condition has ${configuration.conditionLength} values, not ${condition.length}`);
  }
  const context = { z, condition, saved: {}, scratch };
  let x = { data: new Float32Array(0), channels: 0, side: 0 };
  // A saved activation is a copy: the operators after it work in place.
  const keep = (name, value) => { context.saved[name] = { ...value, data: Float32Array.from(value.data) }; };
  for (const step of generator.steps) {
    if (step.saveInput) keep(step.saveInput, x);
    x = OPERATORS[step.op](x, step, context);
    if (step.save) keep(step.save, x);
  }
  return x.data;
}

/**
 * An image (3, S, S) in [-1, 1] as RGBA bytes (S, S, 4), as Sampler.images: each value
 * round((x + 1) * 127.5) in float32, clamped to 0 ... 255.
 */
export function toRGBA(image, side) {
  const plane = side * side, rgba = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const level = Math.fround(Math.fround(image[c * plane + i] + 1) * 127.5);
      rgba[i * 4 + c] = Math.max(0, Math.min(255, Math.round(level)));
    }
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

export { Scratch };
