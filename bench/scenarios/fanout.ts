/**
 * Fan-out: N clients on one document, 5 writers at 10 edits/s each for 15 s.
 * Latency is measured per delivery: from the writer's edit (just before it
 * is sent) to its arrival at each other client. Arrival is detected from the
 * Yjs clocks in the received update (Y.parseUpdateMeta), which also works
 * when a server merges several updates into one message.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { connectAll, LoadClient, sleep } from '../load-client.js'
import { cpuSeconds, memory } from '../proc.js'
import type { ServerKind } from '../servers.js'
import { round, Samples, summarize, type Summary } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, closeAll, LoopMonitor, unexpectedCloses, waitUntil, withServer } from './common.js'

export interface FanoutConfig {
  clients: number
  writers: number
  editsPerSecond: number
  durationS: number
}

export interface FanoutResult extends FanoutConfig {
  server: ServerKind
  ok: boolean
  failures: string[]
  idleRssMb: number
  connectAllMs: number
  /** Every (edit, receiving client) pair: edit to arrival. */
  latencyMs: Summary
  /** Every edit: until the last other client had it. */
  reachAllMs: Summary
  expected: number
  delivered: number
  /**
   * The edits that took longest to reach everyone, with their place in the
   * sending order: stalls that recur every k-th update point at the server's
   * storage (a checkpoint, a compaction) rather than at the network.
   */
  slowestEdits: Array<{ ordinal: number; atS: number; reachAllMs: number }>
  /** Clients whose final document equals the writers' (content check after the run). */
  contentMatches: number
  serverCpuS: number
  serverCpuWholeRunS: number
  peakRssMb: number
  editPhasePeakRssMb: number
  closedByServer: Record<string, number>
  bench: { eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number; benchCpuS: number }
}

interface Edit {
  /** Order of sending across all writers, from 1. */
  ordinal: number
  sentAt: number
  /** The writer's clock after this edit: an update carrying clock >= this carries the edit. */
  endClock: number
  deliveries: number
  lastAt: number
}

export async function runFanout(kind: ServerKind, cfg: FanoutConfig, opts: { plankEnv?: Record<string, string>; label?: string } = {}): Promise<FanoutResult> {
  const d = benchDoc(0)
  return withServer(kind, opts.label ?? `fanout n=${cfg.clients}`, { docs: [d], plankEnv: opts.plankEnv }, async ({ server, rss, log }) => {
    const cpuStart = cpuSeconds(server.pid) ?? 0
    const idleRssMb = round(rss.sample())
    const failures: string[] = []
    const edits = new Map<number, Edit[]>() // by writer clientID
    const latencies = new Samples()
    let delivered = 0

    const makeClient = (i: number): LoadClient => {
      const isWriter = i < cfg.writers
      // Per receiving client: index of the first edit of each writer it has not seen yet.
      const next = new Map<number, number>()
      const client: LoadClient = new LoadClient({
        ...server.target(d),
        mode: isWriter ? 'apply' : 'record',
        onUpdate: (update, at) => {
          for (const [writerId, clock] of Y.parseUpdateMeta(update).to) {
            if (writerId === client.doc.clientID) continue // the peer echoes updates to their sender
            const list = edits.get(writerId)
            if (!list) continue
            let k = next.get(writerId) ?? 0
            while (k < list.length && list[k]!.endClock <= clock) {
              const e = list[k]!
              latencies.push(at - e.sentAt)
              e.deliveries++
              e.lastAt = at
              delivered++
              k++
            }
            next.set(writerId, k)
          }
        },
      })
      return client
    }

    const t0 = performance.now()
    const clients = await connectAll(cfg.clients, makeClient, 20)
    const connectAllMs = round(performance.now() - t0)
    const notSynced = clients.filter((c) => c.syncedAt === null).length
    if (notSynced) failures.push(`${notSynced} of ${cfg.clients} clients never synced`)
    log(`${cfg.clients - notSynced}/${cfg.clients} clients synced in ${connectAllMs} ms`)

    const writers = clients.slice(0, cfg.writers)
    const texts = writers.map((w) => addParagraph(w.doc, d))
    for (const w of writers) edits.set(w.doc.clientID, [])
    await sleep(1000) // let the paragraphs reach everyone before the timed edits

    const editsPerWriter = Math.round(cfg.editsPerSecond * cfg.durationS)
    const expected = editsPerWriter * cfg.writers * (cfg.clients - 1)
    const periodMs = 1000 / cfg.editsPerSecond
    let ordinal = 0
    let editStart = 0
    const loop = new LoopMonitor()
    rss.reset()
    const cpuEditStart = cpuSeconds(server.pid) ?? 0
    log(`editing: ${cfg.writers} writers x ${editsPerWriter} edits`)
    editStart = performance.now()
    // Writers are staggered across the period, as independent people would be.
    await Promise.all(
      writers.map(async (w, wi) => {
        await sleep((periodMs / cfg.writers) * wi)
        const text = texts[wi]!
        const list = edits.get(w.doc.clientID)!
        const start = performance.now()
        for (let n = 0; n < editsPerWriter; n++) {
          const due = start + n * periodMs
          const wait = due - performance.now()
          if (wait > 0) await sleep(wait)
          const sentAt = performance.now()
          text.insert(text.length, `w${wi}e${n} `)
          list.push({ ordinal: ++ordinal, sentAt, endClock: Y.getState(w.doc.store, w.doc.clientID), deliveries: 0, lastAt: 0 })
        }
      }),
    )
    const drained = await waitUntil(() => delivered >= expected, () => delivered, 10_000)
    const cpuEditEnd = cpuSeconds(server.pid) ?? cpuEditStart
    const bench = loop.stop()
    const editPhasePeakRssMb = round(rss.peakMb)
    if (!drained) failures.push(`delivered ${delivered} of ${expected} updates (stalled 10 s)`)
    log(`delivered ${delivered}/${expected}; server CPU ${(cpuEditEnd - cpuEditStart).toFixed(2)} s; bench loop p99 ${bench.eventLoopDelayP99Ms} ms`)

    // Content check, outside the timed phase: every client must hold the writers' text.
    const reference = bodyOf(writers[0]!.doc, d).toString()
    let contentMatches = 0
    for (const c of clients) {
      try {
        if (bodyOf(c.materialize(), d).toString() === reference) contentMatches++
      } catch (err) {
        failures.push(`content check threw: ${(err as Error).message}`)
      }
    }
    if (contentMatches !== clients.length) failures.push(`${clients.length - contentMatches} clients hold different content`)
    const closedByServer = unexpectedCloses(clients)
    if (Object.keys(closedByServer).length) failures.push(`server closed clients: ${JSON.stringify(closedByServer)}`)
    const refusals = clients.reduce((n, c) => n + c.refusals.length, 0)
    if (refusals) failures.push(`${refusals} updates refused`)
    if (server.exit) failures.push(`server exited: ${JSON.stringify(server.exit)}`)

    const complete = [...edits.values()].flat().filter((e) => e.deliveries === cfg.clients - 1)
    const reachAll = complete.map((e) => e.lastAt - e.sentAt)
    const slowestEdits = complete
      .sort((a, b) => b.lastAt - b.sentAt - (a.lastAt - a.sentAt))
      .slice(0, 8)
      .map((e) => ({ ordinal: e.ordinal, atS: round((e.sentAt - editStart) / 1000), reachAllMs: round(e.lastAt - e.sentAt) }))
    const peakRssMb = round(memory(server.pid)?.hwmMb ?? rss.peakMb)
    const serverCpuWholeRunS = round((cpuSeconds(server.pid) ?? cpuEditEnd) - cpuStart)
    await closeAll(clients)
    return {
      server: kind,
      ...cfg,
      ok: failures.length === 0,
      failures,
      idleRssMb,
      connectAllMs,
      latencyMs: summarize(latencies.values()),
      reachAllMs: summarize(reachAll),
      slowestEdits,
      expected,
      delivered,
      contentMatches,
      serverCpuS: round(cpuEditEnd - cpuEditStart),
      serverCpuWholeRunS,
      peakRssMb,
      editPhasePeakRssMb,
      closedByServer,
      bench,
    }
  })
}
