/**
 * Issue 14: rendering tracked changes while the amendment is typed in, in
 * headless Chromium (Plank only: the peers have no amendments). A section of
 * `words` words with `amendments` open amendments on it (each with changes in
 * ten of its paragraphs); the person opens the first amendment's page and
 * types `chars` characters into its proposed text. Run with 1 and with 20
 * open amendments, at two section sizes (growth, not one size).
 *
 * Measured per keystroke, from a capture keydown listener installed before
 * the app's code:
 *  - key → next frame, and key → a message posted from that frame (its
 *    style, layout and paint done), as in the keystroke scenario;
 *  - key → the tracked-changes view changed (a MutationObserver on it: the
 *    view is recomputed at most once per frame, so this is what the eye waits
 *    for to see the key in the difference);
 *  - the client's own `plank:tracked-changes` measures (the diff), per run.
 */
import type * as Y from 'yjs'
import { amendmentRoot } from '../../shared/documents.js'
import { LoadClient, sleep, withTimeout } from '../load-client.js'
import { round, summarize, type Summary } from '../stats.js'
import { PARAGRAPHS, seedSection } from './amendment-accept.js'
import { launchChromium, signedInPage } from './chromium.js'
import { benchDoc, platformApi, withServer } from './common.js'

export interface TrackedChangesConfig {
  words: number
  amendments: number
  /** Characters the person types into the first amendment. */
  chars: number
  keyDelayMs: number
}

export interface TrackedChangesResult extends TrackedChangesConfig {
  ok: boolean
  failures: string[]
  keys: number
  keyToFrameMs: Summary
  keyToAfterFrameMs: Summary
  /** keydown → the tracked-changes view's DOM changed. */
  keyToTrackedShownMs: Summary
  /** The diff itself (section and amendment to tracked nodes), each time it ran while typing. */
  diffMs: Summary
  /** How many times the diff ran for the keys typed (at most one per frame). */
  diffRuns: number
}

/** The page's recorder: frames, the first change of the tracked view after each key, and the diff measures. */
const RECORDER = `(() => {
  if (window !== window.top) return
  const rec = { on: false, keys: 0, frame: [], afterFrame: [], shown: [], waiting: [] }
  window.__benchTracked = rec
  const after = (fn) => { const ch = new MessageChannel(); ch.port1.onmessage = () => { ch.port1.close(); fn() }; ch.port2.postMessage(0) }
  window.addEventListener('keydown', () => {
    if (!rec.on) return
    const t0 = performance.now()
    rec.keys++
    rec.waiting.push(t0)
    requestAnimationFrame(() => {
      rec.frame.push(performance.now() - t0)
      after(() => rec.afterFrame.push(performance.now() - t0))
    })
  }, { capture: true })
  const observer = new MutationObserver(() => {
    if (!rec.on || rec.waiting.length === 0) return
    const now = performance.now()
    for (const t0 of rec.waiting) rec.shown.push(now - t0)
    rec.waiting = []
  })
  const watch = () => {
    const view = document.querySelector('.tracked-text')
    if (view) observer.observe(view, { subtree: true, childList: true, characterData: true })
    else setTimeout(watch, 50)
  }
  watch()
})()`

interface Recorded {
  keys: number
  frame: number[]
  afterFrame: number[]
  shown: number[]
  diffs: number[]
}

/** Each amendment's own changes: a few words added at the start of ten paragraphs, one paragraph shortened. */
function changeAmendment(doc: Y.Doc, amendmentId: string, k: number): void {
  const root = doc.getXmlFragment(amendmentRoot(amendmentId))
  doc.transact(() => {
    for (let p = 0; p < 10; p++) {
      const text = (root.get((k * 3 + p * 9) % PARAGRAPHS) as Y.XmlElement).get(0) as Y.XmlText
      text.insert(0, `Amendment ${k + 1} adds this: `)
    }
    const shortened = (root.get((k * 5 + 4) % PARAGRAPHS) as Y.XmlElement).get(0) as Y.XmlText
    shortened.delete(0, Math.min(20, shortened.length))
  })
}

const TYPED = 'and the coalition names who pays for each clinic before the vote '

export async function runTrackedChanges(cfg: TrackedChangesConfig): Promise<TrackedChangesResult> {
  const d = benchDoc(0)
  const opts = { docs: [d], people: { count: 3, orgs: 3 }, seed: seedSection(cfg, d.platformId, d.sectionId) }
  return withServer('plank', `tracked-changes words=${cfg.words} amendments=${cfg.amendments}`, opts, async ({ server, log }) => {
    const failures: string[] = []
    const api = platformApi(server.baseUrl, d.platformId)
    const facilitator = server.people.facilitator
    const proposers = server.people.participants
    if (!facilitator || proposers.length === 0) throw new Error('the scenario needs seeded participants and a facilitator')

    // The amendments, proposed over HTTP by delegates of the three organizations in turn.
    const ids: string[] = []
    for (let k = 0; k < cfg.amendments; k++) {
      const proposed = await api('POST', `/sections/${d.sectionId}/amendments`, proposers[k % proposers.length]!.cookie, {
        title: `Amendment ${k + 1}`,
        rationale: 'Bench.',
      })
      if (proposed.status !== 201) throw new Error(`proposing answered ${proposed.status}: ${JSON.stringify(proposed.json)}`)
      ids.push((proposed.json as { id: string }).id)
    }
    // Their changes, written over the relay by a facilitator (who may write every amendment's root).
    const drafter = new LoadClient({ ...server.target(d), headers: { ...server.target(d).headers, cookie: facilitator.cookie }, mode: 'apply' })
    await withTimeout(drafter.synced, 60_000)
    await withTimeout(
      (async () => {
        while (!ids.every((id) => drafter.doc.getXmlFragment(amendmentRoot(id)).length >= PARAGRAPHS)) await sleep(20)
      })(),
      60_000,
    )
    for (const [k, id] of ids.entries()) changeAmendment(drafter.doc, id, k)
    await sleep(1000)

    const browser = await launchChromium()
    try {
      const { context, page } = await signedInPage(browser, server.baseUrl, facilitator.cookie, RECORDER)
      await page.goto(`${server.baseUrl}/p/${d.platformId}/amendments/${ids[0]!}`, { timeout: 120_000 })
      const editor = page.locator('[data-view="proposed"] .ProseMirror[contenteditable="true"]')
      const shown = Promise.all([editor.waitFor({ timeout: 120_000 }), page.locator('.tracked-text ins').first().waitFor({ timeout: 120_000 })])
      await shown.catch(async (err: unknown) => {
        await page.screenshot({ path: '/tmp/plank-bench-tracked-failure.png' }).catch(() => undefined)
        const text = (await page.evaluate('document.body.innerText.slice(0, 500)').catch(() => '')) as string
        throw new Error(`${(err as Error).message.split('\n')[0]}; page shows: ${text.replace(/\s+/g, ' ')}`)
      })
      await editor
        .locator('p')
        .nth(Math.floor(PARAGRAPHS / 2))
        .click()
      await page.keyboard.press('End')
      await sleep(500)
      const typed = TYPED.repeat(Math.ceil(cfg.chars / TYPED.length)).slice(0, cfg.chars)
      await page.evaluate("performance.clearMeasures('plank:tracked-changes'); window.__benchTracked.on = true")
      await page.keyboard.type(typed, { delay: cfg.keyDelayMs })
      await sleep(500)
      const rec = (await page.evaluate(
        `(() => { const r = window.__benchTracked; r.on = false; return { keys: r.keys, frame: r.frame, afterFrame: r.afterFrame, shown: r.shown,
          diffs: performance.getEntriesByName('plank:tracked-changes').map((e) => e.duration) } })()`,
      )) as Recorded

      // The run measured what it says: every key reached a frame, and the typing is in the difference and at the server.
      if (rec.keys !== typed.length) failures.push(`${rec.keys} keydowns seen for ${typed.length} characters typed`)
      if (rec.frame.length < rec.keys) failures.push(`only ${rec.frame.length} of ${rec.keys} keys reached a frame`)
      const inserted = ((await page.locator('.tracked-text ins').allTextContents()) ?? []).join(' ')
      if (!inserted.includes(typed.trim().split(' ').slice(-3).join(' '))) failures.push('the typed words are not marked as inserted in the tracked view')
      await sleep(500)
      if (!drafter.doc.getXmlFragment(amendmentRoot(ids[0]!)).toString().includes(typed.slice(0, 30))) failures.push('the typing did not reach the server')
      await context.close()

      const result: TrackedChangesResult = {
        ...cfg,
        ok: failures.length === 0,
        failures,
        keys: rec.keys,
        keyToFrameMs: summarize(rec.frame),
        keyToAfterFrameMs: summarize(rec.afterFrame),
        keyToTrackedShownMs: summarize(rec.shown),
        diffMs: summarize(rec.diffs),
        diffRuns: rec.diffs.length,
      }
      log(
        `${rec.keys} keys: → frame p99 ${result.keyToFrameMs.p99}, → after frame p99 ${result.keyToAfterFrameMs.p99}, ` +
          `→ tracked view p50 ${result.keyToTrackedShownMs.p50} p99 ${result.keyToTrackedShownMs.p99} ms; diff ${rec.diffs.length} runs, p50 ${result.diffMs.p50} p99 ${result.diffMs.p99} ms` +
          (failures.length ? `; FAILURES: ${failures.join('; ')}` : ''),
      )
      return result
    } finally {
      await browser.close()
      await drafter.close()
    }
  })
}

// Run alone: node dist/server/bench/scenarios/tracked-changes.js [words] [amendments]
if (process.argv[1]?.endsWith('tracked-changes.js')) {
  const result = await runTrackedChanges({ words: Number(process.argv[2] ?? 5000), amendments: Number(process.argv[3] ?? 20), chars: 120, keyDelayMs: 100 })
  console.log(JSON.stringify({ ...result, roundedDiffP99: round(result.diffMs.p99) }, null, 1))
}
