/**
 * Fan-out: N clients on one document, 5 writers at 10 edits/s each for 15 s.
 * Latency is measured per delivery: from the writer's edit (just before it
 * is sent) to its arrival at each other client (./deliveries.ts).
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { LoadClient, sleep } from '../load-client.js'
import { cpuSeconds, memory } from '../proc.js'
import type { ServerKind } from '../servers.js'
import { round, summarize, type Summary } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, closeAll, connectTimed, LoopMonitor, waitUntil, withServer } from './common.js'
import { EditDeliveries, type SentEdit } from './deliveries.js'
import { endOfRunFailures, resultHead } from './outcome.js'

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

interface Edit extends SentEdit {
  /** Order of sending across all writers, from 1. */
  ordinal: number
}

export async function runFanout(
  kind: ServerKind,
  cfg: FanoutConfig,
  opts: { plankEnv?: Record<string, string>; plankMain?: string; label?: string } = {},
): Promise<FanoutResult> {
  const d = benchDoc(0)
  return withServer(
    kind,
    opts.label ?? `fanout n=${cfg.clients}`,
    { docs: [d], plankEnv: opts.plankEnv, plankMain: opts.plankMain },
    async ({ server, rss, log }) => {
      const cpuStart = cpuSeconds(server.pid) ?? 0
      const idleRssMb = round(rss.sample())
      const failures: string[] = []
      const deliveries = new EditDeliveries<Edit>()

      const makeClient = (i: number): LoadClient => {
        const isWriter = i < cfg.writers
        const receive = deliveries.receiver()
        const client: LoadClient = new LoadClient({
          ...server.target(d),
          mode: isWriter ? 'apply' : 'record',
          onUpdate: (update, at) => receive(update, at, client.doc.clientID),
        })
        return client
      }

      const { clients, connectAllMs } = await connectTimed(cfg.clients, makeClient, failures, log)

      const writers = clients.slice(0, cfg.writers)
      const texts = writers.map((w) => addParagraph(w.doc, d))
      const sent = writers.map((w) => deliveries.addWriter(w.doc.clientID))
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
          const list = sent[wi]!
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
      const drained = await waitUntil(
        () => deliveries.delivered >= expected,
        () => deliveries.delivered,
        10_000,
      )
      const cpuEditEnd = cpuSeconds(server.pid) ?? cpuEditStart
      const bench = loop.stop()
      const editPhasePeakRssMb = round(rss.peakMb)
      if (!drained) failures.push(`delivered ${deliveries.delivered} of ${expected} updates (stalled 10 s)`)
      log(
        `delivered ${deliveries.delivered}/${expected}; server CPU ${(cpuEditEnd - cpuEditStart).toFixed(2)} s; bench loop p99 ${bench.eventLoopDelayP99Ms} ms`,
      )

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
      const closedByServer = endOfRunFailures(clients, server, failures)

      const complete = deliveries.reachedAll(cfg.clients - 1)
      const reachAll = complete.map((e) => e.lastAt - e.sentAt)
      const slowestEdits = complete
        .sort((a, b) => b.lastAt - b.sentAt - (a.lastAt - a.sentAt))
        .slice(0, 8)
        .map((e) => ({ ordinal: e.ordinal, atS: round((e.sentAt - editStart) / 1000), reachAllMs: round(e.lastAt - e.sentAt) }))
      const peakRssMb = round(memory(server.pid)?.hwmMb ?? rss.peakMb)
      const serverCpuWholeRunS = round((cpuSeconds(server.pid) ?? cpuEditEnd) - cpuStart)
      await closeAll(clients)
      return {
        ...resultHead(kind, cfg, failures),
        idleRssMb,
        connectAllMs,
        latencyMs: summarize(deliveries.latencies.values()),
        reachAllMs: summarize(reachAll),
        slowestEdits,
        expected,
        delivered: deliveries.delivered,
        contentMatches,
        serverCpuS: round(cpuEditEnd - cpuEditStart),
        serverCpuWholeRunS,
        peakRssMb,
        editPhasePeakRssMb,
        closedByServer,
        bench,
      }
    },
  )
}
