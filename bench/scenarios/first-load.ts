/**
 * Issue 13: the first load of a platform page in headless Chromium (Plank only).
 *  - bytes on the wire for the page's HTML, JS and CSS, as Chromium reports
 *    them (CDP Network.loadingFinished encodedDataLength: compressed body and
 *    headers), whatever files the build produces (no chunk names assumed);
 *  - navigation → the first editable editor (a .ProseMirror[contenteditable=true]
 *    that is laid out and takes focus), under a 3G profile (CDP
 *    Network.emulateNetworkConditions) and unthrottled, cache disabled.
 * Each figure is the median of `runs` fresh browser contexts (a first visit:
 * no HTTP cache, no service worker, no IndexedDB copy) after one discarded
 * warm-up. Targets: ≤ 250 KB of HTML+JS+CSS, editable ≤ 3 s on 3G.
 */
import type { Browser } from 'playwright-core'
import { startServer, type BenchDoc } from '../servers.js'
import { round } from '../stats.js'
import { launchChromium, median, signedInPage } from './chromium.js'
import { seedSections } from './platform-seed.js'

export interface FirstLoadConfig {
  runs: number
  sections: number
  paragraphsPerSection: number
}

/** The 3G profile: 1.6 Mbps down, 750 kbps up, 150 ms latency. */
export const PROFILE_3G = { latencyMs: 150, downloadBytesPerS: 200_000, uploadBytesPerS: 93_750 }
export const FIRST_LOAD_TARGETS = { htmlJsCssKb: 250, editable3gMs: 3000 }

/** What one load moved, by kind. Bytes as transferred (compressed, with headers). */
export interface LoadBytes {
  html: number
  js: number
  css: number
  /** HTML + JS + CSS, the budgeted figure. */
  htmlJsCss: number
  /** The same files' decoded (uncompressed) size. */
  htmlJsCssDecoded: number
  /** API answers, fonts, images, anything else but the WebSocket. */
  other: number
  requests: number
  /** HTML/JS/CSS responses that came without Content-Encoding. */
  uncompressed: number
}

export interface LoadRun {
  editableMs: number
  /** Navigation → the last HTML/JS/CSS response finished (from CDP's timestamps). */
  lastByteMs: number
  /** Responses finished by the time the editor was editable. */
  byEditable: LoadBytes
  /** Everything the page fetched until the network was quiet for a while after editable (lazy chunks included). */
  settled: LoadBytes
  files: Array<{ path: string; type: string; bytes: number; decoded: number; encoding: string }>
}

export interface ProfileResult {
  profile: '3g' | 'unthrottled'
  editableMs: number
  editableRunsMs: number[]
  lastByteMs: number
  byEditable: LoadBytes
  settled: LoadBytes
  files: LoadRun['files']
  /** Every run fetched the same files (false: the client was rebuilt during the runs). */
  sameFiles: boolean
}

export interface FirstLoadResult {
  ok: boolean
  failures: string[]
  runs: number
  sections: number
  threeG: ProfileResult
  unthrottled: ProfileResult
  targets: typeof FIRST_LOAD_TARGETS
  /** KB (1,000 bytes) of HTML+JS+CSS once settled, 3G run (cache disabled). */
  htmlJsCssKb: number
  htmlJsCssTargetMet: boolean
  editable3gTargetMet: boolean
}

/**
 * Records, in the page, when the first editor becomes editable: present,
 * contenteditable=true, laid out, and taking focus. A MutationObserver checks
 * on every change of the tree or of a contenteditable attribute, so the time
 * does not depend on how often the bench polls.
 */
const EDITABLE_PROBE = `(() => {
  if (window !== window.top) return
  const check = () => {
    for (const el of document.querySelectorAll('.ProseMirror[contenteditable="true"]')) {
      if (el.getClientRects().length === 0) continue
      el.focus({ preventScroll: true })
      if (document.activeElement === el) {
        window.__benchEditableAt = performance.now()
        return true
      }
    }
    return false
  }
  const observer = new MutationObserver(() => { if (check()) observer.disconnect() })
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['contenteditable'] })
})()`

const QUIET_MS = 1500
const SETTLE_MAX_MS = 30_000

interface Response {
  requestId: string
  path: string
  type: string
  encoding: string
  finishedAt: number | null
  bytes: number
  decoded: number
}

function tally(responses: Response[], until: number | null): LoadBytes {
  const out: LoadBytes = { html: 0, js: 0, css: 0, htmlJsCss: 0, htmlJsCssDecoded: 0, other: 0, requests: 0, uncompressed: 0 }
  for (const r of responses) {
    if (r.finishedAt === null || (until !== null && r.finishedAt > until)) continue
    if (r.type === 'WebSocket') continue
    out.requests++
    const kind = r.type === 'Document' ? 'html' : r.type === 'Script' ? 'js' : r.type === 'Stylesheet' ? 'css' : null
    if (!kind) {
      out.other += r.bytes
      continue
    }
    out[kind] += r.bytes
    out.htmlJsCss += r.bytes
    out.htmlJsCssDecoded += r.decoded
    if (!r.encoding) out.uncompressed++
  }
  return out
}

async function loadOnce(browser: Browser, base: string, cookie: string, doc: BenchDoc, throttle: boolean): Promise<LoadRun> {
  const { context, page } = await signedInPage(browser, base, cookie, EDITABLE_PROBE)
  try {
    const cdp = await context.newCDPSession(page)
    const byId = new Map<string, Response>()
    let inFlight = 0
    let lastActivity = Date.now()
    // CDP timestamps are seconds on the browser's monotonic clock; the document's request is the navigation's start.
    let navigationTs: number | null = null
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Document' && navigationTs === null) navigationTs = e.timestamp
      if (e.type !== 'WebSocket') inFlight++
      lastActivity = Date.now()
    })
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
      byId.set(e.requestId, {
        requestId: e.requestId,
        path: new URL(e.response.url).pathname,
        type: e.type,
        encoding: headers['content-encoding'] ?? '',
        finishedAt: null,
        bytes: 0,
        decoded: 0,
      })
    })
    cdp.on('Network.dataReceived', (e) => {
      const r = byId.get(e.requestId)
      if (r) r.decoded += e.dataLength
    })
    cdp.on('Network.loadingFinished', (e) => {
      inFlight = Math.max(0, inFlight - 1)
      lastActivity = Date.now()
      const r = byId.get(e.requestId)
      if (r) {
        r.finishedAt = e.timestamp
        r.bytes = e.encodedDataLength
      }
    })
    cdp.on('Network.loadingFailed', () => {
      inFlight = Math.max(0, inFlight - 1)
      lastActivity = Date.now()
    })
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    if (throttle) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: PROFILE_3G.latencyMs,
        downloadThroughput: PROFILE_3G.downloadBytesPerS,
        uploadThroughput: PROFILE_3G.uploadBytesPerS,
      })
    }
    await page.goto(`${base}/p/${doc.platformId}`, { waitUntil: 'commit', timeout: 120_000 })
    const handle = await page.waitForFunction('window.__benchEditableAt ?? false', undefined, { polling: 100, timeout: 120_000 }).catch(async (e: unknown) => {
      const text = await page.evaluate('document.body.innerText.slice(0, 400)').catch(() => '?')
      throw new Error(`no editable editor on ${doc.platformId}: ${String(e).split('\n')[0]}; page shows: ${String(text).replace(/\s+/g, ' ')}`)
    })
    const editableMs = (await handle.jsonValue()) as number
    // Then wait for the network to go quiet: lazy chunks the page asks for after its first paint count too.
    const settleUntil = Date.now() + SETTLE_MAX_MS
    while (Date.now() < settleUntil && (inFlight > 0 || Date.now() - lastActivity < QUIET_MS)) await new Promise((r) => setTimeout(r, 100))
    const responses = [...byId.values()]
    const editableTs = navigationTs === null ? null : navigationTs + editableMs / 1000
    const pageFiles = responses.filter((r) => r.type === 'Document' || r.type === 'Script' || r.type === 'Stylesheet')
    const lastFinished = Math.max(...pageFiles.map((r) => r.finishedAt ?? 0))
    return {
      editableMs,
      lastByteMs: navigationTs === null ? NaN : (lastFinished - navigationTs) * 1000,
      byEditable: tally(responses, editableTs),
      settled: tally(responses, null),
      files: pageFiles.map((r) => ({ path: r.path, type: r.type, bytes: r.bytes, decoded: r.decoded, encoding: r.encoding || 'none' })),
    }
  } finally {
    await context.close()
  }
}

const fileSetOf = (p: ProfileResult): string =>
  p.files
    .map((f) => f.path)
    .sort()
    .join(' ')

function medianBytes(all: LoadBytes[]): LoadBytes {
  const keys = Object.keys(all[0]!) as Array<keyof LoadBytes>
  return Object.fromEntries(keys.map((k) => [k, median(all.map((b) => b[k]))])) as unknown as LoadBytes
}

async function profile(browser: Browser, base: string, cookie: string, doc: BenchDoc, runs: number, throttle: boolean): Promise<ProfileResult> {
  const loads: LoadRun[] = []
  for (let i = 0; i < runs; i++) loads.push(await loadOnce(browser, base, cookie, doc, throttle))
  const times = loads.map((l) => round(l.editableMs))
  const settled = medianBytes(loads.map((l) => l.settled))
  // Any run's uncompressed file counts, not the median run's.
  settled.uncompressed = Math.max(...loads.map((l) => l.settled.uncompressed))
  const fileSet = (l: LoadRun): string =>
    l.files
      .map((f) => f.path)
      .sort()
      .join(' ')
  return {
    profile: throttle ? '3g' : 'unthrottled',
    editableMs: round(median(times)),
    editableRunsMs: times,
    lastByteMs: round(median(loads.map((l) => l.lastByteMs))),
    byEditable: medianBytes(loads.map((l) => l.byEditable)),
    settled,
    files: loads.at(-1)!.files,
    sameFiles: loads.every((l) => fileSet(l) === fileSet(loads[0]!)),
  }
}

export async function runFirstLoad(cfg: FirstLoadConfig): Promise<FirstLoadResult & { server: 'plank' }> {
  const doc: BenchDoc = { platformId: 'bench-first-load', sectionId: 'sec-first-load' }
  const server = await startServer('plank', { docs: [doc], seed: seedSections(doc, cfg.sections, cfg.paragraphsPerSection) })
  const cookie = server.target(doc).headers.Cookie!
  let browser: Browser | null = null
  const log = (msg: string): void => console.log(`[first-load] ${msg}`)
  try {
    browser = await launchChromium()
    // One discarded load: the browser's own first start (profile, compilers), not the page's cost.
    await loadOnce(browser, server.baseUrl, cookie, doc, false)
    const unthrottled = await profile(browser, server.baseUrl, cookie, doc, cfg.runs, false)
    log(`unthrottled: editable ${unthrottled.editableMs} ms (runs ${unthrottled.editableRunsMs.join(', ')}), HTML+JS+CSS ${unthrottled.settled.htmlJsCss} B`)
    const threeG = await profile(browser, server.baseUrl, cookie, doc, cfg.runs, true)
    log(`3G: editable ${threeG.editableMs} ms (runs ${threeG.editableRunsMs.join(', ')}), HTML+JS+CSS ${threeG.settled.htmlJsCss} B`)
    const failures: string[] = []
    const sameBuild = threeG.sameFiles && unthrottled.sameFiles && fileSetOf(threeG) === fileSetOf(unthrottled)
    if (!sameBuild) failures.push('the page fetched different files from one run to the next: the client was rebuilt during the bench')
    // The profile's throughput bounds the transfer from below: faster means the emulation was not applied.
    const floorMs = (threeG.settled.htmlJsCss / PROFILE_3G.downloadBytesPerS) * 1000
    if (!(threeG.lastByteMs >= floorMs)) {
      failures.push(
        `3G profile not applied: HTML+JS+CSS (${threeG.settled.htmlJsCss} B) arrived in ${threeG.lastByteMs} ms, under ${round(floorMs)} ms at 200,000 B/s`,
      )
    }
    const htmlJsCssKb = round(threeG.settled.htmlJsCss / 1000, 1)
    return {
      server: 'plank',
      ok: failures.length === 0,
      failures,
      runs: cfg.runs,
      sections: cfg.sections,
      threeG,
      unthrottled,
      targets: FIRST_LOAD_TARGETS,
      htmlJsCssKb,
      htmlJsCssTargetMet: htmlJsCssKb <= FIRST_LOAD_TARGETS.htmlJsCssKb,
      editable3gTargetMet: threeG.editableMs <= FIRST_LOAD_TARGETS.editable3gMs,
    }
  } finally {
    await browser?.close()
    await server.stop()
  }
}

// `node dist/server/bench/scenarios/first-load.js` runs it alone (tiny with BENCH_TINY=1).
if (process.argv[1]?.endsWith('first-load.js')) {
  const tiny = process.env.BENCH_TINY === '1'
  runFirstLoad({ runs: tiny ? 2 : 5, sections: tiny ? 4 : 12, paragraphsPerSection: 3 }).then(
    (r) =>
      console.log(
        JSON.stringify(
          { ...r, threeG: { ...r.threeG, files: r.threeG.files.length }, unthrottled: { ...r.unthrottled, files: r.unthrottled.files.length } },
          null,
          2,
        ),
      ),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
