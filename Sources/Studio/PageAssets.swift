/// The page and its assets, compiled into the program: no files beside the binary, no CDN,
/// works offline. `/app.js` is the concatenation of the script parts, one per concern.
enum PageAssets {
    /// `/app.js`: one ES module.
    static var script: String {
        [scriptCore, scriptControls, scriptGenerate, scriptHistory, scriptInterpolation, scriptStart]
            .joined(separator: "\n")
    }

    /// `/`: the page. Controls are filled in by the script from `GET /api/model`, so the page
    /// follows whatever vocabulary the served model has.
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>ACGAN Studio</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/app.css">
    <script type="module" src="/app.js"></script>
    </head>
    <body>
    <a class="skip-link" href="#stage">Skip to the result</a>
    <header class="topbar">
      <div class="brand">
        <img src="/favicon.svg" alt="" width="28" height="28">
        <h1>ACGAN Studio</h1>
      </div>
      <p class="model-badge" id="model-name" aria-live="polite">Loading model…</p>
    </header>

    <div class="notice" id="notice" role="alert" hidden>
      <p id="notice-text"></p>
      <button type="button" class="icon-button" id="notice-close" aria-label="Dismiss message">✕</button>
    </div>

    <main class="layout">
      <section class="panel controls" aria-labelledby="controls-title">
        <div class="panel-head">
          <h2 id="controls-title">Attributes</h2>
          <button type="button" class="ghost" id="reset" title="Set every attribute to Random; keeps the noise">Reset</button>
        </div>
        <div id="groups" class="groups"></div>
        <fieldset class="tags-block">
          <legend>Extras</legend>
          <div id="binary-tags" class="tag-list"></div>
        </fieldset>

        <h3 class="section-title">Randomness</h3>
        <div class="seed-row">
          <div class="seed-label" id="noise-label">Noise</div>
          <div class="segmented" role="radiogroup" aria-labelledby="noise-label">
            <label><input type="radio" name="noise-mode" value="random" checked><span>Random</span></label>
            <label><input type="radio" name="noise-mode" value="fixed"><span>Fixed</span></label>
          </div>
          <input class="seed-input" id="seed" inputmode="numeric" autocomplete="off" aria-label="Noise seed" aria-describedby="seed-help">
          <button type="button" class="icon-button" id="copy-seed" aria-label="Copy noise seed" title="Copy seed"><svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="9" y="9" width="12" height="12" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/></svg></button>
        </div>
        <div class="seed-row">
          <div class="seed-label" id="attribute-label">Attribute picks</div>
          <div class="segmented" role="radiogroup" aria-labelledby="attribute-label">
            <label><input type="radio" name="attribute-mode" value="random" checked><span>Random</span></label>
            <label><input type="radio" name="attribute-mode" value="fixed"><span>Fixed</span></label>
          </div>
          <input class="seed-input" id="attribute-seed" inputmode="numeric" autocomplete="off" aria-label="Seed of the attribute picks" aria-describedby="seed-help">
          <span class="icon-spacer"></span>
        </div>
        <p class="help" id="seed-help">Typing a seed fixes it. Fixed seeds repeat the same face, so you can change one attribute at a time.</p>
        <p class="field-error" id="seed-error" hidden></p>

        <div class="slider-row">
          <label for="count">Faces</label>
          <input type="range" id="count" min="1" max="25" value="1">
          <output id="count-output" for="count">1</output>
        </div>
        <div class="slider-row">
          <label for="truncation-on" class="check"><input type="checkbox" id="truncation-on"> Truncation</label>
          <input type="range" id="truncation" min="0.1" max="2" step="0.05" value="0.7" disabled aria-label="Truncation threshold">
          <output id="truncation-output" for="truncation">off</output>
        </div>

        <div class="generate-bar">
          <button type="button" class="primary" id="generate">
            <span class="spinner" aria-hidden="true"></span><span class="label">Generate</span>
          </button>
          <span class="shortcut" aria-hidden="true"><kbd>Ctrl</kbd> + <kbd>Enter</kbd></span>
        </div>
      </section>

      <section class="panel stage-panel" aria-labelledby="result-title">
        <div class="panel-head">
          <h2 id="result-title">Result</h2>
          <button type="button" class="ghost" id="fix-all" title="Fix the noise and the random picks so only what you change next changes">Fix all</button>
        </div>
        <div class="stage" id="stage" tabindex="-1" aria-live="polite" aria-busy="false">
          <div class="placeholder">
            <p>Pick some attributes, or leave them on Random, and press <strong>Generate</strong>.</p>
          </div>
        </div>
        <p class="caption" id="caption"></p>
        <div class="actions">
          <a class="button" id="download-face" download aria-disabled="true">Download face</a>
          <a class="button" id="download-grid" download hidden>Download grid</a>
          <button type="button" id="use-face" hidden>Open this face</button>
          <button type="button" id="share" disabled>Copy share link</button>
        </div>
        <div class="share-box" id="share-box" hidden>
          <label for="share-url">Share link</label>
          <input id="share-url" readonly>
          <p class="help" id="share-status" aria-live="polite"></p>
        </div>
      </section>

      <section class="panel history-panel" aria-labelledby="history-title">
        <div class="panel-head">
          <h2 id="history-title">History</h2>
          <button type="button" class="ghost" id="clear-history">Clear</button>
        </div>
        <p class="help" id="history-empty">Everything you generate is kept here, in this browser, across reloads. Click an entry to bring it back.</p>
        <ol class="history-list" id="history-list"></ol>
      </section>

      <section class="panel interpolation-panel" aria-labelledby="interpolation-title">
        <div class="panel-head"><h2 id="interpolation-title">Interpolate</h2></div>
        <p class="help">Morph between two faces from your history: the noise moves along a sphere, the attributes blend.</p>
        <div class="interp-grid">
          <label for="interp-from">From</label>
          <select id="interp-from"></select>
          <label for="interp-to">To</label>
          <select id="interp-to"></select>
          <label for="steps">Frames</label>
          <div class="slider-inline"><input type="range" id="steps" min="3" max="50" value="8"><output id="steps-output" for="steps">8</output></div>
        </div>
        <div class="actions">
          <button type="button" class="primary" id="interpolate" disabled>
            <span class="spinner" aria-hidden="true"></span><span class="label">Interpolate</span>
          </button>
          <a class="button" id="download-strip" download hidden>Download strip</a>
        </div>
        <div class="strip" id="strip" aria-live="polite"></div>
      </section>
    </main>
    <footer class="footer">
      <p>ACGAN Studio runs the model on this computer. The API is described at <a href="/openapi.json">/openapi.json</a>.</p>
    </footer>
    </body>
    </html>
    """#

    /// `/favicon.svg`: a rounded gradient tile with a sparkle.
    static let favicon = #"""
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#ff5fa2"/><stop offset="1" stop-color="#7c5cff"/></linearGradient></defs>
    <rect width="64" height="64" rx="16" fill="url(#g)"/>
    <path d="M32 12c2 11 7 16 18 18-11 2-16 7-18 18-2-11-7-16-18-18 11-2 16-7 18-18z" fill="#fff"/>
    <circle cx="48" cy="15" r="4" fill="#fff" opacity=".8"/>
    </svg>
    """#
}
