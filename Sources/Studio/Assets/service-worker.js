// Keeps ACGAN Studio usable with the server stopped: the page, its scripts and the last
// GET /api/model answer are served from Cache Storage when the network fails. Everything is
// network first, so a running server always gives the current page and model (a newly
// deployed model replaces the cached description on the next load). The generator file
// itself is cached by the page, keyed by the model's hash (local-generation.js).
const CACHE = "acgan-studio-page-v1";
const PAGE = [
  "/", "/app.js", "/workspace.js", "/app.css", "/favicon.svg",
  "/local-generation.js", "/studio-random.js", "/generator-worker.js", "/generator-model.js", "/safetensors-reader.js",
];
const KEPT_API = ["/api/model"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...PAGE, ...KEPT_API])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("acgan-studio-page-") && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const page = url.pathname === "/" || PAGE.includes(url.pathname);
  if (!page && !KEPT_API.includes(url.pathname)) return;   // the API itself is never cached
  // The page with a query (a share link) is the same page.
  const key = page ? url.pathname : url.pathname + url.search;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(event.request);
      if (response.ok) await cache.put(key, response.clone());
      return response;
    } catch (error) {
      const cached = await cache.match(key);
      if (cached) return cached;
      throw error;
    }
  })());
});
