/* Plank service worker: keeps the app shell (index.html and the built assets)
 * so that a reload while offline still opens the page. The document itself is
 * kept by IndexedDB (y-indexeddb), never here. /api and /ws are never cached. */
const CACHE = 'plank-shell-v1'
/** Every JS and CSS file of this build, written in by the build (build/sw-assets-plugin.ts): the screens that
 * load on demand are not named by index.html, yet must open offline and not be dropped as an older build's. */
const BUILD_ASSETS = []
const SHELL = '/index.html'
/** A navigation waits this long for the network before using the cached shell. */
const NAVIGATION_TIMEOUT_MS = 4000

const isBypassed = (url) =>
  url.origin !== self.location.origin ||
  url.pathname.startsWith('/api/') ||
  url.pathname === '/api' ||
  url.pathname.startsWith('/ws') ||
  url.pathname === '/healthz'

/** Asset URLs referenced by the shell's HTML (script, stylesheet, icon). */
function assetsOf(html) {
  const urls = new Set()
  for (const match of html.matchAll(/(?:src|href)="(\/[^"]+)"/g)) {
    const path = match[1]
    if (!path.startsWith('/api') && !path.startsWith('/ws')) urls.add(path)
  }
  return [...urls]
}

/** Stores a fresh shell and every asset it references. */
async function cacheShell(response) {
  const cache = await caches.open(CACHE)
  const html = await response.clone().text()
  await cache.put(SHELL, response.clone())
  const assets = [...new Set([...assetsOf(html), ...BUILD_ASSETS])]
  // Drop built assets that the current shell no longer references (older deployments).
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname
    if (path.startsWith('/assets/') && !assets.includes(path)) await cache.delete(request)
  }
  await Promise.all(
    assets.map(async (path) => {
      if (await cache.match(path)) return
      try {
        const res = await fetch(path, { cache: 'no-cache' })
        if (res.ok) await cache.put(path, res)
      } catch {
        // offline while caching: fetched on first use instead
      }
    }),
  )
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      try {
        const res = await fetch('/', { cache: 'no-cache' })
        if (res.ok) await cacheShell(res)
      } catch {
        // installed without a shell; the first navigation fills it
      }
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name)
      await self.clients.claim()
    })(),
  )
})

async function offlineFallback() {
  const cached = await caches.match(SHELL)
  if (cached) return cached
  return new Response(
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
      '<title>Plank — offline</title><main style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">' +
      '<h1>You are offline</h1><p>Plank could not be reached and this page is not saved on this device yet. ' +
      'Connect to the network and reload.</p></main></html>',
    { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
}

async function handleNavigation(request) {
  const network = fetch(request).then(async (res) => {
    if (res.ok && (res.headers.get('content-type') ?? '').includes('text/html')) await cacheShell(res.clone())
    return res
  })
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), NAVIGATION_TIMEOUT_MS))
  try {
    const res = await Promise.race([network, timeout])
    if (res) return res
    // Slow network: answer from the cache if we can, otherwise keep waiting.
    const cached = await caches.match(SHELL)
    return cached ?? (await network)
  } catch {
    return offlineFallback()
  }
}

async function handleAsset(request) {
  const cached = await caches.match(request, { ignoreSearch: true })
  if (cached) return cached
  const res = await fetch(request)
  if (res.ok && res.type === 'basic') {
    const cache = await caches.open(CACHE)
    await cache.put(request, res.clone())
  }
  return res
}

self.addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (isBypassed(url)) return
  if (request.mode === 'navigate') {
    event.respondWith(handleNavigation(request))
    return
  }
  if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    event.respondWith(handleAsset(request))
  }
})
