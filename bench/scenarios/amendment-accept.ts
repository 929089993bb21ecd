/**
 * Accepting an amendment (issue 14): a 5,000-word section, two people typing
 * in it, and an amendment (changes in its first ten paragraphs) accepted
 * while they type. Measured: the accept request's time (HTTP, which is the
 * server's merge, commit and apply plus one round trip) and the typists'
 * edit latency (an edit sent by one typist → the other typist's document has
 * it), p99, in a window of the same length around the acceptance against a
 * window of typing before it. Plank only (the peers have no amendments).
 *
 * The section's text goes straight into the store before the server starts;
 * the amendment is proposed over HTTP by a delegate of another organization
 * and edited over the relay like any client would; the section is open, so a
 * facilitator accepts.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { amendmentRoot } from '../../shared/documents.js'
import type { Store } from '../../server/store/store.js'
import { LoadClient, sleep, withTimeout } from '../load-client.js'
import { round, summarize, type Summary } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, platformApi, withServer } from './common.js'

export interface AmendmentAcceptConfig {
  words: number
  /** Keystrokes per second per typist. */
  charsPerSecond: number
  /** Length of each measured window (before, and around the acceptance). */
  windowMs: number
}

export interface AmendmentAcceptResult extends AmendmentAcceptConfig {
  ok: boolean
  failures: string[]
  acceptMs: number | null
  acceptStatus: number | null
  /** Edit latency without an acceptance, and in the window around it. */
  without: Summary
  during: Summary
  /** The merged section still has both typists' text and the amendment's words. */
  textIntact: boolean
}

const WORDS = 'the coalition resolves to fund transit housing clinics and schools in every ward with fair wages for all'.split(' ')
export const PARAGRAPHS = 100

/** A section of `words` words in PARAGRAPHS paragraphs, written into the store before the server starts. */
export function seedSection(cfg: { words: number }, platformId: string, sectionId: string) {
  return (store: Store): Record<string, string> => {
    const doc = new Y.Doc()
    const perParagraph = Math.ceil(cfg.words / PARAGRAPHS)
    doc.transact(() => {
      for (let p = 0; p < PARAGRAPHS; p++) {
        const words = Array.from({ length: perParagraph }, (_, k) => WORDS[(p * 7 + k * 3) % WORDS.length])
        addParagraph(doc, { platformId, sectionId }, `${words.join(' ')}.`)
      }
    })
    store.appendUpdate(platformId, Y.encodeStateAsUpdate(doc))
    return {}
  }
}

/** Latency of one typist's edits as seen at the other: send time per clock, resolved when the watcher's state vector passes it. */
class EditLatency {
  private readonly pending: Array<{ clock: number; at: number }> = []
  readonly samples: Array<{ at: number; ms: number }> = []
  constructor(
    private readonly writer: Y.Doc,
    watcher: Y.Doc,
  ) {
    watcher.on('update', () => {
      const seen = Y.getState(watcher.store, writer.clientID)
      const now = performance.now()
      while (this.pending.length > 0 && this.pending[0]!.clock < seen) this.samples.push({ at: this.pending[0]!.at, ms: now - this.pending.shift()!.at })
    })
  }
  /** Call right after the writer's edit: its last clock is now the state minus one. */
  sent(): void {
    this.pending.push({ clock: Y.getState(this.writer.store, this.writer.clientID) - 1, at: performance.now() })
  }
}

export async function runAmendmentAccept(cfg: AmendmentAcceptConfig): Promise<AmendmentAcceptResult> {
  const d = benchDoc(0)
  const opts = { docs: [d], people: { count: 3, orgs: 3 }, seed: seedSection(cfg, d.platformId, d.sectionId) }
  return withServer('plank', `amendment-accept words=${cfg.words}`, opts, async ({ server, log }) => {
    const failures: string[] = []
    const api = platformApi(server.baseUrl, d.platformId)
    const [proposer, typistA, typistB] = server.people.participants
    const facilitator = server.people.facilitator
    if (!proposer || !typistA || !typistB || !facilitator) throw new Error('the scenario needs three seeded participants and a facilitator')
    const client = (cookie: string) => new LoadClient({ ...server.target(d), headers: { ...server.target(d).headers, cookie }, mode: 'apply' })

    // The amendment: proposed, then ten of its paragraphs changed by the proposer.
    const proposed = await api('POST', `/sections/${d.sectionId}/amendments`, proposer.cookie, { title: 'Name who pays', rationale: 'Bench.' })
    if (proposed.status !== 201) throw new Error(`proposing answered ${proposed.status}: ${JSON.stringify(proposed.json)}`)
    const amendmentId = (proposed.json as { id: string }).id
    const drafter = client(proposer.cookie)
    await withTimeout(drafter.synced, 60_000)
    const root = drafter.doc.getXmlFragment(amendmentRoot(amendmentId))
    await withTimeout(
      (async () => {
        while (root.length < PARAGRAPHS) await sleep(20)
      })(),
      30_000,
    )
    drafter.doc.transact(() => {
      for (let p = 0; p < 10; p++) ((root.get(p) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Amended: ')
    })
    await sleep(500)

    // Two typists, each in a paragraph the amendment leaves alone; each watches the other's edits arrive.
    const a = client(typistA.cookie)
    const b = client(typistB.cookie)
    await Promise.all([withTimeout(a.synced, 60_000), withTimeout(b.synced, 60_000)])
    const latencyA = new EditLatency(a.doc, b.doc)
    const latencyB = new EditLatency(b.doc, a.doc)
    const textOf = (doc: Y.Doc, p: number) => (bodyOf(doc, d).get(p) as Y.XmlElement).get(0) as Y.XmlText
    let typing = true
    const type = async (doc: Y.Doc, paragraph: number, latency: EditLatency, char: string) => {
      while (typing) {
        const t = textOf(doc, paragraph)
        t.insert(t.length, char)
        latency.sent()
        await sleep(1000 / cfg.charsPerSecond)
      }
    }
    const typed = Promise.all([type(a.doc, 50, latencyA, 'a'), type(b.doc, 70, latencyB, 'b')])
    // Warm-up, then a whole window of typing before the one around the acceptance.
    await sleep(1000 + 1.5 * cfg.windowMs)
    const acceptAt = performance.now()
    const accepted = await api('POST', `/amendments/${amendmentId}/accept`, facilitator.cookie, { note: 'Bench' })
    if (accepted.status !== 200) failures.push(`accept answered ${accepted.status}: ${JSON.stringify(accepted.json)}`)
    log(`accept answered ${accepted.status} in ${round(accepted.ms)} ms`)
    await sleep(cfg.windowMs / 2)
    typing = false
    await typed
    await sleep(1000)
    const samples = [...latencyA.samples, ...latencyB.samples]
    const before = samples.filter((s) => s.at >= acceptAt - 1.5 * cfg.windowMs && s.at < acceptAt - cfg.windowMs / 2).map((s) => s.ms)
    const around = samples.filter((s) => s.at >= acceptAt - cfg.windowMs / 2 && s.at < acceptAt + cfg.windowMs / 2).map((s) => s.ms)
    const merged = bodyOf(a.doc, d)
    const textIntact =
      (merged.get(0) as Y.XmlElement).toString().includes('Amended: ') &&
      (merged.get(50) as Y.XmlElement).toString().includes('aaaa') &&
      (merged.get(70) as Y.XmlElement).toString().includes('bbbb')
    if (!textIntact) failures.push('the merged section lost the amendment or a typist’s text')
    await Promise.all([drafter, a, b].map((c) => c.close()))
    return {
      ...cfg,
      ok: failures.length === 0,
      failures,
      acceptMs: round(accepted.ms),
      acceptStatus: accepted.status,
      without: summarize(before),
      during: summarize(around),
      textIntact,
    }
  })
}

// Run alone: node dist/server/bench/scenarios/amendment-accept.js [words]
if (process.argv[1]?.endsWith('amendment-accept.js')) {
  const result = await runAmendmentAccept({ words: Number(process.argv[2] ?? 5000), charsPerSecond: 10, windowMs: 4000 })
  console.log(JSON.stringify(result, null, 1))
}
