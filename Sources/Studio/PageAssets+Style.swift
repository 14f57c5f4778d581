extension PageAssets {
    /// `/app.css`: light and dark themes from the system setting, a three-column layout on
    /// wide screens that folds to one column on a phone, visible focus everywhere.
    static let style = #"""
    :root {
      --bg: #f5f3fa; --bg-glow: #ffe3f1; --panel: #ffffff; --panel-2: #f3f0fa;
      --text: #1f1b2d; --muted: #6b6580; --line: #e3deef;
      --accent: #e6457e; --accent-2: #7c5cff; --accent-text: #ffffff;
      --focus: #7c5cff; --danger: #c2274f; --danger-bg: #fde8ee;
      --radius: 16px; --shadow: 0 1px 2px rgba(31,27,45,.06), 0 8px 24px rgba(31,27,45,.06);
      --sheet: #f4f2f7;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
      color: var(--text); background: var(--bg);
      -webkit-text-size-adjust: 100%;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #13111a; --bg-glow: #2a1630; --panel: #1d1a27; --panel-2: #262234;
        --text: #eeeaf8; --muted: #a39dba; --line: #332e45;
        --focus: #a993ff; --danger: #ff7a9c; --danger-bg: #3a1422;
        --shadow: 0 1px 2px rgba(0,0,0,.4), 0 8px 24px rgba(0,0,0,.3);
      }
    }
    * { box-sizing: border-box; }
    body {
      margin: 0; min-height: 100vh; line-height: 1.45;
      background: radial-gradient(1200px 500px at 10% -10%, var(--bg-glow), transparent 60%), var(--bg);
    }
    h1, h2, h3 { margin: 0; line-height: 1.2; }
    h1 { font-size: 1.15rem; letter-spacing: .01em; white-space: nowrap; }
    h2 { font-size: 1rem; }
    a { color: var(--accent-2); }
    :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 8px; }
    [hidden] { display: none !important; }

    .skip-link { position: absolute; left: -9999px; top: 8px; background: var(--panel); padding: 8px 12px; border-radius: 8px; z-index: 10; }
    .skip-link:focus { left: 8px; }

    .topbar { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 14px 20px; }
    .brand { display: flex; align-items: center; gap: 10px; flex: none; }
    .model-badge { margin: 0; font-size: .8rem; color: var(--muted); background: var(--panel); border: 1px solid var(--line); padding: 4px 10px; border-radius: 999px; max-width: 60vw; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

    .notice { display: flex; align-items: flex-start; gap: 12px; margin: 0 20px 12px; padding: 12px 14px; border-radius: 12px; background: var(--danger-bg); color: var(--danger); border: 1px solid currentColor; }
    .notice p { margin: 0; flex: 1; font-weight: 500; }

    .layout {
      display: grid; gap: 16px; padding: 0 20px 20px;
      grid-template-columns: minmax(300px, 370px) minmax(0, 1fr) minmax(240px, 300px);
      grid-template-areas: "controls stage history" "controls interp history";
      grid-template-rows: auto 1fr;
      align-items: start;
    }
    .controls { grid-area: controls; }
    .stage-panel { grid-area: stage; }
    .history-panel { grid-area: history; }
    .interpolation-panel { grid-area: interp; }
    @media (max-width: 1180px) {
      .layout { grid-template-columns: minmax(290px, 360px) minmax(0, 1fr); grid-template-areas: "controls stage" "controls interp" "history history"; grid-template-rows: auto 1fr auto; }
    }
    @media (max-width: 760px) {
      .layout { grid-template-columns: minmax(0, 1fr); grid-template-areas: "stage" "controls" "history" "interp"; grid-template-rows: none; padding: 0 12px 12px; gap: 12px; }
      .topbar { padding: 12px; }
      .notice { margin: 0 12px 12px; }
    }

    .panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 16px; min-width: 0; }
    .panel-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 12px; }
    .section-title { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 18px 0 8px; }
    .help { font-size: .8rem; color: var(--muted); margin: 6px 0; }
    .field-error { font-size: .85rem; color: var(--danger); margin: 6px 0; font-weight: 500; }

    button, .button {
      font: inherit; font-size: .9rem; display: inline-flex; align-items: center; justify-content: center; gap: 8px;
      min-height: 40px; padding: 8px 14px; border-radius: 10px; border: 1px solid var(--line);
      background: var(--panel-2); color: var(--text); cursor: pointer; text-decoration: none; white-space: nowrap;
    }
    button:hover:not(:disabled), .button:hover { border-color: var(--accent-2); }
    button:disabled, .button[aria-disabled="true"] { opacity: .45; cursor: not-allowed; pointer-events: none; }
    .primary { background: linear-gradient(135deg, var(--accent), var(--accent-2)); color: var(--accent-text); border: 0; font-weight: 600; padding: 10px 20px; }
    .primary:hover:not(:disabled) { filter: brightness(1.06); }
    .ghost { background: transparent; min-height: 32px; padding: 4px 10px; font-size: .85rem; }
    .icon-button { min-height: 36px; min-width: 36px; padding: 4px; background: transparent; }
    .icon-spacer { width: 36px; }
    .spinner { display: none; width: 16px; height: 16px; border: 2px solid rgba(255,255,255,.5); border-top-color: #fff; border-radius: 50%; animation: spin .8s linear infinite; }
    .busy .spinner { display: inline-block; }
    @keyframes spin { to { transform: rotate(360deg); } }

    fieldset { border: 0; margin: 0 0 14px; padding: 0; min-width: 0; }
    legend { font-weight: 600; font-size: .9rem; margin-bottom: 8px; padding: 0; text-transform: capitalize; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; }
    .chip input, .segmented input { position: absolute; opacity: 0; width: 1px; height: 1px; }
    .chip span {
      display: inline-flex; align-items: center; gap: 6px; padding: 5px 10px 5px 6px; border-radius: 999px;
      border: 1px solid var(--line); background: var(--panel); font-size: .82rem; cursor: pointer; user-select: none;
    }
    .chip span.no-swatch { padding-left: 10px; }
    .chip input:checked + span { border-color: transparent; background: linear-gradient(135deg, var(--accent), var(--accent-2)); color: #fff; }
    .chip input:focus-visible + span, .segmented input:focus-visible + span { outline: 3px solid var(--focus); outline-offset: 2px; }
    .swatch { width: 16px; height: 16px; border-radius: 50%; border: 1px solid rgba(128,128,140,.45); flex: none; }
    .swatch.random { background: conic-gradient(#f2d27c, #ff8cc6, #9b6bff, #4a7dff, #35d0d0, #3fbf7f, #e5484d, #f2d27c); }

    .tag-list { display: grid; gap: 6px; }
    .tag-row { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
    .tag-name { font-size: .85rem; text-transform: capitalize; }
    .segmented { display: inline-flex; background: var(--panel-2); border: 1px solid var(--line); border-radius: 10px; padding: 2px; }
    .segmented span { display: inline-block; padding: 4px 10px; font-size: .8rem; border-radius: 8px; cursor: pointer; user-select: none; color: var(--muted); }
    .segmented input:checked + span { background: var(--panel); color: var(--text); box-shadow: 0 1px 3px rgba(0,0,0,.15); font-weight: 600; }
    .segmented input[value="on"]:checked + span { color: var(--accent); }

    .seed-row { display: grid; grid-template-columns: auto minmax(0, 1fr) 36px; grid-template-areas: "label label label" "mode seed copy"; align-items: center; gap: 4px 8px; margin-bottom: 10px; }
    .seed-label { grid-area: label; font-size: .85rem; font-weight: 600; }
    .seed-row .segmented { grid-area: mode; }
    .seed-row .seed-input { grid-area: seed; }
    .seed-row .icon-button, .seed-row .icon-spacer { grid-area: copy; }
    .seed-input, select, .share-box input {
      font: inherit; font-size: .9rem; min-height: 36px; width: 100%; padding: 6px 10px; border-radius: 10px;
      border: 1px solid var(--line); background: var(--panel); color: var(--text);
    }
    .seed-input { font-variant-numeric: tabular-nums; }
    .seed-input[aria-invalid="true"] { border-color: var(--danger); }
    .slider-row { display: grid; grid-template-columns: 110px minmax(0, 1fr) 44px; align-items: center; gap: 10px; margin: 10px 0; font-size: .9rem; }
    .slider-row output, .slider-inline output { font-variant-numeric: tabular-nums; text-align: right; color: var(--muted); }
    .check { display: inline-flex; align-items: center; gap: 6px; }
    input[type="range"] { width: 100%; accent-color: var(--accent); }
    input[type="checkbox"] { accent-color: var(--accent); width: 16px; height: 16px; }

    .generate-bar {
      position: sticky; bottom: 0; display: flex; align-items: center; gap: 12px; margin: 16px -16px -16px; padding: 12px 16px;
      background: color-mix(in srgb, var(--panel) 88%, transparent); backdrop-filter: blur(8px); border-top: 1px solid var(--line);
      border-radius: 0 0 var(--radius) var(--radius);
    }
    .generate-bar .primary { flex: 1; min-height: 46px; font-size: 1rem; }
    .shortcut { font-size: .75rem; color: var(--muted); }
    kbd { font: inherit; font-size: .75rem; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 5px; padding: 0 5px; background: var(--panel-2); }
    @media (max-width: 760px) { .shortcut { display: none; } }

    .stage {
      position: relative; display: grid; place-items: center; min-height: 320px; border-radius: 12px; padding: 12px;
      background: radial-gradient(circle at 50% 40%, var(--panel), var(--panel-2));
      border: 1px solid var(--line);
    }
    .stage[aria-busy="true"]::after {
      content: ""; position: absolute; inset: 0; border-radius: 12px;
      background: linear-gradient(100deg, transparent 20%, rgba(255,255,255,.35) 50%, transparent 80%) 0 0 / 200% 100%;
      animation: shimmer 1.2s linear infinite;
    }
    @keyframes shimmer { to { background-position: -200% 0; } }
    .placeholder { text-align: center; color: var(--muted); max-width: 28ch; }
    .single-face { width: min(100%, 384px); height: auto; aspect-ratio: 1; border-radius: 12px; box-shadow: var(--shadow); image-rendering: auto; }
    .grid { display: grid; gap: 6px; width: min(100%, 560px); }
    .face-button { padding: 0; border: 2px solid transparent; border-radius: 10px; background: none; min-height: 0; overflow: hidden; aspect-ratio: 1; }
    .face-button img { display: block; width: 100%; height: auto; aspect-ratio: 1; }
    .face-button[aria-pressed="true"] { border-color: var(--accent); }
    .caption { min-height: 1.5em; margin: 12px 2px 4px; font-size: .9rem; }
    .caption .seed { color: var(--muted); font-variant-numeric: tabular-nums; }
    .tag-pill { display: inline-block; margin: 2px 4px 2px 0; padding: 1px 8px; border-radius: 999px; background: var(--panel-2); border: 1px solid var(--line); font-size: .8rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
    .share-box { margin-top: 10px; }
    .share-box label { font-size: .8rem; color: var(--muted); }

    .history-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; max-height: 70vh; overflow: auto; }
    @media (max-width: 1180px) { .history-list { grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); max-height: none; } }
    .history-entry {
      width: 100%; display: grid; grid-template-columns: 56px minmax(0, 1fr); gap: 10px; align-items: center; text-align: left;
      padding: 6px; min-height: 0; white-space: normal; background: var(--panel);
    }
    .history-entry img { width: 56px; height: 56px; border-radius: 8px; background: var(--sheet); }
    .history-entry .meta { font-size: .75rem; color: var(--muted); display: block; }
    .history-entry .summary { font-size: .82rem; display: block; overflow: hidden; text-overflow: ellipsis; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
    .history-entry[aria-current="true"] { border-color: var(--accent); }

    .interp-grid { display: grid; grid-template-columns: 56px minmax(0, 1fr); gap: 8px 10px; align-items: center; font-size: .9rem; }
    .slider-inline { display: grid; grid-template-columns: minmax(0, 1fr) 36px; gap: 8px; align-items: center; }
    .strip { display: flex; gap: 4px; overflow-x: auto; margin-top: 12px; padding-bottom: 4px; }
    .strip img { width: 96px; height: auto; aspect-ratio: 1; border-radius: 8px; flex: none; }

    .footer { padding: 8px 20px 24px; font-size: .8rem; color: var(--muted); }
    @media (prefers-reduced-motion: reduce) { *, *::after { animation: none !important; } }
    """#
}
