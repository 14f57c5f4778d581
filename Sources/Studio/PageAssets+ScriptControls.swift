extension PageAssets {
    /// Attribute controls built from the vocabulary, the randomness controls, and reading and
    /// writing a request from and to the controls and share links.
    static let scriptControls = #"""
    const SWATCHES = {
      blonde: "#f2d27c", brown: "#8a5a3b", black: "#2b2b33", blue: "#4a7dff", pink: "#ff8cc6",
      purple: "#9b6bff", green: "#3fbf7f", red: "#e5484d", silver: "#c9ccd6", white: "#f7f7fb",
      orange: "#ff9a3c", aqua: "#35d0d0", grey: "#9a9aa6", gray: "#9a9aa6", yellow: "#f5d90a",
    };

    function swatchColor(phrase) {
      const word = phrase.toLowerCase().split(/\s+/)[0];
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
      return attributes;
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
        if (["seed", "picks", "count", "truncation"].includes(name)) continue;
        const group = vocabulary.groups.find((item) => item.name === name);
        const tag = vocabulary.binaryTags.find((item) => item.name === name);
        if (group && group.values.includes(value)) attributes[name] = value;
        else if (tag && (value === "on" || value === "off")) attributes[name] = value === "on";
        else problems.push(`${name}=${value}`);
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
    """#
}
