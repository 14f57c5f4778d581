// Generation in the browser, the page's side (as make.girls.moe did with WebDNN):
// - the live model's generator file (GET /api/model/weights, float16 safetensors) is
//   downloaded once and kept in Cache Storage under the model's hash; a model with another
//   hash (a new deployment) replaces it;
// - a service worker (service-worker.js) keeps the page and the model description, so the
//   studio opens and generates with the server stopped;
// - faces are planned exactly as the server plans them (studio-random.js) and drawn by Web
//   Workers (generator-worker.js), then encoded as the API's JSON answers (PNG as base64, the
//   grid and strip laid out as FaceSheet lays them out), so the rest of the page cannot tell
//   where a face was made;
// - the switch "Faces are made on the server / in this browser": the server is the default
//   when it answers; when it stops answering, the page says so and draws here.
import { planFace, lerp, slerp, tagText, attributesOf, conditionLength } from "./studio-random.js";

const $ = (id) => document.getElementById(id);
const WEIGHTS_CACHE = "acgan-studio-weights";
/** FaceSheet.background and RGBImage.grid's default margin. */
const SHEET_BACKGROUND = [244, 242, 247];
const SHEET_MARGIN = 2;

const local = {
  model: null,
  where: "server",      // "server" or "browser"
  serverUp: false,
  workers: [],
  ready: null,          // a promise of the loaded workers, or null when unavailable
  problem: null,        // why the browser cannot generate, for people
  nextId: 1,
  pending: new Map(),
  lastTimings: null,
};

/** Where faces are made now: "server" or "browser". */
export function generationPlace() {
  return local.where;
}

/** Timings of the last local generation, for people and tests. */
export function lastLocalTimings() {
  return local.lastTimings;
}

function setStatus(text) {
  const status = $("where-status");
  if (status) status.textContent = text;
}

function setWhere(where) {
  local.where = where;
  const input = document.querySelector(`input[name="where"][value="${where}"]`);
  if (input) input.checked = true;
  document.body.dataset.where = where;
}

/** Whether the server answers now (GET /healthz, which the service worker never caches). */
async function serverAnswers() {
  try {
    // A server that hangs counts as stopped: the page must open either way.
    const response = await fetch("/healthz", { cache: "no-store", signal: AbortSignal.timeout(4000) });
    return response.ok;
  } catch (error) {
    return false;
  }
}

/**
 * Sets up generation in the browser for `model` (GET /api/model's answer): registers the
 * service worker, finds out whether the server answers, downloads or reuses the generator
 * file and loads it into the workers. `showError` shows a message to the person.
 */
export async function setupLocalGeneration(model, showError) {
  local.model = model;
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/service-worker.js").catch((error) => {
      console.warn(`The studio will not open offline: its service worker did not register (${error.message}).`);
    });
  }
  local.serverUp = await serverAnswers();
  setWhere(local.serverUp ? "server" : "browser");
  for (const input of document.querySelectorAll('input[name="where"]')) {
    input.addEventListener("change", () => {
      if (input.value === "browser" && !local.ready) {
        setWhere("server");
        showError(`Faces cannot be made in this browser: ${local.problem || "the model is still loading"}.`);
        return;
      }
      setWhere(input.value);
      setStatus(describe());
    });
  }
  local.ready = loadWorkers(model).catch((error) => {
    local.problem = error.message;
    local.ready = null;
    const browser = document.querySelector('input[name="where"][value="browser"]');
    if (browser) browser.disabled = true;
    setStatus(`This browser cannot make faces: ${error.message}.`);
    if (!local.serverUp) showError(`The server does not answer and this browser cannot make faces: ${error.message}.`);
    throw error;
  });
  local.ready.then(() => setStatus(describe())).catch(() => {});
  if (!local.serverUp) {
    showError("The server does not answer: faces are made in this browser from the cached model.");
  }
}

function describe() {
  const weights = local.model.weights;
  const size = weights ? `${(weights.bytes / 1e6).toFixed(1)} MB, model ${weights.hash.slice(0, 8)}` : "";
  const workers = `${local.workers.length} worker${local.workers.length === 1 ? "" : "s"}`;
  if (local.where === "browser") {
    return `Faces are made in this browser (${workers}; ${size})${local.serverUp ? "" : ". The server does not answer"}.`;
  }
  return `Faces are made on the server; this browser has the model too (${size}).`;
}

/** The generator file: from Cache Storage under its hash, else downloaded and cached. */
async function generatorFile(weights) {
  const key = `/api/model/weights?hash=${weights.hash}`;
  const cache = "caches" in self ? await caches.open(WEIGHTS_CACHE) : null;
  const cached = cache ? await cache.match(key) : null;
  if (cached) return { buffer: await cached.arrayBuffer(), source: "cache" };
  setStatus(`Downloading the model for this browser (${(weights.bytes / 1e6).toFixed(1)} MB)…`);
  let response;
  try {
    response = await fetch(weights.url, { cache: "no-store" });
  } catch (error) {
    throw new Error("the model's weights are not in this browser yet and the server does not answer; open the studio once while it runs");
  }
  if (!response.ok) {
    let message = `the server answered ${response.status} for the weights`;
    try { message = (await response.json()).message || message; } catch (error) { /* keep the status */ }
    throw new Error(message);
  }
  const hash = response.headers.get("X-Model-Hash");
  if (hash && hash !== weights.hash) {
    throw new Error("a new model was deployed while the page loaded; reload the page");
  }
  const buffer = await response.arrayBuffer();
  if (cache) {
    // One model at a time: the new file replaces every other.
    for (const request of await cache.keys()) await cache.delete(request);
    await cache.put(key, new Response(buffer.slice(0), { headers: { "Content-Type": "application/octet-stream" } }));
    // Ask the browser not to evict the model under storage pressure (it may say no; then the
    // page downloads the model again on a visit while the server runs).
    navigator.storage?.persist?.().catch(() => {});
  }
  return { buffer, source: "network" };
}

async function loadWorkers(model) {
  if (!model.weights) throw new Error("the live model has no weights for the browser (it is not an ACGAN generator)");
  if (typeof Worker === "undefined") throw new Error("this browser has no Web Workers");
  const started = performance.now();
  const { buffer, source } = await generatorFile(model.weights);
  const downloaded = performance.now();
  // Two cores or more: one worker per core (at most 4), so a grid is drawn in parallel.
  const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
  local.workers = Array.from({ length: count }, () => {
    const worker = new Worker("/generator-worker.js", { type: "module" });
    worker.onmessage = (event) => {
      const pending = local.pending.get(event.data.id);
      if (!pending) return;
      local.pending.delete(event.data.id);
      if (event.data.ok) pending.resolve(event.data);
      else pending.reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      for (const [id, pending] of local.pending) {
        pending.reject(new Error(`the generator worker failed: ${event.message || "unknown error"}`));
        local.pending.delete(id);
      }
    };
    return worker;
  });
  const loaded = await Promise.all(local.workers.map((worker) => call(worker, { type: "load", buffer: buffer.slice(0) })));
  const { configuration, vocabulary } = loaded[0];
  const names = (v) => JSON.stringify([v.groups.map((g) => [g.name, g.values]), v.binaryTags.map((t) => t.name),
    (v.continuous || []).map((a) => [a.name, a.minimum, a.maximum])]);
  if (configuration.latentSize !== model.latentSize || configuration.conditionLength !== conditionLength(model.vocabulary)
      || names(vocabulary) !== names(model.vocabulary) || configuration.imageSize !== model.imageSize) {
    throw new Error("the cached weights do not fit the model the server describes; reload the page");
  }
  local.loadTimings = { source, downloadMilliseconds: downloaded - started, loadMilliseconds: performance.now() - downloaded };
  // When the model was ready, from the page's navigation start (the browser test reports it).
  const status = $("where-status");
  if (status) status.dataset.readyAt = performance.now().toFixed(1);
  return local.workers;
}

function call(worker, message, transfer = []) {
  const id = local.nextId++;
  return new Promise((resolve, reject) => {
    local.pending.set(id, { resolve, reject });
    worker.postMessage({ ...message, id }, transfer);
  });
}

/** Draws (latent, condition) pairs on the workers, split in contiguous shares: RGBA images. */
async function draw(latents, conditions) {
  if (!local.ready) throw new Error(`Faces cannot be made in this browser: ${local.problem || "the model did not load"}.`);
  const workers = await local.ready;
  const shares = Math.min(workers.length, latents.length);
  const jobs = [];
  for (let share = 0; share < shares; share++) {
    const start = Math.floor(latents.length * share / shares), end = Math.floor(latents.length * (share + 1) / shares);
    jobs.push(call(workers[share], { type: "generate", latents: latents.slice(start, end), conditions: conditions.slice(start, end) }));
  }
  const results = await Promise.all(jobs);
  return { images: results.flatMap((result) => result.images), side: results[0].side };
}

/** RGBA bytes (side x side) or a whole sheet as base64 PNG. */
async function pngBase64(rgba, width, height) {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext("2d").putImageData(new ImageData(rgba, width, height), 0, 0);
  const blob = await canvas.convertToBlob({ type: "image/png" });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** FaceSheet.tile: faces row by row, `columns` wide, 2 px of the page's neutral around each. */
function sheet(images, side, columns) {
  const rows = Math.ceil(images.length / columns);
  const width = columns * side + (columns + 1) * SHEET_MARGIN, height = rows * side + (rows + 1) * SHEET_MARGIN;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([...SHEET_BACKGROUND, 255], i * 4);
  images.forEach((image, index) => {
    const left = SHEET_MARGIN + (index % columns) * (side + SHEET_MARGIN);
    const top = SHEET_MARGIN + Math.floor(index / columns) * (side + SHEET_MARGIN);
    for (let y = 0; y < side; y++) rgba.set(image.subarray(y * side * 4, (y + 1) * side * 4), ((top + y) * width + left) * 4);
  });
  return { rgba, width, height };
}

function faceResponse(face, png) {
  const vocabulary = local.model.vocabulary;
  return {
    seed: face.seed, attributeSeed: face.attributeSeed,
    tags: tagText(vocabulary, face.labels), attributes: attributesOf(vocabulary, face.labels), png,
  };
}

/** POST /api/generate's JSON answer, made in this browser. `body` is the API's body. */
export async function generateLocally(body) {
  const started = performance.now();
  const model = local.model, count = body.count || 1;
  const faces = Array.from({ length: count }, (_, offset) => planFace(model.vocabulary, model.latentSize, body, offset));
  const planned = performance.now();
  const { images, side } = await draw(faces.map((face) => face.latent), faces.map((face) => face.condition));
  const drawn = performance.now();
  const pngs = await Promise.all(images.map((image) => pngBase64(image, side, side)));
  let columns = 1;   // FaceSheet.columns(forCount:): ceil(sqrt(count))
  while (columns * columns < count) columns += 1;
  let grid = null;
  if (count > 1) {
    const tiled = sheet(images, side, columns);
    grid = await pngBase64(tiled.rgba, tiled.width, tiled.height);
  }
  local.lastTimings = { faces: count, planMilliseconds: planned - started, drawMilliseconds: drawn - planned,
    totalMilliseconds: performance.now() - started, completedAt: performance.now() };
  // For people curious about the speed, and for the browser test's measurements.
  const status = $("where-status");
  if (status) {
    status.dataset.lastFaces = String(count);
    status.dataset.lastMilliseconds = local.lastTimings.totalMilliseconds.toFixed(1);
    status.dataset.lastCompletedAt = local.lastTimings.completedAt.toFixed(1);
    status.title = `Last: ${count} face${count === 1 ? "" : "s"} in ${Math.round(local.lastTimings.totalMilliseconds)} ms in this browser`;
  }
  return {
    model: model.name, imageSize: side, columns,
    faces: faces.map((face, index) => faceResponse(face, pngs[index])), grid, madeIn: "browser",
  };
}

/** POST /api/interpolate's JSON answer, made in this browser: latents slerped, conditions lerped. */
export async function interpolateLocally(body) {
  const model = local.model, steps = body.steps || 8;
  const from = planFace(model.vocabulary, model.latentSize, body.from, 0);
  const to = planFace(model.vocabulary, model.latentSize, body.to, 0);
  const fractions = Array.from({ length: steps }, (_, index) => index / (steps - 1));
  const { images, side } = await draw(
    fractions.map((fraction) => slerp(from.latent, to.latent, fraction)),
    fractions.map((fraction) => lerp(from.condition, to.condition, fraction)));
  const pngs = await Promise.all(images.map((image) => pngBase64(image, side, side)));
  const tiled = sheet(images, side, images.length);
  return {
    model: model.name, imageSize: side,
    from: faceResponse(from, undefined), to: faceResponse(to, undefined),
    frames: fractions.map((fraction, index) => ({ fraction, png: pngs[index] })),
    strip: await pngBase64(tiled.rgba, tiled.width, tiled.height), madeIn: "browser",
  };
}

/**
 * Makes faces where the switch says: `onServer` calls the API. When the server stops
 * answering (a network error, not an error answer) and the browser has the model, the page
 * switches to the browser, says so, and draws here.
 */
export async function makeFaces(body, onServer, locally, notify) {
  if (local.where === "browser") return locally(body);
  try {
    return await onServer();
  } catch (error) {
    if (!error.unreachable || !local.ready) throw error;
    local.serverUp = false;
    setWhere("browser");
    setStatus(describe());
    notify("The server stopped answering: faces are now made in this browser.");
    return locally(body);
  }
}
