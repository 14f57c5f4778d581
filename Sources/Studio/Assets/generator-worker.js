// A Web Worker (module) that runs the generator's forward pass (generator-model.js) off the
// page's thread, so the page never freezes while faces are drawn in the browser.
//
// Messages in:  { id, type: "load", buffer: ArrayBuffer }      the generator file
//               { id, type: "generate", latents: Float32Array[], conditions: Float32Array[] }
// Messages out: { id, ok: true, ... } or { id, ok: false, message }
//   load     -> { configuration, vocabulary }
//   generate -> { images: Uint8ClampedArray[] (RGBA), side, milliseconds }
import { loadGenerator, forward, toRGBA, Scratch } from "./generator-model.js";

let generator = null;
const scratch = new Scratch();

self.onmessage = (event) => {
  const { id, type } = event.data;
  try {
    if (type === "load") {
      generator = loadGenerator(event.data.buffer);
      self.postMessage({ id, ok: true, configuration: generator.configuration, vocabulary: generator.vocabulary });
    } else if (type === "generate") {
      if (!generator) throw new Error("the generator is not loaded yet");
      const started = performance.now();
      const side = generator.configuration.imageSize;
      const images = event.data.latents.map((z, index) =>
        toRGBA(forward(generator, z, event.data.conditions[index], scratch), side));
      self.postMessage({ id, ok: true, images, side, milliseconds: performance.now() - started },
        images.map((image) => image.buffer));
    } else {
      throw new Error(`unknown message ${type}`);
    }
  } catch (error) {
    self.postMessage({ id, ok: false, message: error.message || String(error) });
  }
};
