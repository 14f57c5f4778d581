// The workspace pages: Data (data sets, upload, assisted labelling, real faces), Runs (start,
// progress, curves, sample sheets) and Models (deploy, restore). Shown only when the server has
// a workspace.
const $ = (id) => document.getElementById(id);
const views = ["generate", "data", "runs", "models"];
const ws = { runs: [], selectedRun: null, pollTimer: null, datasets: [] };

/** Calls the API; resolves to the JSON body or throws an Error with the server's message. */
async function call(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new Error("The Studio server cannot be reached. Is `acgan serve` still running?");
  }
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  if (!response.ok) throw new Error(data && data.message ? data.message : `The server answered ${response.status}.`);
  return data;
}

const post = (path, body) => call(path, {
  method: "POST", headers: { "Content-Type": "application/json" }, body: body === undefined ? "" : JSON.stringify(body),
});

function showError(message) {
  $("notice-text").textContent = message;
  $("notice").hidden = false;
}

/** A new element with text and class. */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function setBusy(button, busy) {
  button.disabled = busy;
  button.classList.toggle("busy", busy);
}

function duration(seconds) {
  if (seconds === undefined || seconds === null || !isFinite(seconds)) return "";
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor(s % 3600 / 60)).padStart(2, "0")}m`
    : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

// MARK: Navigation

function show(view) {
  if (!views.includes(view)) view = "generate";
  for (const name of views) {
    $(`view-${name}`).hidden = name !== view;
    const tab = $(`tab-${name}`);
    if (name === view) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
  }
  if (view === "data") loadDatasets().then(loadLabelling);
  if (view === "runs") { loadDatasets(); refreshRuns(); }
  if (view === "models") loadModels();
  schedulePoll();
}

const currentView = () => (location.hash || "#generate").slice(1);

// MARK: Data

async function loadDatasets() {
  try {
    ws.datasets = await call("/api/datasets");
  } catch (error) { showError(error.message); return; }
  const box = $("datasets");
  box.replaceChildren();
  if (!ws.datasets.length) box.append(el("p", "No data sets yet: upload a zip, or start the studio with --data-root.", "help"));
  for (const d of ws.datasets) {
    const card = el("article", null, "card");
    card.append(el("h3", d.name));
    card.append(el("p", d.error ? d.error
      : `${d.layout} · ${d.imageCount} images · ${d.source === "upload" ? "uploaded" : d.location}`, d.error ? "field-error" : "help"));
    if (d.vocabulary) card.append(el("p", d.vocabulary, "help"));
    if (d.tagCounts && d.tagCounts.length) {
      const max = Math.max(1, ...d.tagCounts.map((t) => t.count));
      const chart = el("div", null, "bars");
      for (const t of d.tagCounts) {
        const row = el("div", null, "bar-row");
        row.append(el("span", t.tag, "bar-label"));
        const bar = el("span", null, "bar");
        bar.style.width = `${(100 * t.count / max).toFixed(1)}%`;
        row.append(bar, el("span", t.count, "bar-count"));
        chart.append(row);
      }
      card.append(chart);
    }
    if (d.unlabelledCount) {
      const go = el("button", `Label ${d.unlabelledCount} faces without tags`);
      go.dataset.label = d.name;
      go.addEventListener("click", () => openLabelling(d.name));
      card.append(go);
    }
    if (d.rejections && d.rejections.length) {
      const details = el("details");
      details.append(el("summary", `${d.rejections.length} files or lines skipped`));
      const list = el("ul", null, "rejections");
      for (const r of d.rejections.slice(0, 200)) list.append(el("li", `${r.file}: ${r.reason}`));
      details.append(list);
      card.append(details);
    }
    box.append(card);
  }
  for (const select of [$("preview-dataset"), $("run-dataset"), $("label-dataset")]) {
    const chosen = select === $("label-dataset") && label.target ? label.target : select.value;
    select.replaceChildren(...ws.datasets.filter((d) => !d.error).map((d) => el("option", d.name)));
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
  label.target = null;
  fillTags();
}

function fillTags() {
  const d = ws.datasets.find((x) => x.name === $("preview-dataset").value);
  const tags = d && d.tagCounts ? d.tagCounts.map((t) => t.tag) : [];
  $("preview-tag").replaceChildren(el("option", "any"), ...tags.map((t) => el("option", t)));
  $("preview-tag").options[0].value = "";
}

async function showFaces(event) {
  event.preventDefault();
  const name = $("preview-dataset").value;
  if (!name) return;
  const tag = $("preview-tag").value;
  $("preview-status").textContent = "Loading…";
  try {
    const result = await call(`/api/datasets/${encodeURIComponent(name)}/faces?count=32${tag ? `&tag=${encodeURIComponent(tag)}` : ""}`);
    $("preview-status").textContent = `${result.matching} images${tag ? ` with ${tag}` : ""}; the first ${result.faces.length}:`;
    $("preview-faces").replaceChildren(...result.faces.map((f) => {
      const img = el("img");
      img.src = `data:image/png;base64,${f.png}`;
      img.alt = f.tags;
      img.title = `${f.file}: ${f.tags}`;
      return img;
    }));
  } catch (error) {
    $("preview-status").textContent = "";
    showError(error.message);
  }
}

async function upload(event) {
  event.preventDefault();
  const file = $("upload-file").files[0];
  const name = $("upload-name").value.trim();
  if (!file || !name) return;
  setBusy($("upload-button"), true);
  $("upload-status").textContent = `Uploading ${file.name}…`;
  try {
    const d = await call(`/api/datasets?name=${encodeURIComponent(name)}`, {
      method: "POST", headers: { "Content-Type": "application/zip" }, body: file,
    });
    $("upload-status").textContent = `${d.name}: ${d.imageCount} images (${d.layout}).`;
    $("upload-form").reset();
    await loadDatasets();
  } catch (error) {
    $("upload-status").textContent = "";
    showError(error.message);
  } finally {
    setBusy($("upload-button"), false);
  }
}

// MARK: Labelling

const label = {
  target: null, offset: 0, confidences: [], data: null, pollTimer: null, countsTimer: null, message: "", active: false,
  skipped: new Map(),  // "dataset/file" -> the face's confidence (-1 for a tagged face), for the bulk count
};
const percent = (value) => `${Math.round(100 * value)}%`;
const datasetPath = (name) => `/api/datasets/${encodeURIComponent(name)}`;

/** Opens the Data page's labelling view on data set `name`. */
function openLabelling(name) {
  label.target = name;
  if (currentView() !== "data") { location.hash = "#data"; return; }
  $("label-dataset").value = name;
  label.target = null;
  loadLabelling().then(() => $("labelling").scrollIntoView({ block: "start" }));
}

/** The labelling view for the chosen data set: a classifier run in progress, then the suggestions. */
async function loadLabelling() {
  clearTimeout(label.pollTimer);
  const name = $("label-dataset").value;
  if (!name) {
    $("label-status").textContent = "No data set yet: upload one above.";
    for (const id of ["label-train", "label-bulk", "label-progress", "label-more"]) $(id).hidden = true;
    $("label-faces").replaceChildren();
    return;
  }
  let runs;
  try { runs = await call("/api/runs"); } catch (error) { showError(error.message); return; }
  const mine = runs.filter((r) => r.dataset === name && r.kind === "classifier");
  const active = mine.find((r) => r.status === "queued" || r.status === "running");
  showLabelRun(active || mine[0]);
  await loadSuggestions(true);
  if (active) watchLabelRun(active.id);
}

/** Polls a classifier run once a second while it is active and the Data page is open; then loads its suggestions. */
async function watchLabelRun(id) {
  clearTimeout(label.pollTimer);
  let run;
  try { run = await call(`/api/runs/${id}`); } catch (error) { showError(error.message); return; }
  if (run.dataset !== $("label-dataset").value) return;
  showLabelRun(run);
  if (run.status === "queued" || run.status === "running") {
    if (currentView() === "data") label.pollTimer = setTimeout(() => watchLabelRun(id), 1000);
    return;
  }
  if (run.status === "failed") showError(`${run.name} failed: ${run.message || "see its train.log"}`);
  label.message = run.status === "finished" ? `${run.name} finished.` : "";
  await loadSuggestions(true);
}

function showLabelRun(run) {
  $("label-progress").hidden = !run;
  label.active = Boolean(run) && (run.status === "queued" || run.status === "running");
  $("label-train-button").disabled = label.active;
  if (!run) return;
  const c = run.classifier || {};
  $("label-progress-bar").value = run.status === "finished" ? 1 : run.progress;
  $("label-progress-text").textContent = `${run.name}: ${run.status}` + (run.message ? ` (${run.message})` : "")
    + (c.epochs ? ` · epoch ${c.epoch} of ${c.epochs}` : "")
    + (typeof c.heldOutAccuracy === "number" ? ` · held-out accuracy ${percent(c.heldOutAccuracy)}` : "")
    + (run.status === "running" && run.etaSeconds !== undefined ? ` · ${duration(run.etaSeconds)} left` : "");
}

async function trainClassifier(event) {
  event.preventDefault();
  const name = $("label-dataset").value;
  if (!name) return;
  setBusy($("label-train-button"), true);
  try {
    const run = await post("/api/runs", {
      dataset: name, kind: "classifier", epochs: Number($("label-epochs").value), image_size: Number($("label-size").value),
    });
    label.message = `${run.name} started: it trains on the tagged faces, then suggests tags.`;
    showLabelRun(run);
    watchLabelRun(run.id);
  } catch (error) {
    showError(error.message);
  } finally {
    setBusy($("label-train-button"), false);
    $("label-train-button").disabled = label.active;
  }
}

/** Loads a page of suggestions (the first when `reset`) and shows it. */
async function loadSuggestions(reset) {
  const name = $("label-dataset").value;
  if (!name) return;
  if (reset) label.offset = 0;
  const disputed = $("label-disputed").checked ? "&disputed=true" : "";
  let result;
  try {
    result = await call(`${datasetPath(name)}/suggestions?offset=${label.offset}&count=24${disputed}`);
  } catch (error) { $("label-status").textContent = ""; showError(error.message); return; }
  if ($("label-dataset").value !== name) return;  // another data set was chosen meanwhile
  label.data = result;
  label.confidences = result.confidences;
  showLabelStatus();
  $("label-train").hidden = !result.writable || result.needingLabels === 0 && !result.run;
  $("label-bulk").hidden = !result.run || !result.writable || result.confidences.length === 0;
  updateBulkCount();
  const grid = $("label-faces");
  if (reset) grid.replaceChildren();
  for (const face of result.faces) {
    if (!label.skipped.has(`${name}/${face.file}`)) grid.append(faceCard(face, result));
  }
  label.offset = result.offset + result.faces.length;
  $("label-more").hidden = label.offset >= result.matching;
}

function showLabelStatus() {
  const result = label.data;
  if (!result) return;
  const parts = label.message ? [label.message] : [];
  parts.push(result.needingLabels === 0 ? `Every image of ${result.dataset} has usable tags.`
    : `${result.needingLabels} faces of ${result.dataset} need tags.`);
  if (!result.writable) parts.push(`Read-only: ${result.readOnly}`);
  if (result.run) {
    parts.push(`Suggestions from ${result.run}` + (typeof result.heldOutAccuracy === "number"
      ? ` (held-out accuracy ${percent(result.heldOutAccuracy)}).` : "."));
    if (result.withoutSuggestion) parts.push(`${result.withoutSuggestion} of the faces have none: train again to include them.`);
  } else if (result.needingLabels) {
    parts.push("Train a classifier to get suggestions.");
  }
  if (result.stale) parts.push(`${result.stale}.`);
  if (result.skipped.length) parts.push(`${result.skipped.length} images do not decode (${result.skipped.slice(0, 3).map((r) => r.file).join(", ")}).`);
  $("label-status").textContent = parts.join(" ");
}

function threshold() { return Number($("label-threshold").value); }

function updateBulkCount() {
  const t = threshold();
  $("label-threshold-output").textContent = t.toFixed(2);
  const name = $("label-dataset").value;
  let count = label.confidences.filter((c) => c >= t).length;
  for (const [key, confidence] of label.skipped) if (key.startsWith(`${name}/`) && confidence >= t) count -= 1;
  $("label-bulk-count").textContent = String(Math.max(0, count));
  $("label-bulk-button").disabled = count <= 0;
}

/** One face: its thumbnail, why it is here, the suggested tags with their confidence, and Accept / Edit / Skip. */
function faceCard(face, result) {
  const card = el("article", null, "label-card");
  card.dataset.file = face.file;
  card.dataset.tags = face.tags;
  const head = el("div", null, "label-head");
  const img = el("img");
  img.alt = `${face.file}, suggested: ${face.tags}`;
  if (face.png) img.src = `data:image/png;base64,${face.png}`;
  const info = el("div");
  const why = face.status === "untagged" ? "no line in tags.csv"
    : face.status === "unreadable" ? `its tags do not read: ${face.currentTags || ""}` : `tagged: ${face.currentTags || ""}`;
  info.append(el("div", face.file, "label-file"), el("div", why, "label-why"),
    el("div", `confidence ${face.confidence.toFixed(2)}`, face.confidence < 0.5 ? "label-confidence low" : "label-confidence"));
  head.append(img, info);
  const tags = el("div", null, "label-tags");
  for (const g of face.groups) {
    const pill = el("span", `${g.value} ${percent(g.confidence)}`, "tag-pill");
    pill.title = g.group;
    tags.append(pill);
  }
  for (const t of face.binaryTags) tags.append(el("span", `${t.on ? t.tag : `no ${t.tag}`} ${percent(t.confidence)}`, t.on ? "tag-pill" : "tag-pill off"));
  const actions = el("div", null, "actions");
  const accept = el("button", "Accept", "accept");
  accept.addEventListener("click", () => applyLabel(card, face, face.tags));
  const edit = el("button", "Edit", "edit");
  edit.addEventListener("click", () => editFace(card, face, result.vocabulary));
  const skip = el("button", "Skip", "ghost skip");
  skip.addEventListener("click", () => {
    label.skipped.set(`${$("label-dataset").value}/${face.file}`, face.status === "tagged" ? -1 : face.confidence);
    card.remove();
    updateBulkCount();
  });
  if (!result.writable) { accept.disabled = true; edit.disabled = true; }
  actions.append(accept, edit, skip);
  card.append(head, tags, actions);
  return card;
}

/** Replaces a card's actions by a choice per group (most likely first is preselected) and a box per on/off tag. */
function editFace(card, face, vocabulary) {
  const editor = el("form", null, "label-editor");
  vocabulary.groups.forEach((group, index) => {
    const id = `edit-${card.dataset.file}-${index}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const select = el("select");
    select.id = id;
    select.dataset.group = group.name;
    const suggestion = face.groups[index];
    group.values.forEach((value, v) => {
      const option = el("option", suggestion ? `${value} (${percent(suggestion.probabilities[v])})` : value);
      option.value = value;
      select.append(option);
    });
    if (suggestion) select.value = suggestion.value;
    const caption = el("label", group.name);
    caption.htmlFor = id;
    editor.append(caption, select);
  });
  vocabulary.binaryTags.forEach((tag, index) => {
    const box = el("input");
    box.type = "checkbox";
    box.dataset.tag = tag;
    box.checked = Boolean(face.binaryTags[index] && face.binaryTags[index].on);
    const wrap = el("label", null, "check");
    wrap.append(box, ` ${tag}`);
    editor.append(wrap);
  });
  const actions = el("div", null, "actions");
  const save = el("button", "Save", "primary save");
  save.type = "submit";
  const cancel = el("button", "Cancel", "ghost");
  cancel.type = "button";
  actions.append(save, cancel);
  editor.append(actions);
  actions.style.gridColumn = "1 / -1";
  const old = card.querySelector(".actions");
  old.hidden = true;
  cancel.addEventListener("click", () => { editor.remove(); old.hidden = false; });
  editor.addEventListener("submit", (event) => {
    event.preventDefault();
    // Continuous attributes (name=value) keep the values the classifier read.
    const chosen = [...editor.querySelectorAll("select")].map((s) => s.value)
      .concat([...editor.querySelectorAll("input[data-tag]")].filter((b) => b.checked).map((b) => b.dataset.tag))
      .concat(face.tags.split(/\s+/).filter((word) => word.includes("=")));
    applyLabel(card, face, chosen.join(" "));
  });
  card.append(editor);
  editor.querySelector("select, input")?.focus();
}

/** Writes one face's tags; the card then says what tags.csv holds for it. */
async function applyLabel(card, face, tags) {
  const name = $("label-dataset").value;
  for (const button of card.querySelectorAll("button")) button.disabled = true;
  try {
    const result = await post(`${datasetPath(name)}/labels`, { labels: [{ image: face.file, tags }] });
    const written = result.labelled[0].tags;
    card.classList.add("done");
    card.dataset.labelled = written;
    for (const part of card.querySelectorAll(".label-tags, .actions, .label-editor")) part.remove();
    card.append(el("p", `Labelled: ${written}`, "help labelled"));
    // The face leaves the server's list (unless it stays disputed), so the next page starts one earlier.
    if (face.status !== "tagged" || written === face.tags) label.offset = Math.max(0, label.offset - 1);
    if (face.status !== "tagged") {
      const at = label.confidences.indexOf(face.confidence);
      if (at >= 0) label.confidences.splice(at, 1);
    }
    label.data.needingLabels = result.needingLabels;
    label.message = `${face.file} labelled ${written}; tags.csv updated, the previous version kept as ${result.backup}.`;
    showLabelStatus();
    updateBulkCount();
    refreshDatasetCounts();
  } catch (error) {
    for (const button of card.querySelectorAll("button")) button.disabled = false;
    showError(error.message);
  }
}

/** Accepts every suggestion at or above the threshold, except the skipped faces. */
async function acceptAbove() {
  const name = $("label-dataset").value;
  const skip = [...label.skipped.keys()].filter((k) => k.startsWith(`${name}/`)).map((k) => k.slice(name.length + 1));
  setBusy($("label-bulk-button"), true);
  try {
    const result = await post(`${datasetPath(name)}/labels`, { min_confidence: threshold(), skip });
    label.message = `Labelled ${result.written} faces with confidence at least ${threshold().toFixed(2)}`
      + (result.backup ? `; the previous tags.csv is kept as ${result.backup}.` : ".");
    await loadSuggestions(true);
    refreshDatasetCounts();
  } catch (error) {
    showError(error.message);
  } finally {
    setBusy($("label-bulk-button"), false);
    updateBulkCount();
  }
}

/** Reloads the data set cards (their tag counts change as faces are labelled), without touching the labelling view. */
function refreshDatasetCounts() {
  clearTimeout(label.countsTimer);
  label.countsTimer = setTimeout(loadDatasets, 1500);
}

// MARK: Runs

function runRequest() {
  const body = {
    dataset: $("run-dataset").value,
    iterations: Number($("run-iterations").value),
    model_size: $("run-size").value,
    penalty: $("run-penalty").value,
    seed: Number($("run-seed").value),
  };
  for (const name of ["batch", "g_lr", "d_lr", "ema", "sample_every", "checkpoint_every", "log_every", "threads", "info_codes"]) {
    const value = $(`run-${name}`).value;
    if (value !== "") body[name] = Number(value);
  }
  body.projection = $("run-projection").checked;
  if ($("run-continuous_loss").value) body.continuous_loss = $("run-continuous_loss").value;
  return body;
}

async function startRun(event) {
  event.preventDefault();
  setBusy($("run-start"), true);
  try {
    const run = await post("/api/runs", runRequest());
    ws.selectedRun = run.id;
    await refreshRuns();
  } catch (error) {
    showError(error.message);
  } finally {
    setBusy($("run-start"), false);
  }
}

async function runAction(id, action) {
  try {
    await post(`/api/runs/${id}/${action}`);
    ws.selectedRun = id;
    await refreshRuns();
  } catch (error) { showError(error.message); }
}

async function refreshRuns() {
  try {
    ws.runs = await call("/api/runs");
  } catch (error) { showError(error.message); return; }
  $("runs-empty").hidden = ws.runs.length > 0;
  $("runs-body").replaceChildren(...ws.runs.map((run) => {
    const row = el("tr");
    row.dataset.run = String(run.id);
    if (run.id === ws.selectedRun) row.classList.add("selected");
    const name = el("button", run.name, "link");
    name.addEventListener("click", () => { ws.selectedRun = run.id; refreshRuns(); });
    const nameCell = el("td");
    nameCell.append(name);
    if (run.kind === "classifier") nameCell.append(el("span", " classifier", "help"));
    const status = el("td", run.status, `status status-${run.status}`);
    if (run.message) status.title = run.message;
    const progress = el("td");
    const meter = el("progress");
    meter.max = 1;
    meter.value = run.progress;
    progress.append(meter, el("span", ` ${run.iteration}/${run.totalIterations}`, "help"));
    const actions = el("td");
    if (run.status === "queued" || run.status === "running") {
      const cancel = el("button", "Cancel");
      cancel.addEventListener("click", () => runAction(run.id, "cancel"));
      actions.append(cancel);
    }
    if (run.resumable) {
      const resume = el("button", "Resume");
      resume.addEventListener("click", () => runAction(run.id, "resume"));
      actions.append(resume);
    }
    if (run.kind === "classifier" && run.status === "finished") {
      const open = el("button", "Label faces");
      open.addEventListener("click", () => openLabelling(run.dataset));
      actions.append(open);
    }
    if (run.hasGenerator) {
      const use = el("button", "Use this model");
      use.addEventListener("click", () => deploy(`run-${run.id}`));
      actions.append(use);
    }
    row.append(nameCell, el("td", run.dataset), status, progress, el("td", run.status === "running" ? duration(run.etaSeconds) : ""), actions);
    return row;
  }));
  if (ws.selectedRun === null && ws.runs.length) ws.selectedRun = ws.runs[0].id;
  if (ws.selectedRun !== null) await showRun(ws.selectedRun);
  schedulePoll();
}

/** One curve per series as SVG polylines scaled to the plot. */
function plot(svg, points, series) {
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const xs = points.map((p) => p.x);
  const ys = points.flatMap((p) => series.map((s) => p[s.key])).filter((v) => typeof v === "number" && isFinite(v));
  if (!xs.length || !ys.length) return;
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x) => 30 + 360 * (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0));
  const sy = (y) => 165 - 150 * (y1 === y0 ? 0.5 : (y - y0) / (y1 - y0));
  const axis = document.createElementNS(ns, "path");
  axis.setAttribute("d", "M30 10 V165 H390");
  axis.setAttribute("class", "axis");
  svg.append(axis);
  for (const [value, y] of [[y1, 18], [y0, 165]]) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "2");
    label.setAttribute("y", String(y));
    label.setAttribute("class", "tick");
    label.textContent = value.toPrecision(3);
    svg.append(label);
  }
  for (const s of series) {
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points.filter((p) => typeof p[s.key] === "number").map((p) => `${sx(p.x).toFixed(1)},${sy(p[s.key]).toFixed(1)}`).join(" "));
    line.setAttribute("class", `curve ${s.className}`);
    svg.append(line);
  }
}

async function showRun(id) {
  let run;
  try { run = await call(`/api/runs/${id}`); } catch (error) { showError(error.message); return; }
  $("run-detail").hidden = false;
  $("run-detail-title").textContent = `${run.name} on ${run.dataset}`;
  if (run.kind === "classifier") { showClassifierRun(run); return; }
  $("loss-caption").replaceChildren("Losses: ", el("span", "D", "key d"), " ", el("span", "G", "key g"));
  $("run-detail-status").textContent = `${run.status}` + (run.message ? `: ${run.message}` : "")
    + ` · iteration ${run.iteration} of ${run.totalIterations}`
    + (run.imagesPerSecond ? ` · ${run.imagesPerSecond.toFixed(1)} images/s` : "")
    + (run.status === "running" && run.etaSeconds !== undefined ? ` · ${duration(run.etaSeconds)} left` : "");
  plot($("loss-plot"), run.losses.map((p) => ({ x: p.iteration, d: p.d_loss, g: p.g_loss })),
    [{ key: "d", className: "d" }, { key: "g", className: "g" }]);
  const quality = run.quality || [];
  $("quality-figure").hidden = quality.length === 0;
  if (quality.length) {
    const keys = Object.keys(quality[quality.length - 1].values).sort();
    plot($("quality-plot"), quality.map((q) => ({ x: q.iteration, ...q.values })), keys.slice(0, 3).map((k, i) => ({ key: k, className: `q${i}` })));
    $("quality-caption").textContent = `Quality: ${keys.slice(0, 3).join(", ")}`;
  }
  const sheets = run.samples || [];
  $("sheet-viewer").hidden = sheets.length === 0;
  if (sheets.length) {
    const slider = $("sheet-slider");
    const atEnd = Number(slider.value) >= Number(slider.max);
    slider.max = String(sheets.length - 1);
    if (atEnd || ws.sheetRun !== id) slider.value = slider.max;
    ws.sheetRun = id;
    ws.sheets = sheets;
    showSheet();
  }
}

/** A classifier run: its epochs, loss and held-out accuracy, and what it suggested. */
function showClassifierRun(run) {
  const c = run.classifier || {};
  $("run-detail-status").textContent = `${run.status}` + (run.message ? `: ${run.message}` : "")
    + (c.epochs ? ` · epoch ${c.epoch} of ${c.epochs}` : "")
    + (run.totalIterations ? ` · step ${run.iteration} of ${run.totalIterations}` : "")
    + (typeof c.heldOutAccuracy === "number" ? ` · held-out accuracy ${percent(c.heldOutAccuracy)}` : "")
    + (typeof c.suggestedFaces === "number" ? ` · suggestions for ${c.facesWithoutTags} faces without usable tags` : "")
    + (run.status === "running" && run.etaSeconds !== undefined ? ` · ${duration(run.etaSeconds)} left` : "");
  const curve = c.curve || [];
  $("loss-caption").replaceChildren("Classifier loss");
  plot($("loss-plot"), curve.map((p) => ({ x: p.step, d: p.loss })), [{ key: "d", className: "d" }]);
  const accuracy = curve.filter((p) => typeof p.heldOutAccuracy === "number");
  $("quality-figure").hidden = accuracy.length === 0;
  if (accuracy.length) {
    plot($("quality-plot"), accuracy.map((p) => ({ x: p.step, a: p.heldOutAccuracy })), [{ key: "a", className: "q0" }]);
    $("quality-caption").textContent = "Held-out accuracy";
  }
  $("sheet-viewer").hidden = true;
}

function showSheet() {
  const sheet = ws.sheets[Number($("sheet-slider").value)];
  if (!sheet) return;
  $("sheet-iteration").textContent = String(sheet.iteration);
  if ($("sheet-image").getAttribute("src") !== sheet.url) $("sheet-image").src = sheet.url;
}

/** One poll per second while a run is queued or running and the Runs page is open. */
function schedulePoll() {
  clearTimeout(ws.pollTimer);
  const active = ws.runs.some((r) => r.status === "queued" || r.status === "running");
  if (active && currentView() === "runs") ws.pollTimer = setTimeout(refreshRuns, 1000);
}

// MARK: Models

async function loadModels() {
  let result;
  try { result = await call("/api/models"); } catch (error) { showError(error.message); return; }
  $("restore-previous").hidden = !result.previous;
  $("restore-previous").textContent = `Restore previous (${result.previous || ""})`;
  $("restore-previous").onclick = () => deploy(result.previous);
  $("models-body").replaceChildren(...result.models.map((m) => {
    const row = el("tr");
    row.dataset.model = m.id;
    const from = m.source === "run" ? `${m.dataset}, ${m.iterations} iterations` : m.source === "file" ? "models/" : "started with";
    const quality = m.evaluation ? Object.entries(m.evaluation).map(([k, v]) => `${k} ${Number(v).toPrecision(3)}`).join(", ") : "";
    const action = el("td");
    if (m.live) {
      action.append(el("span", "Live", "live-badge"));
    } else {
      const use = el("button", "Use this model");
      use.addEventListener("click", () => deploy(m.id));
      action.append(use);
    }
    row.append(el("td", m.id), el("td", from), el("td", quality), el("td", m.bytes ? `${(m.bytes / 1e6).toFixed(1)} MB` : ""), action);
    return row;
  }));
}

async function deploy(id) {
  try {
    await post(`/api/models/${encodeURIComponent(id)}/deploy`);
  } catch (error) { showError(error.message); return; }
  // The generate page builds its controls from the live model's vocabulary: load it afresh.
  location.hash = "#models";
  location.reload();
}

// MARK: Start

async function start() {
  try {
    const response = await fetch("/api/runs");
    if (response.status === 404) return;  // no workspace: the studio only generates
  } catch (error) { return; }
  $("tabs").hidden = false;
  $("preview-dataset").addEventListener("change", fillTags);
  $("preview-form").addEventListener("submit", showFaces);
  $("upload-form").addEventListener("submit", upload);
  $("datasets-refresh").addEventListener("click", loadDatasets);
  $("run-form").addEventListener("submit", startRun);
  $("sheet-slider").addEventListener("input", showSheet);
  $("label-dataset").addEventListener("change", () => { label.message = ""; loadLabelling(); });
  $("label-disputed").addEventListener("change", () => loadSuggestions(true));
  $("label-refresh").addEventListener("click", loadLabelling);
  $("label-train").addEventListener("submit", trainClassifier);
  $("label-threshold").addEventListener("input", updateBulkCount);
  $("label-bulk-button").addEventListener("click", acceptAbove);
  $("label-more").addEventListener("click", () => loadSuggestions(false));
  window.addEventListener("hashchange", () => show(currentView()));
  show(currentView());
}

start();
