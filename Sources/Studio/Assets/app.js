import { setupLocalGeneration, makeFaces, generateLocally, interpolateLocally } from "./local-generation.js";

const $ = (id) => document.getElementById(id);
const HISTORY_KEY = "acgan-studio.history.v1";
const state = {
  model: null,
  maxSeed: Number.MAX_SAFE_INTEGER,
  current: null,        // { request, response, selected }
  history: [],
  busy: false,
};

/** A random seed that is short enough to read and type (32 bits). */
function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** Calls the API; resolves to the JSON body or throws an Error with the server's message. */
async function api(path, body) {
  let response;
  try {
    response = await fetch(path, body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    const unreachable = new Error("The Studio server cannot be reached. Is `acgan serve` still running?");
    unreachable.unreachable = true;   // so that generation can move to the browser
    throw unreachable;
  }
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  if (!response.ok) {
    const message = data && data.message ? data.message : `The server answered ${response.status}.`;
    throw new Error(message);
  }
  return data;
}

function showError(message) {
  $("notice-text").textContent = message;
  $("notice").hidden = false;
}

function clearError() {
  $("notice").hidden = true;
  $("notice-text").textContent = "";
}

/** A PNG given as base64, as a Blob URL that a download link can point to. */
function pngBlobURL(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
}

const objectURLs = new Map();
/** Points a download link at a PNG, freeing the link's previous Blob URL. */
function setDownload(link, base64, filename) {
  if (objectURLs.has(link)) URL.revokeObjectURL(objectURLs.get(link));
  if (!base64) {
    link.removeAttribute("href");
    link.setAttribute("aria-disabled", "true");
    objectURLs.delete(link);
    return;
  }
  const url = pngBlobURL(base64);
  objectURLs.set(link, url);
  link.href = url;
  link.download = filename;
  link.removeAttribute("aria-disabled");
}

function setBusy(button, busy) {
  button.disabled = busy;
  button.classList.toggle("busy", busy);
  button.setAttribute("aria-busy", String(busy));
}

async function start() {
  $("notice-close").addEventListener("click", clearError);
  try {
    state.model = await api("/api/model");
  } catch (error) {
    $("model-name").textContent = "No model";
    $("generate").disabled = true;
    showError(`The model could not be loaded: ${error.message}`);
    return;
  }
  const model = state.model;
  state.maxSeed = model.limits.maxSeed;
  $("model-name").textContent = `${model.name} · ${model.imageSize}×${model.imageSize}`
    + (model.id && model.id !== "startup" ? " · live" : "");
  $("count").max = String(model.limits.maxCount);
  $("steps").min = String(model.limits.minSteps);
  $("steps").max = String(model.limits.maxSteps);
  // Where faces are made is known before any control can ask for one.
  await setupLocalGeneration(model, showError);
  buildControls(model.vocabulary);
  setupRandomness();
  setupGenerate();
  setupHistory();
  setupInterpolation();
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      generate();
    } else if (event.key === "Escape" && !$("notice").hidden) {
      clearError();
    }
  });
  const shared = requestFromLink(new URLSearchParams(location.search));
  if (shared) {
    applyRequest(shared.request);
    await generate();
    if (shared.problems.length) {
      showError(`This link names attributes the model does not know (${shared.problems.join(", ")}); they were left on Random.`);
    }
  }
}
const SWATCHES = {
  blonde: "#f2d27c", brown: "#8a5a3b", black: "#2b2b33", blue: "#4a7dff", pink: "#ff8cc6",
  purple: "#9b6bff", green: "#3fbf7f", red: "#e5484d", silver: "#c9ccd6", white: "#f7f7fb",
  orange: "#ff9a3c", aqua: "#35d0d0", grey: "#9a9aa6", gray: "#9a9aa6", yellow: "#f5d90a",
};

function swatchColor(phrase) {
  // "blue hair" and, in vocabularies inferred from group:value tags, "hair:blue".
  const lower = phrase.toLowerCase();
  const word = lower.includes(":") ? lower.slice(lower.indexOf(":") + 1) : lower.split(/\s+/)[0];
  return SWATCHES[word] || null;
}

function percent(prior) {
  const value = prior * 100;
  return value >= 1 ? `${Math.round(value)}%` : `${value.toFixed(1)}%`;
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** One chip group per categorical group, one Off/Random/On switch per binary tag. */
function buildControls(vocabulary) {
  const groups = $("groups");
  groups.replaceChildren();
  vocabulary.groups.forEach((group, groupIndex) => {
    const colored = group.values.some((value) => swatchColor(value));
    const chips = element("div", { className: "chips" });
    const addChip = (value, label, title, swatch) => {
      const input = element("input", {
        type: "radio", name: `group-${groupIndex}`, value,
        "data-group": group.name, "data-value": value,
      });
      const span = element("span", { title, className: swatch ? "" : "no-swatch" });
      if (swatch) span.append(swatch);
      span.append(label);
      chips.append(element("label", { className: "chip" }, [input, span]));
      return input;
    };
    const randomSwatch = colored ? element("span", { className: "swatch random", "aria-hidden": "true" }) : null;
    addChip("", "Random", "Drawn from how often each appears", randomSwatch).checked = true;
    group.values.forEach((value, valueIndex) => {
      const color = swatchColor(value);
      let swatch = null;
      if (colored) {
        swatch = element("span", { className: "swatch", "aria-hidden": "true" });
        if (color) swatch.style.background = color;
      }
      addChip(value, value, `${percent(group.priors[valueIndex])} of faces`, swatch);
    });
    groups.append(element("fieldset", { className: "group" }, [element("legend", { text: group.name }), chips]));
  });

  const tags = $("binary-tags");
  tags.replaceChildren();
  // A vocabulary without on/off tags (one inferred from single-tag lines) has no Extras.
  tags.closest("fieldset").hidden = vocabulary.binaryTags.length === 0;
  vocabulary.binaryTags.forEach((tag, tagIndex) => {
    const nameId = `tag-name-${tagIndex}`;
    const segmented = element("div", { className: "segmented", role: "radiogroup", "aria-labelledby": nameId });
    for (const [value, label] of [["off", "Off"], ["random", "Random"], ["on", "On"]]) {
      const input = element("input", { type: "radio", name: `tag-${tagIndex}`, value, "data-tag": tag.name });
      if (value === "random") input.checked = true;
      segmented.append(element("label", { title: value === "random" ? `On for ${percent(tag.prior)} of faces` : "" },
        [input, element("span", { text: label })]));
    }
    tags.append(element("div", { className: "tag-row" }, [element("span", { className: "tag-name", id: nameId, text: tag.name }), segmented]));
  });

  // One slider per continuous attribute, over its range, with Random (drawn from the data's
  // distribution with the picks seed) until the slider is moved or Random is unticked.
  const sliders = $("continuous");
  sliders.replaceChildren();
  const continuous = vocabulary.continuous || [];
  $("continuous-block").hidden = continuous.length === 0;
  continuous.forEach((attribute, index) => {
    const step = attribute.maximum > attribute.minimum ? (attribute.maximum - attribute.minimum) / 100 : 1;
    const middle = (attribute.minimum + attribute.maximum) / 2;
    const slider = element("input", {
      type: "range", id: `continuous-${index}`, min: String(attribute.minimum), max: String(attribute.maximum),
      step: String(step), value: String(middle), "data-continuous": attribute.name, "aria-label": attribute.name,
    });
    const random = element("input", { type: "checkbox", id: `continuous-random-${index}` });
    random.checked = true;
    slider.disabled = true;
    const output = element("output", { id: `continuous-output-${index}`, text: "Random" });
    slider.addEventListener("input", () => { output.textContent = formatValue(Number(slider.value)); });
    random.addEventListener("change", () => {
      slider.disabled = random.checked;
      output.textContent = random.checked ? "Random" : formatValue(Number(slider.value));
    });
    // A learned code (acgan train --info-codes) controls what the model chose to put there.
    const label = attribute.learned ? `${attribute.name}, a learned control` : attribute.name;
    const name = element("span", { className: "tag-name", text: `${label} (${formatValue(attribute.minimum)} to ${formatValue(attribute.maximum)})` });
    const randomLabel = element("label", { title: attribute.learned ? "Drawn uniformly from -1 to 1" : "Drawn from the values in the data" }, [random, element("span", { text: " Random" })]);
    sliders.append(element("div", { className: "slider-row" }, [name, element("span", {}, [randomLabel, " ", output]), slider]));
  });

  $("reset").addEventListener("click", () => {
    applyAttributes({});
    $("fix-status")?.remove();
  });
}

/** The attributes chosen in the controls: value phrase, true/false, or null for Random. */
function readAttributes() {
  const attributes = {};
  state.model.vocabulary.groups.forEach((group, index) => {
    const checked = document.querySelector(`input[name="group-${index}"]:checked`);
    attributes[group.name] = checked && checked.value ? checked.value : null;
  });
  state.model.vocabulary.binaryTags.forEach((tag, index) => {
    const checked = document.querySelector(`input[name="tag-${index}"]:checked`);
    attributes[tag.name] = !checked || checked.value === "random" ? null : checked.value === "on";
  });
  (state.model.vocabulary.continuous || []).forEach((attribute, index) => {
    const random = $(`continuous-random-${index}`);
    attributes[attribute.name] = random.checked ? null : Number($(`continuous-${index}`).value);
  });
  return attributes;
}

/** A continuous value for people: at most 4 decimals, no trailing zeros. */
function formatValue(value) {
  return String(Number(value.toFixed(4)));
}

/** Sets the controls; attributes not named become Random. */
function applyAttributes(attributes) {
  state.model.vocabulary.groups.forEach((group, index) => {
    const value = attributes[group.name] ?? "";
    const input = [...document.querySelectorAll(`input[name="group-${index}"]`)].find((item) => item.value === value);
    if (input) input.checked = true;
  });
  state.model.vocabulary.binaryTags.forEach((tag, index) => {
    const choice = attributes[tag.name];
    const value = choice === true ? "on" : choice === false ? "off" : "random";
    document.querySelector(`input[name="tag-${index}"][value="${value}"]`).checked = true;
  });
  (state.model.vocabulary.continuous || []).forEach((attribute, index) => {
    const value = attributes[attribute.name];
    const random = $(`continuous-random-${index}`), slider = $(`continuous-${index}`);
    random.checked = typeof value !== "number";
    slider.disabled = random.checked;
    if (!random.checked) slider.value = String(value);
    $(`continuous-output-${index}`).textContent = random.checked ? "Random" : formatValue(value);
  });
}

function setupRandomness() {
  $("seed").value = String(randomSeed());
  $("attribute-seed").value = String(randomSeed());
  for (const [inputId, mode] of [["seed", "noise-mode"], ["attribute-seed", "attribute-mode"]]) {
    $(inputId).addEventListener("input", () => {
      setMode(mode, "fixed");
      validateSeeds();
    });
  }
  $("copy-seed").addEventListener("click", () => copyText($("seed").value, $("seed")));
  $("count").addEventListener("input", () => { $("count-output").textContent = $("count").value; });
  $("truncation-on").addEventListener("change", updateTruncation);
  $("truncation").addEventListener("input", updateTruncation);
  $("steps").addEventListener("input", () => { $("steps-output").textContent = $("steps").value; });
}

function updateTruncation() {
  const on = $("truncation-on").checked;
  $("truncation").disabled = !on;
  $("truncation-output").textContent = on ? Number($("truncation").value).toFixed(2) : "off";
}

function setMode(name, value) {
  document.querySelector(`input[name="${name}"][value="${value}"]`).checked = true;
}

function mode(name) {
  return document.querySelector(`input[name="${name}"]:checked`).value;
}

/** Parses both seed fields; shows what is wrong next to them and returns null if invalid. */
function validateSeeds() {
  const seeds = {};
  const problems = [];
  for (const [inputId, key, label] of [["seed", "seed", "Noise seed"], ["attribute-seed", "attributeSeed", "Attribute-picks seed"]]) {
    const text = $(inputId).value.trim();
    const valid = /^\d+$/.test(text) && Number(text) <= state.maxSeed;
    $(inputId).setAttribute("aria-invalid", String(!valid));
    if (valid) seeds[key] = Number(text);
    else problems.push(`${label} must be a whole number from 0 to ${state.maxSeed}.`);
  }
  $("seed-error").textContent = problems.join(" ");
  $("seed-error").hidden = problems.length === 0;
  return problems.length ? null : seeds;
}

async function copyText(text, fallbackInput) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    fallbackInput.select();
    return false;
  }
}

/** The request the controls describe, drawing fresh seeds for the modes set to Random. */
function requestFromControls() {
  if (mode("noise-mode") === "random") $("seed").value = String(randomSeed());
  if (mode("attribute-mode") === "random") $("attribute-seed").value = String(randomSeed());
  const seeds = validateSeeds();
  if (!seeds) return null;
  return {
    attributes: readAttributes(),
    seed: seeds.seed,
    attributeSeed: seeds.attributeSeed,
    count: Number($("count").value),
    truncation: $("truncation-on").checked ? Number($("truncation").value) : null,
  };
}

/** Puts a request's exact inputs back into the controls, seeds fixed. */
function applyRequest(request) {
  applyAttributes(request.attributes || {});
  $("seed").value = String(request.seed);
  $("attribute-seed").value = String(request.attributeSeed);
  setMode("noise-mode", "fixed");
  setMode("attribute-mode", "fixed");
  validateSeeds();
  $("count").value = String(request.count || 1);
  $("count-output").textContent = $("count").value;
  $("truncation-on").checked = request.truncation != null;
  if (request.truncation != null) $("truncation").value = String(request.truncation);
  updateTruncation();
}

/** The API body for a request: Random attributes are left out. */
function apiBody(request) {
  const attributes = {};
  for (const [name, value] of Object.entries(request.attributes)) {
    if (value !== null) attributes[name] = value;
  }
  const body = { attributes, seed: request.seed, attributeSeed: request.attributeSeed };
  if (request.truncation != null) body.truncation = request.truncation;
  return body;
}

/** A share link: the page's address with the request's inputs as query parameters. */
function shareLink(request) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(request.attributes)) {
    if (value === true) params.set(name, "on");
    else if (value === false) params.set(name, "off");
    else if (value !== null) params.set(name, value);
  }
  params.set("seed", String(request.seed));
  params.set("picks", String(request.attributeSeed));
  if (request.count > 1) params.set("count", String(request.count));
  if (request.truncation != null) params.set("truncation", String(request.truncation));
  return `${location.origin}/?${params}`;
}

/**
 * Reads a share link back: the request, and the parameters the model does not know
 * (left on Random). Null when the address holds no request.
 */
function requestFromLink(params) {
  if (!params.has("seed")) return null;
  const vocabulary = state.model.vocabulary;
  const attributes = {};
  const problems = [];
  for (const [name, value] of params) {
    if (["seed", "picks", "count", "truncation", "token"].includes(name)) continue;
    const group = vocabulary.groups.find((item) => item.name === name);
    const tag = vocabulary.binaryTags.find((item) => item.name === name);
    const attribute = (vocabulary.continuous || []).find((item) => item.name === name);
    const number = Number(value);
    if (group && group.values.includes(value)) attributes[name] = value;
    else if (tag && (value === "on" || value === "off")) attributes[name] = value === "on";
    else if (attribute && value !== "" && Number.isFinite(number) && number >= attribute.minimum && number <= attribute.maximum) {
      attributes[name] = number;
    } else problems.push(`${name}=${value}`);
  }
  const number = (key, fallback) => {
    const value = Number(params.get(key));
    return params.has(key) && Number.isFinite(value) ? value : fallback;
  };
  const request = {
    attributes,
    seed: number("seed", randomSeed()),
    attributeSeed: number("picks", randomSeed()),
    count: Math.min(Math.max(Math.round(number("count", 1)), 1), state.model.limits.maxCount),
    truncation: params.has("truncation") ? number("truncation", null) : null,
  };
  return { request, problems };
}
function setupGenerate() {
  $("generate").addEventListener("click", () => generate());
  $("fix-all").addEventListener("click", fixAll);
  $("share").addEventListener("click", share);
  $("use-face").addEventListener("click", openSelectedFace);
}

/** Generates what the controls describe; adds it to the history unless told not to. */
async function generate({ addToHistory = true } = {}) {
  if (state.busy || !state.model) return;
  const request = requestFromControls();
  if (!request) return;
  state.busy = true;
  setBusy($("generate"), true);
  $("stage").setAttribute("aria-busy", "true");
  try {
    const body = { ...apiBody(request), count: request.count, format: "json" };
    const response = await makeFaces(body, () => api("/api/generate", body), generateLocally, showError);
    if (!response.madeIn) clearError();
    showResult(request, response);
    if (addToHistory) addHistory(request, response);
  } catch (error) {
    showError(error.message);
  } finally {
    state.busy = false;
    setBusy($("generate"), false);
    $("stage").setAttribute("aria-busy", "false");
  }
}

function faceImage(face, className) {
  return element("img", {
    src: `data:image/png;base64,${face.png}`, className,
    width: String(state.model.imageSize), height: String(state.model.imageSize),
    alt: `Generated face: ${face.tags}`,
  });
}

function showResult(request, response) {
  state.current = { request, response, selected: 0 };
  const stage = $("stage");
  stage.replaceChildren();
  if (response.faces.length === 1) {
    stage.append(faceImage(response.faces[0], "single-face"));
  } else {
    const grid = element("div", { className: "grid", role: "group", "aria-label": `${response.faces.length} faces; choose one` });
    grid.style.gridTemplateColumns = `repeat(${response.columns}, minmax(0, 1fr))`;
    response.faces.forEach((face, index) => {
      const button = element("button", { type: "button", className: "face-button", "aria-pressed": String(index === 0), title: face.tags });
      button.append(faceImage(face, ""));
      button.addEventListener("click", () => selectFace(index));
      grid.append(button);
    });
    stage.append(grid);
  }
  setDownload($("download-grid"), response.grid || null, `acgan-grid-seed${request.seed}-x${response.faces.length}.png`);
  $("download-grid").hidden = !response.grid;
  $("use-face").hidden = response.faces.length === 1;
  $("share").disabled = false;
  $("share-box").hidden = true;
  selectFace(0);
}

function selectFace(index) {
  const { response } = state.current;
  state.current.selected = index;
  document.querySelectorAll(".face-button").forEach((button, buttonIndex) => {
    button.setAttribute("aria-pressed", String(buttonIndex === index));
  });
  const face = response.faces[index];
  const caption = $("caption");
  caption.replaceChildren();
  for (const phrase of tagPhrases(face)) caption.append(element("span", { className: "tag-pill", text: phrase }));
  caption.append(element("span", { className: "seed", text: ` seed ${face.seed} · picks ${face.attributeSeed}` }));
  setDownload($("download-face"), face.png, `acgan-face-seed${face.seed}.png`);
}

/** The face's attributes as short phrases: group values, then the binary tags that are on. */
function tagPhrases(face) {
  const vocabulary = state.model.vocabulary;
  const phrases = vocabulary.groups.map((group) => face.attributes[group.name]);
  for (const tag of vocabulary.binaryTags) if (face.attributes[tag.name] === true) phrases.push(tag.name);
  for (const attribute of vocabulary.continuous || []) {
    const value = face.attributes[attribute.name];
    if (typeof value === "number") phrases.push(`${attribute.name}=${formatValue(value)}`);
  }
  return phrases;
}

/** Shows one face of a grid on its own: its own seeds reproduce it exactly. */
function openSelectedFace() {
  const { request, response, selected } = state.current;
  const face = response.faces[selected];
  applyRequest({ ...request, seed: face.seed, attributeSeed: face.attributeSeed, count: 1 });
  generate();
}

/**
 * Freezes every random choice: both seeds become Fixed, and for a single face the
 * attributes drawn at random are written into the controls, so changing one attribute
 * next changes only that one.
 */
function fixAll() {
  setMode("noise-mode", "fixed");
  setMode("attribute-mode", "fixed");
  let message = "Noise and attribute picks are fixed.";
  if (state.current) {
    const { request, response, selected } = state.current;
    const face = response.faces[selected];
    if (response.faces.length === 1) {
      applyAttributes(face.attributes);
      message = "Every attribute of this face is now fixed; change one and press Generate.";
    }
    $("seed").value = String(request.seed);
    $("attribute-seed").value = String(request.attributeSeed);
    validateSeeds();
  }
  let status = $("fix-status");
  if (!status) {
    status = element("p", { id: "fix-status", className: "help", role: "status" });
    $("seed-help").after(status);
  }
  status.textContent = message;
}

async function share() {
  if (!state.current) return;
  const link = shareLink(state.current.request);
  $("share-url").value = link;
  $("share-box").hidden = false;
  const copied = await copyText(link, $("share-url"));
  $("share-status").textContent = copied
    ? "Link copied. Opening it shows the same faces."
    : "Copy the link above; opening it shows the same faces.";
}
const HISTORY_LIMIT = 60;

function loadHistory() {
  try {
    const stored = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
    return Array.isArray(stored) ? stored.filter((entry) => entry && entry.request && entry.thumbnail) : [];
  } catch (error) {
    return [];
  }
}

/** Saves the history, dropping the oldest entries while the browser's storage is full. */
function saveHistory() {
  while (true) {
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(state.history));
      return;
    } catch (error) {
      if (state.history.length <= 1) {
        showError("This browser will not store the history (storage is full or disabled); it lasts until you leave the page.");
        return;
      }
      state.history.pop();
    }
  }
}

function requestKey(request) {
  return JSON.stringify([request.attributes, request.seed, request.attributeSeed, request.count, request.truncation]);
}

function addHistory(request, response) {
  const key = requestKey(request);
  const existing = state.history.findIndex((entry) => requestKey(entry.request) === key);
  const entry = existing >= 0 ? state.history.splice(existing, 1)[0] : {
    id: `${Date.now().toString(36)}-${randomSeed().toString(36)}`,
    request,
    tags: response.faces[0].tags,
    count: response.faces.length,
    thumbnail: `data:image/png;base64,${response.faces[0].png}`,
  };
  entry.time = new Date().toISOString();
  state.history.unshift(entry);
  state.history.length = Math.min(state.history.length, HISTORY_LIMIT);
  saveHistory();
  renderHistory(entry.id);
}

function setupHistory() {
  state.history = loadHistory();
  renderHistory(null);
  const clear = $("clear-history");
  let armed = null;
  clear.addEventListener("click", () => {
    if (!armed) {
      clear.textContent = "Click again to clear";
      armed = setTimeout(() => { clear.textContent = "Clear"; armed = null; }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    clear.textContent = "Clear";
    state.history = [];
    saveHistory();
    renderHistory(null);
  });
}

function describeEntry(entry) {
  const count = entry.count > 1 ? ` · ${entry.count} faces` : "";
  return `${entry.tags}${count}`;
}

function renderHistory(currentId) {
  const list = $("history-list");
  list.replaceChildren();
  for (const entry of state.history) {
    const time = new Date(entry.time);
    const button = element("button", { type: "button", className: "history-entry", "data-id": entry.id,
      "aria-label": `Restore ${describeEntry(entry)}, seed ${entry.request.seed}` });
    if (entry.id === currentId) button.setAttribute("aria-current", "true");
    button.append(
      element("img", { src: entry.thumbnail, alt: "", width: "56", height: "56" }),
      element("span", {}, [
        element("span", { className: "summary", text: describeEntry(entry) }),
        element("span", { className: "meta", text: `${time.toLocaleString()} · seed ${entry.request.seed}` }),
      ]),
    );
    button.addEventListener("click", () => restoreEntry(entry));
    list.append(element("li", {}, [button]));
  }
  $("history-empty").hidden = state.history.length > 0;
  $("clear-history").disabled = state.history.length === 0;
  updateInterpolationChoices();
}

/** Brings an entry back: its exact inputs go into the controls and its faces are redrawn. */
async function restoreEntry(entry) {
  applyRequest(entry.request);
  await generate({ addToHistory: false });
  document.querySelectorAll(".history-entry").forEach((button) => {
    if (button.dataset.id === entry.id) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  });
  $("stage").focus();
}
/** Ids the person picked for From and To; until they pick, the two newest entries. */
const interpolationChoice = { from: null, to: null };

function setupInterpolation() {
  $("interpolate").addEventListener("click", interpolate);
  $("interp-from").addEventListener("change", () => { interpolationChoice.from = $("interp-from").value; });
  $("interp-to").addEventListener("change", () => { interpolationChoice.to = $("interp-to").value; });
  updateInterpolationChoices();
}

function updateInterpolationChoices() {
  const from = $("interp-from"), to = $("interp-to");
  for (const select of [from, to]) {
    select.replaceChildren(...state.history.map((entry, index) =>
      element("option", { value: entry.id, text: `#${state.history.length - index} · ${entry.tags} · seed ${entry.request.seed}` })));
  }
  const ids = state.history.map((entry) => entry.id);
  from.value = ids.includes(interpolationChoice.from) ? interpolationChoice.from : (ids[1] || ids[0] || "");
  to.value = ids.includes(interpolationChoice.to) ? interpolationChoice.to : (ids[0] || "");
  $("interpolate").disabled = state.history.length < 2;
  $("interpolate").title = state.history.length < 2 ? "Generate at least two faces first" : "";
}

async function interpolate() {
  const find = (id) => state.history.find((entry) => entry.id === id);
  const from = find($("interp-from").value), to = find($("interp-to").value);
  if (!from || !to) return;
  const button = $("interpolate");
  setBusy(button, true);
  try {
    const steps = Number($("steps").value);
    const body = { from: apiBody(from.request), to: apiBody(to.request), steps, format: "json" };
    const response = await makeFaces(body, () => api("/api/interpolate", body), interpolateLocally, showError);
    if (!response.madeIn) clearError();
    const strip = $("strip");
    strip.replaceChildren(...response.frames.map((frame, index) => element("img", {
      src: `data:image/png;base64,${frame.png}`, width: "96", height: "96",
      alt: `Frame ${index + 1} of ${response.frames.length}`,
    })));
    setDownload($("download-strip"), response.strip, `acgan-interpolation-${from.request.seed}-${to.request.seed}.png`);
    $("download-strip").hidden = false;
  } catch (error) {
    showError(error.message);
  } finally {
    setBusy(button, false);
    button.disabled = state.history.length < 2;
  }
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
