// Reads a safetensors file (https://github.com/huggingface/safetensors: an 8-byte little-endian
// header length, a JSON header of tensors and `__metadata__`, then the data) into float32
// arrays, as Sources/SafeTensors reads it: F16, BF16 and F32 are widened, I64 entries (batch
// norms' num_batches_tracked) are skipped. Used by generator-model.js for the page's copy of
// the model (GET /api/model/weights).

/** A file that is not readable safetensors, said so that a person knows what is wrong. */
export class SafetensorsError extends Error {}

const HALF_TO_FLOAT = (() => {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    let value;
    if (exponent === 0) value = fraction * 2 ** -24;
    else if (exponent === 31) value = fraction ? NaN : Infinity;
    else value = (1 + fraction / 1024) * 2 ** (exponent - 15);
    table[bits] = sign * value;
  }
  return table;
})();

/**
 * A safetensors file (ArrayBuffer) as { metadata, tensors: name -> { shape, values: Float32Array } };
 * F16, BF16 and F32 are widened to float32, I64 entries (num_batches_tracked) are skipped.
 */
export function readSafetensors(buffer) {
  if (buffer.byteLength < 8) throw new SafetensorsError(`the weights file is ${buffer.byteLength} bytes, too short for safetensors`);
  const view = new DataView(buffer);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > buffer.byteLength) throw new SafetensorsError("the weights file is cut short (its header runs past its end)");
  let header;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength)));
  } catch (error) {
    throw new SafetensorsError(`the weights file's header is not JSON (${error.message})`);
  }
  const start = 8 + headerLength;
  const metadata = header.__metadata__ || {};
  const tensors = new Map();
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (start + end > buffer.byteLength) throw new SafetensorsError(`tensor ${name} runs past the end of the weights file`);
    const bytes = new DataView(buffer, start + begin, end - begin);
    let values;
    if (entry.dtype === "F16") {
      values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = HALF_TO_FLOAT[bytes.getUint16(2 * i, true)];
    } else if (entry.dtype === "BF16") {
      values = new Float32Array(count);
      const word = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) { word.setUint32(0, bytes.getUint16(2 * i, true) << 16, true); values[i] = word.getFloat32(0, true); }
    } else if (entry.dtype === "F32") {
      values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = bytes.getFloat32(4 * i, true);
    } else {
      continue;
    }
    tensors.set(name, { shape: entry.shape, values });
  }
  return { metadata, tensors };
}
