// The workspace pages: Data (data sets, upload, real faces), Runs (start, progress, curves,
// sample sheets) and Models (deploy, restore). Shown only when the server has a workspace.
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
  if (view === "data") loadDatasets();
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
  for (const select of [$("preview-dataset"), $("run-dataset")]) {
    const chosen = select.value;
    select.replaceChildren(...ws.datasets.filter((d) => !d.error).map((d) => el("option", d.name)));
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
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

// MARK: Runs

function runRequest() {
  const body = {
    dataset: $("run-dataset").value,
    iterations: Number($("run-iterations").value),
    model_size: $("run-size").value,
    penalty: $("run-penalty").value,
    seed: Number($("run-seed").value),
  };
  for (const name of ["batch", "g_lr", "d_lr", "ema", "sample_every", "checkpoint_every", "log_every", "threads"]) {
    const value = $(`run-${name}`).value;
    if (value !== "") body[name] = Number(value);
  }
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
  window.addEventListener("hashchange", () => show(currentView()));
  show(currentView());
}

start();
