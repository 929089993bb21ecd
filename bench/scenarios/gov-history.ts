/**
 * Governance change cost against history (issue 12): the time and the bytes
 * of one comment, one raised hand and one sign-off on a platform with a short
 * history and on one with a long one (by default 10 comments and 1 ended
 * session, against 2,000 comments and 50 ended sessions). The projection
 * should cost what changed, so the ratio long ÷ short should stay near 1
 * (target ≤ 1.5).
 *
 * Plank only (the peers have no governance). The history goes straight into
 * the store before the server starts (servers.ts StartOptions.seed): the
 * section's text as a stored document update, comment threads anchored in it
 * (one root, then replies), and ended sessions with hands, a poll with
 * answers and events. The live session is planned and started over HTTP.
 *
 * Per action: the request is sent by its own member (hand: a participant who
 * has not raised one; sign-off: a board rep of an organization that has not
 * signed), one at a time on a quiet room; measured from sending the request
 * to the first gov update at an observing client ("time"), the sum of the
 * gov updates it received for that action until 300 ms passed without one
 * ("bytes"; the server batches gov writes for 40 ms), and the HTTP answer time.
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { encodeAnchor } from '../../shared/section-text.js'
import { LoadClient, sleep, withTimeout } from '../load-client.js'
import { cpuSeconds, memory } from '../proc.js'
import type { ServerKind } from '../servers.js'
import { blankComment } from '../../server/comments/comments.js'
import { plannedSessionRow } from '../../server/drafting/drafting-sessions.js'
import type { Store } from '../../server/store/store.js'
import { round, summarize, type Summary } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, platformApi, withServer } from './common.js'
import { resultHead } from './outcome.js'

export interface HistoryConfig {
  comments: number
  endedSessions: number
  /** Replies per thread (a thread = one anchored root and its replies). */
  repliesPerThread: number
  /** Times each action is measured (each by another member). */
  repetitions: number
  participants: number
  organizations: number
}

export interface ActionCost {
  /** Request sent → first gov update at the observing client. */
  ms: Summary
  /** Gov update bytes the observing client received per action. */
  bytes: Summary
  updates: Summary
  httpMs: Summary
  failed: number
}

export interface HistoryResult extends HistoryConfig {
  server: ServerKind
  ok: boolean
  failures: string[]
  /** Observer's first sync: the whole gov (and text) of this history. */
  initialSyncBytes: number
  initialSyncMs: number
  comment: ActionCost
  hand: ActionCost
  signoff: ActionCost
  serverCpuS: number
  peakRssMb: number
}

const WORDS = 'the coalition resolves to fund transit housing clinics and schools in every ward with fair wages for all'.split(' ')
const sentence = (i: number): string => `${Array.from({ length: 14 }, (_, k) => WORDS[(i * 5 + k * 3) % WORDS.length]).join(' ')}. `

/** Seeds the history into the store (runs inside servers.ts's seeding transaction). */
function seedHistory(cfg: HistoryConfig, platformId: string, sectionId: string) {
  return (store: Store, account: (id: string, name: string) => string): Record<string, string> => {
    const out: Record<string, string> = {}
    // Board reps, one per organization (the organizations come from StartOptions.people).
    for (let k = 0; k < cfg.organizations; k++) {
      const id = `rep-${k}`
      out[id] = account(id, `Board rep ${k}`)
      store.setMembership({ platformId, personId: id, role: 'boardRep', orgId: `org-${k}` })
    }
    // The section's text, as one stored update: 40 paragraphs to anchor comments in.
    const doc = new Y.Doc()
    const texts: Y.XmlText[] = []
    doc.transact(() => {
      for (let p = 0; p < 40; p++) texts.push(addParagraph(doc, { platformId, sectionId }, sentence(p).repeat(3)))
    })
    store.appendUpdate(platformId, Y.encodeStateAsUpdate(doc))
    const now = Date.now()
    const iso = (t: number): string => new Date(t).toISOString()
    let rootId = ''
    for (let c = 0; c < cfg.comments; c++) {
      const id = randomUUID()
      const isRoot = c % (cfg.repliesPerThread + 1) === 0
      const text = texts[c % texts.length]!
      const from = (c * 7) % (text.length - 30)
      store.insertComment({
        ...blankComment(id, platformId, `participant-${c % cfg.participants}`, iso(now - (cfg.comments - c) * 60_000)),
        sectionId,
        parentId: isRoot ? null : rootId,
        body: `Comment ${c}: could we say this differently, and name who pays for it?`,
        anchorStart: isRoot ? encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from)) : null,
        anchorEnd: isRoot ? encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from + 20)) : null,
        quote: isRoot ? text.toString().slice(from, from + 20) : null,
      })
      if (isRoot) rootId = id
    }
    for (let s = 0; s < cfg.endedSessions; s++) {
      const id = `ended-${s}`
      const startedAt = now - (cfg.endedSessions - s) * 86_400_000
      store.createDraftingSession(
        {
          ...plannedSessionRow(id, platformId, { title: `Past session ${s + 1}` }, iso(startedAt - 3_600_000)),
          status: 'ended',
          startedAt,
          endedAt: startedAt + 2 * 3_600_000,
          notes: `Notes of session ${s + 1}.`,
        },
        Array.from({ length: 5 }, (_, i) => ({ kind: 'free' as const, sectionId: null, amendmentId: null, title: `Item ${i + 1}`, timeBoxMs: 600_000 })),
      )
      for (let h = 0; h < 10; h++) {
        const person = `participant-${(s * 10 + h) % cfg.participants}`
        store.raiseHand(id, h % 5, person, `org-${((s * 10 + h) % cfg.participants) % cfg.organizations}`, startedAt + h * 60_000)
        store.settleHand(id, h % 5, person, startedAt + h * 60_000 + 30_000, h % 2 === 0)
      }
      const pollId = `${id}-poll`
      store.createPoll(id, { id: pollId, item: 2, kind: 'consent', question: 'Ready to move on?', openedAt: startedAt + 1_800_000 })
      for (let a = 0; a < Math.min(20, cfg.participants); a++) {
        store.answerPoll(pollId, `participant-${a}`, `org-${a % cfg.organizations}`, 'support', startedAt + 1_800_000 + a * 1000)
      }
      store.closePoll(pollId, startedAt + 1_900_000)
      for (let e = 0; e < 10; e++) store.addSessionEvent(id, { at: startedAt + e * 600_000, kind: 'next', detail: { item: e % 5 } })
    }
    return out
  }
}

export async function runGovHistory(kind: ServerKind, cfg: HistoryConfig): Promise<HistoryResult> {
  if (kind !== 'plank') throw new Error('the governance history scenario runs on Plank only')
  const d = benchDoc(0)
  const opts = { docs: [d], people: { count: cfg.participants, orgs: cfg.organizations }, seed: seedHistory(cfg, d.platformId, d.sectionId) }
  return withServer(kind, `gov-history comments=${cfg.comments} sessions=${cfg.endedSessions}`, opts, async ({ server, log }) => {
    const failures: string[] = []
    const api = platformApi(server.baseUrl, d.platformId)
    const facilitator = server.people.facilitator
    if (!facilitator) throw new Error('no seeded facilitator')

    // The observer: what every connected member receives.
    let probe: { bytes: number; updates: number; firstAt: number; lastAt: number } | null = null
    const t0 = performance.now()
    const observer = new LoadClient({
      ...server.target(d),
      mode: 'record',
      recordWhen: (_u, from) => from === 'step2',
      onUpdate: (update, at, from) => {
        if (from !== 'update' || !probe) return
        probe.bytes += update.byteLength
        probe.updates++
        if (!probe.firstAt) probe.firstAt = at
        probe.lastAt = at
      },
    })
    await withTimeout(observer.synced, 60_000)
    const initialSyncMs = round(observer.syncedAt! - t0)
    const initialSyncBytes = observer.step2Bytes
    log(`history: ${cfg.comments} comments, ${cfg.endedSessions} ended sessions; first sync ${initialSyncBytes} bytes in ${initialSyncMs} ms`)

    // A live session to raise hands in.
    const agenda = Array.from({ length: 5 }, (_, i) => ({ kind: 'free', title: `Item ${i + 1}`, minutes: 10 }))
    const created = await api('POST', '/sessions', facilitator.cookie, { title: 'Live session', agenda })
    if (created.status !== 201) throw new Error(`creating the session answered ${created.status}: ${JSON.stringify(created.json)}`)
    const sessionId = (created.json as { id: string }).id
    const started = await api('POST', `/sessions/${sessionId}/start`, facilitator.cookie)
    if (started.status !== 200) throw new Error(`starting the session answered ${started.status}`)
    // An anchor in the live text for the new comments.
    const live = observer.materialize()
    const firstText = (bodyOf(live, d).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const anchor = {
      start: encodeAnchor(Y.createRelativePositionFromTypeIndex(firstText, 10)),
      end: encodeAnchor(Y.createRelativePositionFromTypeIndex(firstText, 30)),
    }
    await sleep(1000)

    const cpu0 = cpuSeconds(server.pid) ?? 0
    const measure = async (name: string, send: (k: number) => Promise<{ status: number; ms: number }>, okStatus: number): Promise<ActionCost> => {
      const ms: number[] = []
      const bytes: number[] = []
      const updates: number[] = []
      const httpMs: number[] = []
      let failed = 0
      for (let k = 0; k < cfg.repetitions; k++) {
        const p = { bytes: 0, updates: 0, firstAt: 0, lastAt: 0 }
        probe = p
        const sentAt = performance.now()
        const res = await send(k)
        httpMs.push(res.ms)
        if (res.status !== okStatus) {
          failed++
          failures.push(`${name} ${k} answered ${res.status}`)
        }
        const until = sentAt + 5000
        while (performance.now() < until && (!p.firstAt || performance.now() - p.lastAt < 300)) await sleep(10)
        probe = null
        if (!p.firstAt) failures.push(`${name} ${k}: no gov update reached the observer`)
        else ms.push(p.firstAt - sentAt)
        bytes.push(p.bytes)
        updates.push(p.updates)
        await sleep(200)
      }
      const cost = { ms: summarize(ms), bytes: summarize(bytes), updates: summarize(updates), httpMs: summarize(httpMs), failed }
      log(`${name}: median ${cost.ms.p50} ms, ${cost.bytes.p50} bytes in ${cost.updates.p50} updates`)
      return cost
    }

    const comment = await measure(
      'comment',
      (k) =>
        api('POST', '/comments', server.people.participants[k % server.people.participants.length]!.cookie, {
          sectionId: d.sectionId,
          ...anchor,
          body: `New comment ${k}`,
        }),
      201,
    )
    // Hands: participants 0.. raise one each (none has raised one in the live session).
    const hand = await measure('hand', (k) => api('POST', `/sessions/${sessionId}/hand`, server.people.participants[k]!.cookie, { raised: true }), 200)
    // The hash the reps reviewed (the text does not change during the measurement).
    const section = await api('GET', `/sections/${d.sectionId}`, facilitator.cookie)
    const hash = (section.json as { hash?: string }).hash ?? ''
    const signoff = await measure(
      'sign-off',
      (k) =>
        api('POST', `/sections/${d.sectionId}/signoffs`, server.seeded[`rep-${k % cfg.organizations}`]!, { decision: 'approve', hash, note: `Approved ${k}` }),
      201,
    )
    const serverCpuS = round((cpuSeconds(server.pid) ?? cpu0) - cpu0)
    await observer.close()
    if (server.exit) failures.push(`server exited: ${JSON.stringify(server.exit)}`)
    return {
      ...resultHead(kind, cfg, failures),
      initialSyncBytes,
      initialSyncMs,
      comment,
      hand,
      signoff,
      serverCpuS,
      peakRssMb: round(memory(server.pid)?.hwmMb ?? NaN),
    }
  })
}
