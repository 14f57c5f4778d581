extension PageAssets {
    /// Shared state, the API helper, in-page messages, and start-up.
    static let scriptCore = #"""
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
        throw new Error("The Studio server cannot be reached. Is `acgan serve` still running?");
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
      $("model-name").textContent = `${model.name} · ${model.imageSize}×${model.imageSize}`;
      $("count").max = String(model.limits.maxCount);
      $("steps").min = String(model.limits.minSteps);
      $("steps").max = String(model.limits.maxSteps);
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
    """#

    /// Runs `start` once every part of the module has been evaluated.
    static let scriptStart = #"""
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
    """#
}
