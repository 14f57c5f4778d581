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
    /// `/favicon.svg`.
    static let favicon = PackageResources.favicon_svg
}
