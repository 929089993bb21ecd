/**
 * A drafting session with 300 participants (issue 8). Every participant is a
 * load client with a live Y.Doc (it must see `gov` change), announces itself
 * with presence (awareness, `user.personId` = its own person; Plank drops
 * presence naming anyone else) and edits its own paragraph now and then.
 * On Plank, each participant is its own seeded account (a delegate of one of
 * 15 organizations) and, during the timed phase, 1 in 10 raise a hand and all
 * answer a poll through the HTTP API with their own cookie, while the
 * facilitator alternately moves to the next agenda item and extends it:
 * measured is the time from the facilitator's request to the changed session
 * in every participant's `gov` map. The peer gets the same clients, presence
 * and edits (it has no sessions).
 */
import { performance } from 'node:perf_hooks'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { LoadClient, sleep } from '../load-client.js'
import { cpuSeconds, memory } from '../proc.js'
import type { ServerKind } from '../servers.js'
import { round, Samples, summarize, type Summary } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, closeAll, connectTimed, LoopMonitor, waitUntil, withServer } from './common.js'
import { EditDeliveries } from './deliveries.js'
import { endOfRunFailures, resultHead } from './outcome.js'

export interface DraftingConfig {
  participants: number
  organizations: number
  /** Each participant edits once per this many seconds (staggered): "occasional edits". */
  editEveryS: number
  durationS: number
  /** Facilitator: one session-state change (alternately next / extend) per this many ms. */
  stateChangeEveryMs: number
  handRaisersOneIn: number
}

export interface DraftingResult extends DraftingConfig {
  server: ServerKind
  ok: boolean
  failures: string[]
  idleRssMb: number
  connectAllMs: number
  synced: number
  /** Edit → arrival at each other participant. */
  latencyMs: Summary
  reachAllMs: Summary
  expected: number
  delivered: number
  contentMatches: number
  serverCpuS: number
  peakRssMb: number
  presenceMessagesSent: number
  /** Plank only: facilitator request → changed session in a participant's gov (every pair). */
  sessionChangeMs: Summary | null
  /** Plank only: per change, until the last participant had it. */
  sessionChangeReachAllMs: Summary | null
  sessionChanges: { sent: number; reachedAll: number }
  http: { hands: number; answers: number; failed: number; failedStatuses: Record<string, number>; latencyMs: Summary | null }
  /**
   * Plank only: after the timed phase, on a quiet room, participants who had not
   * raised a hand raise one, one at a time; per hand, the bytes (and number) of
   * gov updates the first participant received for it (issue 12: bytes
   * proportional to one hand, not to the session).
   */
  handGovBytes: { hands: number; bytes: Summary; updates: Summary; reachedMs: Summary } | null
  /** Everything the first participant received during the timed phase, and the part the server wrote (gov). */
  receivedByOne: { updates: number; bytes: number; govUpdates: number; govBytes: number; govMaxBytes: number }
  closedByServer: Record<string, number>
  bench: { eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number; benchCpuS: number }
}

/** The first writer (client id) and clock of a v1 update, read from its header only. */
function firstStruct(update: Uint8Array): { client: number; clock: number } | null {
  const dec = decoding.createDecoder(update)
  const groups = decoding.readVarUint(dec)
  if (groups === 0) return null
  decoding.readVarUint(dec) // structs in the group
  const client = decoding.readVarUint(dec)
  const clock = decoding.readVarUint(dec)
  return { client, clock }
}

export async function runDrafting(kind: ServerKind, cfg: DraftingConfig): Promise<DraftingResult> {
  const d = benchDoc(0)
  const opts = { docs: [d], people: { count: cfg.participants, orgs: cfg.organizations } }
  return withServer(kind, `drafting n=${cfg.participants}`, opts, async ({ server, rss, log }) => {
    const idleRssMb = round(rss.sample())
    const failures: string[] = []
    const isPlank = kind === 'plank'
    const base = server.baseUrl
    const facilitator = server.people.facilitator
    const post = async (path: string, cookie: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
      const res = await fetch(`${base}/api/platforms/${d.platformId}${path}`, {
        method: 'POST',
        headers: { cookie, origin: base, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      })
      const text = await res.text()
      let json: unknown = null
      try {
        json = JSON.parse(text)
      } catch {
        json = text
      }
      return { status: res.status, json }
    }

    // Plank: the facilitator plans a session of free items and starts it, before anyone connects.
    let sessionId: string | null = null
    if (isPlank) {
      if (!facilitator) throw new Error('no seeded facilitator')
      const agenda = Array.from({ length: 30 }, (_, i) => ({ kind: 'free', title: `Item ${i + 1}`, minutes: 10 }))
      const created = await post('/sessions', facilitator.cookie, { title: 'Bench drafting session', agenda })
      if (created.status !== 201) throw new Error(`creating the session answered ${created.status}: ${JSON.stringify(created.json)}`)
      sessionId = (created.json as { id: string }).id
      const started = await post(`/sessions/${sessionId}/start`, facilitator.cookie)
      if (started.status !== 200) throw new Error(`starting the session answered ${started.status}: ${JSON.stringify(started.json)}`)
    }

    const deliveries = new EditDeliveries()
    // What the first participant receives during the timed phase: all of it, and the
    // updates written by the server (gov), i.e. by a client id that is no participant's.
    const participantIds = new Set<number>()
    let recording = false
    const received = { updates: 0, bytes: 0, govUpdates: 0, govBytes: 0, govMaxBytes: 0 }
    // The hand probe after the timed phase: gov updates reaching participant 0.
    let handProbe: { bytes: number; updates: number; firstAt: number; lastAt: number } | null = null
    const signature = (doc: Y.Doc): string | null => {
      if (!sessionId) return null
      const sessions = doc.getMap('gov').get('sessions') as Y.Map<unknown> | undefined
      const s = sessions?.get(sessionId) as { currentItem: number | null; clock: unknown } | undefined
      return s ? JSON.stringify([s.currentItem, s.clock]) : null
    }
    // Gov updates as they arrive (update key = its writer's first client:clock, and time),
    // decoded after the timed phase, once: every participant gets the same updates.
    const govArrivals: Array<Array<{ key: string; at: number }>> = []
    const govUpdatesInOrder: Uint8Array[] = []
    const changesSentAt: number[] = []
    const changeLatencies = new Samples()
    const changeReachAll: number[] = []
    const awarenesses: awarenessProtocol.Awareness[] = []
    let presenceMessagesSent = 0

    const makeClient = (i: number): LoadClient => {
      const person = server.people.participants[i]
      const personId = person?.personId ?? `participant-${i}`
      const target = server.target(d)
      const receive = deliveries.receiver()
      let lastWasGov = false
      govArrivals[i] = []
      const client: LoadClient = new LoadClient({
        ...target,
        headers: person ? { Cookie: person.cookie } : target.headers,
        // Each participant's live Y.Doc holds its own paragraph and what the server writes
        // (gov: updates by a client id that is no participant's; both servers relay each
        // update on its own). Other participants' edits are recorded and applied after the
        // timed phase: 300 live copies of every edit would saturate the load generator.
        mode: 'record',
        recordWhen: (_update, from) => from === 'step2' || !lastWasGov,
        onUpdate: (update, at, from) => {
          if (from === 'step2') return
          // The writer of an update, from its header alone (decoding gov's JSON in 300
          // clients during the timed phase would saturate the load generator).
          const head = firstStruct(update)
          lastWasGov = head !== null && !participantIds.has(head.client)
          if (i === 0 && recording) {
            received.updates++
            received.bytes += update.byteLength
            if (lastWasGov) {
              received.govUpdates++
              received.govBytes += update.byteLength
              received.govMaxBytes = Math.max(received.govMaxBytes, update.byteLength)
            }
          }
          if (lastWasGov) {
            if (i === 0 && handProbe) {
              handProbe.bytes += update.byteLength
              handProbe.updates++
              if (!handProbe.firstAt) handProbe.firstAt = at
              handProbe.lastAt = at
            }
            if (recording && head) govArrivals[i]!.push({ key: `${head.client}:${head.clock}`, at })
            if (i === 0) govUpdatesInOrder.push(update.slice())
            return
          }
          receive(update, at, client.doc.clientID)
        },
      })
      participantIds.add(client.doc.clientID)
      // Presence as a stock y-websocket provider sends it: on change and on the awareness's own 15 s renewal.
      const awareness = new awarenessProtocol.Awareness(client.doc)
      awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        if (origin !== 'local' || !client.open) return
        client.sendAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]))
        presenceMessagesSent++
      })
      void client.synced.then(() => awareness.setLocalState({ user: { personId, name: `Participant ${i}`, color: '#336699' }, cursor: null }))
      awarenesses.push(awareness)
      return client
    }

    const { clients, connectAllMs, notSynced } = await connectTimed(cfg.participants, makeClient, failures, log, 'participants')

    // Each participant writes its own paragraph (into its own copy: it needs no one else's to edit it).
    const texts: Y.XmlText[] = clients.map((c) => addParagraph(c.doc, d))
    const sent = clients.map((c) => deliveries.addWriter(c.doc.clientID))
    const seenParagraphs = (): number => clients.reduce((n, c) => n + c.received.length, 0)
    if (!(await waitUntil(() => seenParagraphs() >= clients.length * (clients.length - 1), seenParagraphs, 15_000))) {
      failures.push(`paragraphs before the timed phase: ${seenParagraphs()} of ${clients.length * (clients.length - 1)} received`)
    }
    await sleep(1000)
    recording = true
    await sleep(1000)

    const editsPerClient = Math.max(1, Math.floor(cfg.durationS / cfg.editEveryS))
    const expected = editsPerClient * clients.length * (clients.length - 1)
    const loop = new LoopMonitor()
    rss.reset()
    const cpuStart = cpuSeconds(server.pid) ?? 0
    log(
      `timed phase: ${clients.length} participants × ${editsPerClient} edits, presence, ${isPlank ? 'hands, poll, session changes' : 'no session API (peer)'}`,
    )
    const phaseStart = performance.now()
    const periodMs = cfg.editEveryS * 1000

    const editing = Promise.all(
      clients.map(async (c, i) => {
        await sleep((periodMs / clients.length) * i)
        const text = texts[i]!
        const list = sent[i]!
        const start = performance.now()
        for (let n = 0; n < editsPerClient; n++) {
          const wait = start + n * periodMs - performance.now()
          if (wait > 0) await sleep(wait)
          const sentAt = performance.now()
          text.insert(text.length, `p${i}e${n} `)
          list.push({ sentAt, endClock: Y.getState(c.doc.store, c.doc.clientID), deliveries: 0, lastAt: 0 })
          // The cursor moves with the typing: a presence update, as an editor sends it.
          awarenesses[i]!.setLocalStateField('cursor', { paragraph: i, offset: text.length })
        }
      }),
    )

    const httpLatency = new Samples()
    const http = { hands: 0, answers: 0, failed: 0, failedStatuses: {} as Record<string, number> }
    let sessionChangesSent = 0
    let sessionChangesReachedAll = 0
    const participantRequests = async (): Promise<void> => {
      if (!sessionId || !facilitator) return
      const poll = await post(`/sessions/${sessionId}/polls`, facilitator.cookie, { kind: 'consent', question: 'Ready to move on?' })
      if (poll.status !== 201) {
        failures.push(`opening the poll answered ${poll.status}`)
        return
      }
      const pollId = (poll.json as { id: string }).id
      // Spread over the first two thirds of the phase, in random-ish order.
      const jobs: Array<{ at: number; run: () => Promise<{ status: number }>; kind: 'hands' | 'answers' }> = []
      const spanMs = (cfg.durationS * 1000 * 2) / 3
      server.people.participants.forEach((p, i) => {
        jobs.push({
          at: ((i * 7919) % clients.length) * (spanMs / clients.length),
          kind: 'answers',
          run: () => post(`/sessions/${sessionId}/polls/${pollId}/answer`, p.cookie, { value: 'support' }),
        })
        if (i % cfg.handRaisersOneIn === 0) {
          jobs.push({
            at: ((i * 104729) % clients.length) * (spanMs / clients.length),
            kind: 'hands',
            run: () => post(`/sessions/${sessionId}/hand`, p.cookie, { raised: true }),
          })
        }
      })
      await Promise.all(
        jobs.map(async (j) => {
          await sleep(j.at)
          const t = performance.now()
          try {
            const r = await j.run()
            httpLatency.push(performance.now() - t)
            if (r.status === 200) http[j.kind]++
            else {
              http.failed++
              http.failedStatuses[r.status] = (http.failedStatuses[r.status] ?? 0) + 1
            }
          } catch (err) {
            http.failed++
            const key = (err as Error).message
            http.failedStatuses[key] = (http.failedStatuses[key] ?? 0) + 1
          }
        }),
      )
    }
    const facilitatorChanges = async (): Promise<void> => {
      if (!sessionId || !facilitator) return
      const end = phaseStart + cfg.durationS * 1000
      await sleep(cfg.stateChangeEveryMs / 2)
      for (let k = 0; performance.now() < end - 1000; k++) {
        const due = performance.now() + cfg.stateChangeEveryMs
        changesSentAt.push(performance.now())
        const res =
          k % 2 === 0
            ? await post(`/sessions/${sessionId}/next`, facilitator.cookie)
            : await post(`/sessions/${sessionId}/extend`, facilitator.cookie, { minutes: 1 })
        sessionChangesSent++
        if (res.status !== 200) failures.push(`session change ${k} answered ${res.status}`)
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait)
      }
    }
    let httpDone = 0
    const progress = setInterval(() => {
      log(
        `… delivered ${deliveries.delivered}/${expected}, HTTP ${http.hands + http.answers + http.failed} done, session changes ${sessionChangesSent}, one participant got ${received.govUpdates} gov updates, ${Math.round(received.govBytes / 1024)} KB`,
      )
    }, 5000)
    await Promise.all([
      editing.then(() => log('edits sent')),
      participantRequests().then(() => log(`HTTP done ${++httpDone}`)),
      facilitatorChanges().then(() => log('session changes done')),
    ])
    clearInterval(progress)
    const drained = await waitUntil(
      () => deliveries.delivered >= expected,
      () => deliveries.delivered,
      10_000,
    )
    await sleep(2000) // the last session change on its way
    recording = false
    const cpuEnd = cpuSeconds(server.pid) ?? cpuStart
    if (sessionId) {
      // Which gov updates changed the session state (item or clock): replay participant 0's
      // gov updates once on a fresh copy of the initial state; the j-th such update is the
      // j-th facilitator change.
      const replay = new Y.Doc()
      const c0 = clients[0]!
      Y.applyUpdate(replay, Y.mergeUpdates(c0.received.length ? [c0.received[0]!] : []))
      let sig = signature(replay)
      const changeKeys: string[] = []
      for (const u of govUpdatesInOrder) {
        Y.applyUpdate(replay, u)
        const now = signature(replay)
        if (now !== sig) {
          const head = firstStruct(u)
          if (head) changeKeys.push(`${head.client}:${head.clock}`)
          sig = now
        }
      }
      if (changeKeys.length !== changesSentAt.length) failures.push(`${changesSentAt.length} session changes sent, ${changeKeys.length} seen by participant 0`)
      changeKeys.forEach((key, j) => {
        const sentAt = changesSentAt[j]
        if (sentAt === undefined) return
        let last = 0
        let reached = 0
        for (const arrivals of govArrivals) {
          const a = arrivals.find((x) => x.key === key)
          if (!a) continue
          reached++
          changeLatencies.push(a.at - sentAt)
          last = Math.max(last, a.at - sentAt)
        }
        if (reached === clients.length) {
          sessionChangesReachedAll++
          changeReachAll.push(last)
        } else failures.push(`session change ${j} reached ${reached} of ${clients.length} participants`)
      })
    }
    const bench = loop.stop()

    // One hand at a time on a quiet room: what does one raised hand cost everyone?
    let handGovBytes: DraftingResult['handGovBytes'] = null
    if (sessionId) {
      const probes = server.people.participants.filter((_, i) => i % cfg.handRaisersOneIn !== 0).slice(0, 5)
      const bytes: number[] = []
      const updates: number[] = []
      const reached: number[] = []
      await sleep(500)
      for (const p of probes) {
        const probe = { bytes: 0, updates: 0, firstAt: 0, lastAt: 0 }
        handProbe = probe
        const sentAt = performance.now()
        const res = await post(`/sessions/${sessionId}/hand`, p.cookie, { raised: true })
        if (res.status !== 200) failures.push(`probe hand answered ${res.status}`)
        // Until the first gov update and then 300 ms without another (the server batches for 40 ms), at most 5 s.
        const until = sentAt + 5000
        while (performance.now() < until && (!probe.firstAt || performance.now() - probe.lastAt < 300)) await sleep(20)
        handProbe = null
        if (!probe.firstAt) failures.push('a probe hand never reached participant 0')
        else reached.push(probe.firstAt - sentAt)
        bytes.push(probe.bytes)
        updates.push(probe.updates)
      }
      handGovBytes = { hands: probes.length, bytes: summarize(bytes), updates: summarize(updates), reachedMs: summarize(reached) }
      log(`one hand at a time: gov bytes per hand ${JSON.stringify(handGovBytes.bytes)}`)
    }
    if (!drained) failures.push(`delivered ${deliveries.delivered} of ${expected} updates (stalled 10 s)`)
    if (isPlank && http.failed) failures.push(`${http.failed} hand/answer requests failed: ${JSON.stringify(http.failedStatuses)}`)
    log(
      `delivered ${deliveries.delivered}/${expected}; session changes ${sessionChangesReachedAll}/${sessionChangesSent}; hands ${http.hands}, answers ${http.answers}; ` +
        `server CPU ${(cpuEnd - cpuStart).toFixed(2)} s; bench loop p99 ${bench.eventLoopDelayP99Ms} ms; one participant received ${JSON.stringify(received)}`,
    )

    const reference = bodyOf(clients[0]!.materialize(), d).toString()
    const contentMatches = clients.filter((c) => bodyOf(c.materialize(), d).toString() === reference).length
    if (contentMatches !== clients.length) failures.push(`${clients.length - contentMatches} clients hold different content`)
    const closedByServer = endOfRunFailures(clients, server, failures)

    const complete = deliveries.reachedAll(clients.length - 1)
    const peakRssMb = round(memory(server.pid)?.hwmMb ?? rss.peakMb)
    for (const a of awarenesses) a.destroy()
    await closeAll(clients)
    return {
      ...resultHead(kind, cfg, failures),
      idleRssMb,
      connectAllMs,
      synced: cfg.participants - notSynced,
      latencyMs: summarize(deliveries.latencies.values()),
      reachAllMs: summarize(complete.map((e) => e.lastAt - e.sentAt)),
      expected,
      delivered: deliveries.delivered,
      contentMatches,
      serverCpuS: round(cpuEnd - cpuStart),
      peakRssMb,
      presenceMessagesSent,
      sessionChangeMs: isPlank ? summarize(changeLatencies.values()) : null,
      sessionChangeReachAllMs: isPlank ? summarize(changeReachAll) : null,
      sessionChanges: { sent: sessionChangesSent, reachedAll: sessionChangesReachedAll },
      http: { ...http, latencyMs: isPlank ? summarize(httpLatency.values()) : null },
      handGovBytes,
      receivedByOne: received,
      closedByServer,
      bench,
    }
  })
}
