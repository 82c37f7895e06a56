// The phone's offline copy (registered by js/phone/offline.js with scope /join.html):
// the join page, its CSS and its whole module graph are cached when the worker installs
// and refreshed on every fetch. Network first, the cache only when the network fails or
// stalls, so a reload in a dead spot still opens the page. /api and /ws are never cached:
// live data comes over the socket, the page keeps its own copy of it (localStorage).

const CACHE = 'wheelhouse-phone-2';
const PAGE = '/join.html';
const STALL_MS = 4000; // a dead path often hangs instead of failing: give up on it sooner

const cacheable = (url) => url.origin === self.location.origin && !url.pathname.startsWith('/api/')
  && !url.pathname.startsWith('/ws/') && url.pathname !== '/sw.js';

/** The page and everything it loads: links and scripts of the HTML, imports of each module. */
async function precache() {
  const cache = await caches.open(CACHE);
  const seen = new Set();
  const queue = [PAGE, '/js/strings/da-phone.js', '/js/strings/en-phone.js', '/css/wheel.css']; // and what the results load later
  while (queue.length) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await fetch(path, { cache: 'no-cache' });
    if (!response.ok) continue;
    await cache.put(path, response.clone());
    const text = await response.text();
    const base = new URL(path, self.location.origin);
    const refs = path.endsWith('.html')
      ? [...text.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|css))"/g)]
      : [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+\.js)'/g)];
    for (const [, ref] of refs) queue.push(new URL(ref, base).pathname);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

async function networkFirst(request) {
  const url = new URL(request.url);
  // The page itself is kept under one key, whatever its ?code=.
  const key = request.mode === 'navigate' ? PAGE : url.pathname;
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, fail) => { setTimeout(() => fail(new Error('stalled')), STALL_MS); }),
    ]);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!cacheable(url)) return;
  event.respondWith(networkFirst(request));
});
