extension PageAssets {
    /// Generate, show the result (one face or a grid), downloads, share link, and Fix all.
    static let scriptGenerate = #"""
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
        const response = await api("/api/generate", { ...apiBody(request), count: request.count, format: "json" });
        clearError();
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
    """#
}
