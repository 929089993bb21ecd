/**
 * Comment threads in the browser: one section carrying 1,000 anchored threads,
 * in headless Chromium against a real Plank.
 *  - time per keystroke spent on the comment decorations (the client's
 *    'plank:comment-decorations' performance measures: mapping through local
 *    typing, plus the exact recomputation from Yjs relative positions after it);
 *  - time to open the platform (navigation → first editor visible) with the
 *    1,000 threads, against the same platform and text without comments.
 * Run by run.ts (BENCH_ONLY=comments); `commentThreadsBench()` returns the figures.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import * as Y from 'yjs'
import { encodeAnchor } from '../shared/section-text.js'
import { LoadClient, sleep } from './load-client.js'
import { addParagraph } from './scenarios/common.js'
import { startServer, type BenchDoc } from './servers.js'
import { round } from './stats.js'

const THREADS = Number(process.env.BENCH_COMMENT_THREADS ?? 1000)
const PARAGRAPHS = 50
const KEYSTROKES = 120
const OPEN_RUNS = 5
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const MEASURE = 'plank:comment-decorations'

const WORDS = 'housing health care wages schools transit rights neighbours tenants nurses teachers parents workers public fair safe'.split(' ')
function paragraphText(i: number): string {
  const words: string[] = []
  for (let w = 0; words.join(' ').length < 220; w++) words.push(WORDS[(i * 7 + w * 3) % WORDS.length]!)
  return `${words.join(' ')}.`
}

/** Writes the same text into each document's section through the relay, as a client would. */
async function writeText(url: (d: BenchDoc) => { url: string; headers: Record<string, string> }, doc: BenchDoc, keep: LoadClient[]): Promise<Y.XmlText[]> {
  const target = url(doc)
  const client = new LoadClient({ url: target.url, headers: target.headers, mode: 'apply' })
  await client.synced
  const texts: Y.XmlText[] = []
  client.doc.transact(() => {
    for (let i = 0; i < PARAGRAPHS; i++) texts.push(addParagraph(client.doc, doc, paragraphText(i)))
  })
  await client.flushed()
  await sleep(500)
  // Anchors are computed on this client's copy; the server checks them against its own.
  keep.push(client)
  return texts
}

async function seedThreads(base: string, cookie: string, doc: BenchDoc, texts: Y.XmlText[]): Promise<void> {
  const perParagraph = Math.ceil(THREADS / texts.length)
  const jobs: Array<() => Promise<void>> = []
  let n = 0
  for (let p = 0; p < texts.length && n < THREADS; p++) {
    const text = texts[p]!
    for (let k = 0; k < perParagraph && n < THREADS; k++, n++) {
      const from = (k * 11) % Math.max(1, text.length - 20)
      const length = 5 + (k % 12)
      const body = {
        sectionId: doc.sectionId,
        start: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from)),
        end: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from + length)),
        body: `Thread ${n}: could we say this differently?`,
      }
      jobs.push(async () => {
        for (let attempt = 0; ; attempt++) {
          const res = await fetch(`${base}/api/platforms/${doc.platformId}/comments`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
          if (res.status === 201) return
          if (attempt > 20) throw new Error(`seeding a comment answered ${res.status}: ${await res.text()}`)
          await sleep(200)
        }
      })
    }
  }
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < jobs.length) await jobs[next++]!()
    }),
  )
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** A page in a fresh browser context (nothing kept on the device) with the session cookie set. */
async function signedInPage(browser: Browser, base: string, cookie: string): Promise<{ context: BrowserContext; page: Page }> {
  const [name, value] = cookie.split('=') as [string, string]
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
    bypassCSP: true /* string predicates are evaluated; the app's CSP forbids eval */,
  })
  await context.addCookies([{ name, value, url: base }])
  return { context, page: await context.newPage() }
}

async function openTimes(
  browser: Browser,
  base: string,
  cookie: string,
  doc: BenchDoc,
  withHighlights: boolean,
): Promise<{ editorMs: number[]; highlightsMs: number[] }> {
  const editorMs: number[] = []
  const highlightsMs: number[] = []
  for (let run = 0; run < OPEN_RUNS; run++) {
    // A fresh context each time: no copy of the document on the device.
    const { context, page } = await signedInPage(browser, base, cookie)
    page.on('pageerror', (e) => console.error(`[bench page] ${e.message}`))
    await page.goto(`${base}/p/${doc.platformId}#${doc.sectionId}`, { waitUntil: 'commit' })
    const at = await page
      .waitForFunction("document.querySelector('[data-section-id] .ProseMirror') ? performance.now() : false", undefined, { polling: 100, timeout: 180_000 })
      .catch(async (e: unknown) => {
        const state = await page.evaluate('document.body.innerText.slice(0, 600)').catch(() => '?')
        throw new Error(`no editor on ${doc.platformId} (run ${run}): ${String(e)}\n${String(state)}`)
      })
    editorMs.push((await at.jsonValue()) as number)
    if (withHighlights) {
      const hl = await page.waitForFunction(
        "document.querySelectorAll('.comment-highlight').length > 0 && document.querySelectorAll('[data-thread-id]').length > 0 ? performance.now() : false",
        undefined,
        { polling: 100, timeout: 180_000 },
      )
      highlightsMs.push((await hl.jsonValue()) as number)
    }
    await context.close()
  }
  return { editorMs, highlightsMs }
}

async function keystrokeCost(
  browser: Browser,
  base: string,
  cookie: string,
  doc: BenchDoc,
): Promise<{ perKeyMs: number; mapMedianMs: number; maxMs: number; measures: number; highlights: number }> {
  const { context, page } = await signedInPage(browser, base, cookie)
  await page.goto(`${base}/p/${doc.platformId}#${doc.sectionId}`)
  const editor = page.locator(`[data-section-id="${doc.sectionId}"] .ProseMirror`)
  try {
    await editor.waitFor({ timeout: 120_000 })
  } catch (err) {
    await page.screenshot({ path: '/tmp/plank-bench-comments-failure.png' }).catch(() => undefined)
    const text = (await page.evaluate('document.body.innerText.slice(0, 500)').catch(() => '')) as string
    throw new Error(`${(err as Error).message.split('\n')[0]}; page shows: ${text.replace(/\s+/g, ' ')}`)
  }
  await page.waitForFunction(`document.querySelectorAll('.comment-highlight').length > 0`, undefined, { timeout: 180_000 })
  const highlights = (await page.evaluate(
    `new Set([...document.querySelectorAll('.comment-highlight')].map((e) => e.getAttribute('data-comment-id'))).size`,
  )) as number
  // Type in the middle of the anchored text: every decoration after the caret moves.
  await editor
    .locator('p')
    .nth(Math.floor(PARAGRAPHS / 2))
    .click()
  await sleep(1000)
  await page.evaluate(`performance.clearMeasures(${JSON.stringify(MEASURE)})`)
  await page.keyboard.type('x'.repeat(KEYSTROKES), { delay: 30 })
  await sleep(1500) // the exact recomputation after typing stops
  const durations = (await page.evaluate(`performance.getEntriesByName(${JSON.stringify(MEASURE)}).map((e) => e.duration)`)) as number[]
  await context.close()
  const total = durations.reduce((a, b) => a + b, 0)
  return { perKeyMs: total / KEYSTROKES, mapMedianMs: median(durations), maxMs: Math.max(0, ...durations), measures: durations.length, highlights }
}

export async function commentThreadsBench(): Promise<Record<string, number | string>> {
  const withComments: BenchDoc = { platformId: 'bench-comments', sectionId: 'sec-comments' }
  const without: BenchDoc = { platformId: 'bench-plain', sectionId: 'sec-plain' }
  const server = await startServer('plank', { docs: [withComments, without], plankEnv: { PLANK_COMMENTS_PER_MINUTE: '1000000' } })
  const base = `http://127.0.0.1:${server.port}`
  const cookie = server.target(withComments).headers.Cookie!
  let browser: Browser | null = null
  const writers: LoadClient[] = []
  try {
    const texts = await writeText(server.target, withComments, writers)
    await writeText(server.target, without, writers)
    const seedStart = performance.now()
    await seedThreads(base, cookie, withComments, texts)
    const seedMs = performance.now() - seedStart
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
    })
    // Warm up (first navigation compiles the client).
    await openTimes(browser, base, cookie, without, false)
    const plain = await openTimes(browser, base, cookie, without, false)
    const threads = await openTimes(browser, base, cookie, withComments, true)
    // A failed keystroke phase still leaves the opening figures (and says why).
    let keystrokeError = ''
    const keys = await keystrokeCost(browser, base, cookie, withComments).catch((err: unknown) => {
      keystrokeError = (err as Error).message.slice(0, 400)
      return { perKeyMs: NaN, mapMedianMs: NaN, maxMs: NaN, measures: 0, highlights: NaN }
    })
    const openWith = median(threads.editorMs)
    const openWithout = median(plain.editorMs)
    return {
      threads: THREADS,
      highlightedThreads: keys.highlights,
      seedMs: round(seedMs),
      keystrokes: KEYSTROKES,
      decorationMsPerKeystroke: round(keys.perKeyMs),
      decorationMeasureMedianMs: round(keys.mapMedianMs),
      decorationMeasureMaxMs: round(keys.maxMs),
      decorationMeasures: keys.measures,
      openMsWithThreads: round(openWith),
      openMsWithoutComments: round(openWithout),
      openRatio: round(openWith / openWithout),
      highlightsVisibleMs: round(median(threads.highlightsMs)),
      openRunsMsWithThreads: threads.editorMs.map((x) => round(x)).join(', '),
      openRunsMsWithoutComments: plain.editorMs.map((x) => round(x)).join(', '),
      ...(keystrokeError ? { keystrokeError } : {}),
    }
  } finally {
    for (const c of writers) await c.close()
    await browser?.close()
    await server.stop()
  }
}

// `node dist/server/bench/comments-threads.js` runs it alone.
if (process.argv[1]?.endsWith('comments-threads.js')) {
  commentThreadsBench().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
