extension PageAssets {
    /// History kept in localStorage: each entry holds its exact inputs and a thumbnail.
    static let scriptHistory = #"""
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
    """#

    /// Interpolation between two history entries.
    static let scriptInterpolation = #"""
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
        const response = await api("/api/interpolate", {
          from: apiBody(from.request), to: apiBody(to.request), steps, format: "json",
        });
        clearError();
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
    """#
}
