// The board's service worker: keeps the board page and its files for an offline reload.
// Network first, so an online browser always gets fresh pages; the cache is only a fallback.
const CACHE = "fg-board-v1";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // /jsi18n/: the board's strings in the study's language, so an offline reload still speaks it.
  const kept = ["/board/", "/static/", "/jsi18n/"];
  if (!kept.some((prefix) => url.pathname.startsWith(prefix))) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      // Offline, the kept copy is the one to show, whatever headers it varied on (language).
      .catch(() => caches.match(request, { ignoreVary: true }).then((hit) => hit || Response.error()))
  );
});
