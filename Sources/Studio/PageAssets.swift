/// The page and its assets: real files in `Sources/Studio/Assets`, compiled into the program
/// by SwiftPM (`.embedInCode`), so the Studio needs no files beside the binary, no CDN, and
/// works offline. `make test` checks `app.js` with `node --check` as an ES module.
enum PageAssets {
    /// `/`: the page. Controls are filled in by the script from `GET /api/model`, so the page
    /// follows whatever vocabulary the served model has.
    static let html = PackageResources.index_html
    /// `/app.js`: one ES module (shared state and API helper, controls, generation, history,
    /// interpolation, start-up).
    static let script = PackageResources.app_js
    /// `/workspace.js`: the Data, Runs and Models pages (shown when the server has a workspace).
    static let workspaceScript = PackageResources.workspace_js
    /// `/app.css`: light and dark themes from the system setting, a three-column layout on wide
    /// screens that folds to one column on a phone, visible focus everywhere.
    static let style = PackageResources.app_css
    /// `/local-generation.js`: generation in the browser (the page's side): the model's
    /// generator file downloaded once and cached by its hash, faces planned as the server plans
    /// them (`studio-random.js`), drawn by the worker, encoded as the API's JSON.
    static let localGenerationScript = PackageResources.local_generation_js
    /// `/studio-random.js`: the seeded latents, attribute draws and condition vectors of
    /// `LatentNoise`, `AttributeDraw` and `TagVocabulary.condition(for:)`, bit for bit.
    static let randomScript = PackageResources.studio_random_js
    /// `/generator-worker.js`: the generator's forward pass in a Web Worker (typed arrays).
    static let generatorWorker = PackageResources.generator_worker_js
    /// `/generator-model.js`: the forward pass itself (safetensors reading, batch-norm folding,
    /// every operator of the folded generator), a module the worker and Node both load.
    static let generatorModel = PackageResources.generator_model_js
    /// `/safetensors-reader.js`: the generator file's tensors as float32 arrays.
    static let safetensorsReader = PackageResources.safetensors_reader_js
    /// `/service-worker.js`: keeps the page and the last model description for offline use.
    static let serviceWorker = PackageResources.service_worker_js
    /// `/favicon.svg`.
    static let favicon = PackageResources.favicon_svg
}
