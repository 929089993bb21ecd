/**
 * Issue 13: keystroke to paint, in headless Chromium (Plank only). A platform
 * of `sections` open sections with text; two remote writers (load clients,
 * each its own account, with presence and a caret) type into the sections
 * just before and just after the person's at `remoteCharsPerS` each; in the
 * browser a person types `chars` characters into the middle section.
 *
 * In the page, a capture keydown listener (installed before the app's code)
 * stamps performance.now() and:
 *  - a requestAnimationFrame after it records key → next frame (the judged
 *    figure, target p99 < 16 ms);
 *  - a message posted from that frame's callback records key → after that
 *    frame (the frame's style, layout and paint done, roughly what the eye gets);
 *  - a message posted from the keystroke's `input` event records key → input
 *    handled (the editor's, Yjs's and the app's synchronous work for the key).
 * Event Timing entries (keydown/keypress/input over 16 ms) are counted as a cross-check.
 */
import { writeFileSync } from 'node:fs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { LoadClient, sleep, withTimeout } from '../load-client.js'
import { startServer, type BenchDoc } from '../servers.js'
import { round, summarize, type Summary } from '../stats.js'
import { launchChromium, signedInPage } from './chromium.js'
import { addParagraph, closeAll } from './common.js'
import { prose, sectionIds, seedSections } from './platform-seed.js'

export interface KeystrokeConfig {
  sections: number
  /** Characters the person types. */
  chars: number
  /** Characters typed first with no remote writer (the page's own floor). */
  baselineChars: number
  /** Pause between the person's keys (Playwright keyboard.type delay). */
  keyDelayMs: number
  remoteWriters: number
  remoteCharsPerS: number
}

export const KEYSTROKE_TARGET_P99_MS = 16

export interface KeystrokeResult {
  server: 'plank'
  ok: boolean
  failures: string[]
  sections: number
  chars: number
  keyDelayMs: number
  remoteWriters: number
  remoteCharsPerS: number
  /** Keydown events the page saw while the person typed. */
  keys: number
  /** The judged figure: keydown → next requestAnimationFrame. */
  keyToFrameMs: Summary
  /** keydown → a message posted from that frame's callback (after its paint work). */
  keyToAfterFrameMs: Summary
  /** keydown → a message posted from the key's input event (synchronous handling done). */
  keyToInputHandledMs: Summary
  /** keydown → next frame with nobody else typing (typed before the writers start). */
  baselineKeyToFrameMs: Summary
  /** Event Timing entries over 16 ms (keydown, keypress, input) while typing. */
  slowEventTimingEntries: number
  slowEventTimingMaxMs: number
  /** Characters the remote writers typed during the person's typing. */
  remoteCharsTyped: number
  targetP99Ms: number
  /** The page's frame interval (median of rAF to rAF; 16.7 ms at 60 Hz). */
  frameIntervalMs: number
  /**
   * Keys whose next frame came more than one frame interval (+1 ms) after
   * them: a frame was missed. At 60 Hz a key waits up to 16.7 ms for the next
   * frame even on an idle page, so "p99 < 16 ms" measures the wait as well
   * as the work; no missed frame is what it asks for.
   */
  keysMissingAFrame: number
  baselineKeysMissingAFrame: number
  targetMet: boolean
}

const RECORDER = `(() => {
  if (window !== window.top) return
  const rec = { on: false, keys: 0, frame: [], afterFrame: [], handled: [], pending: [], slow: [], intervals: [] }
  window.__benchKeys = rec
  rec.reset = () => Object.assign(rec, { keys: 0, frame: [], afterFrame: [], handled: [], pending: [], slow: [], intervals: [] })
  // The display's frame interval, from a rAF loop that runs throughout.
  let lastFrame = 0
  const loop = (t) => { if (rec.on && lastFrame > 0) rec.intervals.push(t - lastFrame); lastFrame = t; requestAnimationFrame(loop) }
  requestAnimationFrame(loop)
  const after = (fn) => { const ch = new MessageChannel(); ch.port1.onmessage = () => { ch.port1.close(); fn() }; ch.port2.postMessage(0) }
  window.addEventListener('keydown', () => {
    if (!rec.on) return
    const t0 = performance.now()
    rec.keys++
    rec.pending.push(t0)
    requestAnimationFrame(() => {
      rec.frame.push(performance.now() - t0)
      after(() => rec.afterFrame.push(performance.now() - t0))
    })
  }, { capture: true })
  window.addEventListener('input', () => {
    if (!rec.on) return
    const t0 = rec.pending.shift()
    if (t0 !== undefined) after(() => rec.handled.push(performance.now() - t0))
  }, { capture: true })
  try {
    new PerformanceObserver((list) => {
      if (!rec.on) return
      for (const e of list.getEntries()) if (e.name === 'keydown' || e.name === 'keypress' || e.name === 'input') rec.slow.push(e.duration)
    }).observe({ type: 'event', durationThreshold: 16 })
  } catch {}
})()`

/**
 * What the person and the writers type: words the seeded text never uses, so
 * the checks below find this typing and not the seeded prose.
 */
const PERSON_WORDS = 'amend the motion and second it before the quorum votes on each ballot '
const REMOTE_WORDS = ['caucus notes from the north delegation', 'caucus notes from the south delegation']

interface Recorded {
  keys: number
  frame: number[]
  afterFrame: number[]
  handled: number[]
  slow: number[]
  intervals: number[]
}

/** A remote writer: its own account, presence in its section, typing at the end of its own paragraph. */
class RemoteWriter {
  readonly awareness: awarenessProtocol.Awareness
  private text: Y.XmlText | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  typed = ''
  charsTyped = 0

  constructor(
    readonly client: LoadClient,
    readonly doc: BenchDoc,
    private readonly personId: string,
  ) {
    this.awareness = new awarenessProtocol.Awareness(client.doc)
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === 'local') client.sendAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]))
    })
  }

  async start(charsPerS: number, words: string): Promise<void> {
    await withTimeout(this.client.synced, 30_000)
    this.text = addParagraph(this.client.doc, this.doc)
    let i = 0
    const text = this.text
    const step = (): void => {
      const ch = words[i++ % words.length]!
      text.insert(text.length, ch)
      this.typed += ch
      this.charsTyped++
      const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length))
      this.awareness.setLocalState({
        user: { personId: this.personId, name: this.personId, color: '#336699' },
        sectionId: this.doc.sectionId,
        cursor: { anchor: at, head: at },
        lastActive: Date.now(),
      })
    }
    step()
    this.timer = setInterval(step, 1000 / charsPerS)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.awareness.destroy()
  }
}

/** The bench's configuration (bench/run.ts and this file run alone), or its tiny one for a smoke run. */
export const keystrokeConfig = (tiny: boolean): KeystrokeConfig => ({
  sections: tiny ? 20 : 150,
  chars: tiny ? 40 : 200,
  baselineChars: tiny ? 20 : 100,
  keyDelayMs: 100,
  remoteWriters: 2,
  remoteCharsPerS: 5,
})

export async function runKeystrokePaint(cfg: KeystrokeConfig): Promise<KeystrokeResult> {
  const doc: BenchDoc = { platformId: 'bench-keystroke', sectionId: 'sec-keystroke' }
  const ids = sectionIds(doc, cfg.sections)
  const mine = Math.floor(cfg.sections / 2)
  const server = await startServer('plank', {
    docs: [doc],
    people: { count: cfg.remoteWriters, orgs: 1 },
    seed: seedSections(doc, cfg.sections, 3),
  })
  const log = (msg: string): void => console.log(`[keystroke] ${msg}`)
  const cookie = server.target(doc).headers.Cookie!
  const writers: RemoteWriter[] = []
  const failures: string[] = []
  const browser = await launchChromium()
  try {
    const { context, page } = await signedInPage(browser, server.baseUrl, cookie, RECORDER)
    await page.goto(`${server.baseUrl}/p/${doc.platformId}#${ids[mine]}`, { timeout: 120_000 })
    const editor = page.locator(`[data-section-id="${ids[mine]}"] .ProseMirror[contenteditable="true"]`)
    await editor.waitFor({ timeout: 120_000 }).catch(async (err: unknown) => {
      await page.screenshot({ path: '/tmp/plank-bench-keystroke-failure.png' }).catch(() => undefined)
      const text = (await page.evaluate('document.body.innerText.slice(0, 500)').catch(() => '')) as string
      throw new Error(`${(err as Error).message.split('\n')[0]}; page shows: ${text.replace(/\s+/g, ' ')}`)
    })

    // Remote writers in the sections around the person's (their editors are mounted too).
    const around = [mine + 1, mine - 1, mine + 2, mine - 2].filter((k) => k >= 0 && k < cfg.sections)
    for (let w = 0; w < cfg.remoteWriters; w++) {
      const person = server.people.participants[w]!
      const target = { platformId: doc.platformId, sectionId: ids[around[w % around.length]!]! }
      const client = new LoadClient({ url: server.target(doc).url, headers: { Cookie: person.cookie }, mode: 'apply' })
      writers.push(new RemoteWriter(client, target, person.personId))
    }
    await Promise.all(writers.map((w, i) => w.start(cfg.remoteCharsPerS, `${REMOTE_WORDS[i % REMOTE_WORDS.length]!} `)))
    await sleep(2000) // the writers' text and carets are arriving in the page
    await editor.locator('p').last().click()
    await page.keyboard.press('End')
    const record = async (text: string): Promise<Recorded> => {
      await page.evaluate('window.__benchKeys.reset(); window.__benchKeys.on = true')
      await page.keyboard.type(text, { delay: cfg.keyDelayMs })
      await sleep(500) // the last frames and messages
      await page.evaluate('window.__benchKeys.on = false')
      return (await page.evaluate(
        '({ keys: __benchKeys.keys, frame: __benchKeys.frame, afterFrame: __benchKeys.afterFrame, handled: __benchKeys.handled, slow: __benchKeys.slow, intervals: __benchKeys.intervals })',
      )) as Recorded
    }
    // The floor: the same page and editor with nobody else typing.
    const baseline = await record(`${prose(500, 20).slice(0, cfg.baselineChars)} `)
    const typed = PERSON_WORDS.repeat(Math.ceil(cfg.chars / PERSON_WORDS.length)).slice(0, cfg.chars)
    const remoteBefore = writers.reduce((n, w) => n + w.charsTyped, 0)
    const typingStarted = Date.now()
    // BENCH_KEYSTROKE_PROFILE=<file>: the page's CPU profile while the person types (for finding what a key costs).
    const profileFile = process.env.BENCH_KEYSTROKE_PROFILE
    const cdp = profileFile ? await context.newCDPSession(page) : null
    if (cdp) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
      await cdp.send('Profiler.start')
    }
    // BENCH_KEYSTROKE_TRACE=<file>: a Chromium trace (style, layout, paint) while the person types.
    const traceFile = process.env.BENCH_KEYSTROKE_TRACE
    if (traceFile) await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] })
    const rec = await record(typed)
    if (traceFile) await browser.stopTracing()
    if (cdp && profileFile) {
      const { profile } = await cdp.send('Profiler.stop')
      writeFileSync(profileFile, JSON.stringify(profile))
      log(`page CPU profile written to ${profileFile}`)
    }
    const remoteCharsTyped = writers.reduce((n, w) => n + w.charsTyped, 0) - remoteBefore
    // The writers' timers share the bench's event loop: half their rate at least, or the load was not there.
    const remoteExpected = (cfg.remoteWriters * cfg.remoteCharsPerS * (Date.now() - typingStarted)) / 1000
    if (remoteCharsTyped < remoteExpected / 2)
      failures.push(`the remote writers typed ${remoteCharsTyped} characters, expected about ${Math.round(remoteExpected)}`)

    // Checks that the run measured what it says: the person's text reached the others, the writers' reached the page.
    await sleep(1000)
    const seen = writers[0]?.client.doc.getXmlFragment(sectionRoot(ids[mine]!)).toString() ?? ''
    if (!seen.includes(typed.slice(0, 40))) failures.push("the person's typing did not reach a remote writer")
    for (const w of writers) {
      const shown = (await page.locator(`[data-section-id="${w.doc.sectionId}"]`).textContent()) ?? ''
      if (w.typed.length < 20 || !shown.includes(w.typed.slice(0, 20))) failures.push(`a remote writer's text is not on the page`)
    }
    if (rec.keys !== typed.length) failures.push(`${rec.keys} keydowns seen for ${typed.length} characters typed`)
    if (rec.handled.length < rec.keys) failures.push(`only ${rec.handled.length} of ${rec.keys} keys made an input event`)
    if (rec.frame.length < rec.keys) failures.push(`only ${rec.frame.length} of ${rec.keys} keys reached a frame`)
    await context.close()

    const keyToFrameMs = summarize(rec.frame)
    const frameIntervalMs = summarize([...baseline.intervals, ...rec.intervals]).p50
    const keysMissingAFrame = rec.frame.filter((ms) => ms > frameIntervalMs + 1).length
    log(
      `baseline key → frame p50 ${summarize(baseline.frame).p50} p99 ${summarize(baseline.frame).p99}; ` +
        `${rec.keys} keys, ${remoteCharsTyped} remote chars: key → frame p50 ${keyToFrameMs.p50} p99 ${keyToFrameMs.p99} max ${keyToFrameMs.max} ms; ` +
        `→ after frame p99 ${summarize(rec.afterFrame).p99}; → input handled p99 ${summarize(rec.handled).p99}; ` +
        `frame interval ${round(frameIntervalMs)} ms, keys missing a frame ${keysMissingAFrame} of ${rec.keys}`,
    )
    return {
      server: 'plank',
      ok: failures.length === 0,
      failures,
      sections: cfg.sections,
      chars: typed.length,
      keyDelayMs: cfg.keyDelayMs,
      remoteWriters: cfg.remoteWriters,
      remoteCharsPerS: cfg.remoteCharsPerS,
      keys: rec.keys,
      keyToFrameMs,
      baselineKeyToFrameMs: summarize(baseline.frame),
      keyToAfterFrameMs: summarize(rec.afterFrame),
      keyToInputHandledMs: summarize(rec.handled),
      slowEventTimingEntries: rec.slow.length,
      slowEventTimingMaxMs: round(Math.max(0, ...rec.slow)),
      remoteCharsTyped,
      targetP99Ms: KEYSTROKE_TARGET_P99_MS,
      frameIntervalMs: round(frameIntervalMs),
      keysMissingAFrame,
      baselineKeysMissingAFrame: baseline.frame.filter((ms) => ms > frameIntervalMs + 1).length,
      // At most 1% of keys miss a frame: p99 of key → next frame within one frame interval.
      targetMet: keysMissingAFrame <= rec.keys / 100,
    }
  } finally {
    for (const w of writers) w.stop()
    await closeAll(writers.map((w) => w.client))
    await browser.close()
    await server.stop()
  }
}

// `node dist/server/bench/scenarios/keystroke-paint.js` runs it alone (tiny with BENCH_TINY=1).
if (process.argv[1]?.endsWith('keystroke-paint.js')) {
  const tiny = process.env.BENCH_TINY === '1'
  runKeystrokePaint(keystrokeConfig(tiny)).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
