/**
 * Issue 17: one platform served by three instances (PostgreSQL + Redis)
 * against one instance, with the same 600 clients. Three set-ups, each on a
 * fresh server (and a fresh database):
 *
 * - `sqlite`: one instance on SQLite, `npm start`'s default;
 * - `postgres`: one instance on PostgreSQL, no Redis (the store's cost alone);
 * - `cluster`: three instances on PostgreSQL and Redis, client i on instance
 *   i mod 3, the writers too (writer w on instance w mod 3), so two thirds of
 *   every edit's deliveries cross instances through Redis.
 *
 * Two phases:
 * 1. latency: `writers` writers at `editsPerSecond` each for `durationS`;
 *    edit → arrival at each other client, split into deliveries on the
 *    writer's own instance and on another one;
 * 2. throughput: each writer sends `burstEditsPerWriter` edits as fast as its
 *    socket takes them; edits ÷ the time until the last client had the last
 *    one (end-to-end: accepted, stored, fanned out to all 600).
 *
 * CPU of each instance, of PostgreSQL (postmaster and backends) and of Redis,
 * per phase, from /proc.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { RunningPostgres } from '../../tests/helpers/postgres.js'
import type { RunningRedis } from '../../tests/helpers/redis.js'
import { childPids } from '../../tests/helpers/service-process.js'
import { LoadClient, sleep } from '../load-client.js'
import { cpuSeconds, memory } from '../proc.js'
import { type RunningServer, startPlankCluster, startServer } from '../servers.js'
import { round, Samples, type Summary, summarize } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, closeAll, connectTimed, LoopMonitor, waitUntil } from './common.js'
import { EditDeliveries, type SentEdit } from './deliveries.js'
import { endOfRunFailures } from './outcome.js'

export type ClusterSetup = 'sqlite' | 'postgres' | 'cluster'
export const CLUSTER_SETUPS: readonly ClusterSetup[] = ['sqlite', 'postgres', 'cluster']
const INSTANCES: Record<ClusterSetup, number> = { sqlite: 1, postgres: 1, cluster: 3 }

export interface ClusterConfig {
  clients: number
  writers: number
  editsPerSecond: number
  durationS: number
  burstEditsPerWriter: number
}

/** CPU seconds of one phase. */
export interface PhaseCpu {
  /** Each Plank instance, in instance order. */
  instancesS: number[]
  /** PostgreSQL's postmaster and backends; null on SQLite. */
  postgresS: number | null
  /** Redis; null without it. */
  redisS: number | null
  /** All of the above. */
  totalS: number
}

export interface ClusterResult extends ClusterConfig {
  setup: ClusterSetup
  instances: number
  ok: boolean
  failures: string[]
  connectAllMs: number
  /** Latency phase: every (edit, receiving client) pair. */
  latencyMs: Summary
  /** Latency phase: deliveries to clients on the writer's own instance. */
  sameInstanceMs: Summary
  /** Latency phase: deliveries to clients on another instance (through Redis); count 0 with one instance. */
  crossInstanceMs: Summary
  /** Latency phase: each edit until the last other client had it. */
  reachAllMs: Summary
  expected: number
  delivered: number
  latencyCpu: PhaseCpu
  throughput: { edits: number; ms: number; editsPerS: number; deliveriesPerS: number; delivered: number; expected: number }
  throughputCpu: PhaseCpu
  /** Clients whose final document equals the first writer's (after both phases). */
  contentMatches: number
  peakRssMb: number[]
  bench: { eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number; benchCpuS: number }
}

export interface ClusterServices {
  postgres: RunningPostgres
  redis: RunningRedis
}

interface CpuReader {
  read(): PhaseCpu
}

/** Reads the CPU of the instances and services, as differences from when it was made. */
function cpuSince(servers: RunningServer[], postgresPid: number | null, redisPid: number | null): CpuReader {
  const postgres = (): number | null => {
    if (postgresPid === null) return null
    // Backends are the postmaster's children; Plank holds its connections for the whole run.
    return [postgresPid, ...childPids(postgresPid)].reduce((s, pid) => s + (cpuSeconds(pid) ?? 0), 0)
  }
  const now = () => ({
    instances: servers.map((s) => cpuSeconds(s.pid) ?? 0),
    postgres: postgres(),
    redis: redisPid === null ? null : (cpuSeconds(redisPid) ?? 0),
  })
  const start = now()
  return {
    read() {
      const end = now()
      const instancesS = end.instances.map((v, i) => round(v - start.instances[i]!))
      const postgresS = end.postgres === null || start.postgres === null ? null : round(end.postgres - start.postgres)
      const redisS = end.redis === null || start.redis === null ? null : round(end.redis - start.redis)
      const totalS = round(instancesS.reduce((a, b) => a + b, 0) + (postgresS ?? 0) + (redisS ?? 0))
      return { instancesS, postgresS, redisS, totalS }
    },
  }
}

interface Edit extends SentEdit {
  phase: 'latency' | 'burst'
}

export async function runCluster(setup: ClusterSetup, cfg: ClusterConfig, services: ClusterServices): Promise<ClusterResult> {
  const t0 = Date.now()
  const log = (msg: string): void => console.log(`[cluster ${setup}] +${((Date.now() - t0) / 1000).toFixed(1)}s ${msg}`)
  const d = benchDoc(0)
  const databaseUrl = setup === 'sqlite' ? null : await services.postgres.createDatabase('bench')
  let servers: RunningServer[] = []
  try {
    if (setup === 'cluster') {
      servers = await startPlankCluster(INSTANCES.cluster, { docs: [d], shared: { databaseUrl: databaseUrl!, redisUrl: services.redis.url } })
    } else {
      servers = [await startServer('plank', { docs: [d], shared: databaseUrl ? { databaseUrl, redisUrl: null } : undefined })]
    }
    log(`${servers.length} instance(s) on ports ${servers.map((s) => s.port).join(', ')}`)
    return await measure(setup, cfg, servers, setup === 'sqlite' ? null : services.postgres.pid(), setup === 'cluster' ? services.redis.pid() : null, log)
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
    if (databaseUrl) await services.postgres.dropDatabase(databaseUrl)
  }
}

async function measure(
  setup: ClusterSetup,
  cfg: ClusterConfig,
  servers: RunningServer[],
  postgresPid: number | null,
  redisPid: number | null,
  log: (msg: string) => void,
): Promise<ClusterResult> {
  const d = benchDoc(0)
  const n = servers.length
  const failures: string[] = []
  const deliveries = new EditDeliveries<Edit>()
  const writerInstance = new Map<number, number>()
  const same = new Samples()
  const cross = new Samples()
  let phase: Edit['phase'] = 'latency'

  const makeClient = (i: number): LoadClient => {
    const instance = i % n
    const receive = deliveries.receiver((writerId, ms) => {
      if (phase !== 'latency') return
      if (writerInstance.get(writerId) === instance) same.push(ms)
      else cross.push(ms)
    })
    const client: LoadClient = new LoadClient({
      ...servers[instance]!.target(d),
      mode: i < cfg.writers ? 'apply' : 'record',
      onUpdate: (update, at) => receive(update, at, client.doc.clientID),
    })
    return client
  }
  const { clients, connectAllMs } = await connectTimed(cfg.clients, makeClient, failures, log)
  const writers = clients.slice(0, cfg.writers)
  for (const [wi, w] of writers.entries()) writerInstance.set(w.doc.clientID, wi % n)
  const texts = writers.map((w) => addParagraph(w.doc, d))
  const sent = writers.map((w) => deliveries.addWriter(w.doc.clientID))
  await sleep(1500) // the paragraphs reach everyone before the timed edits

  // Phase 1: latency at a steady rate.
  const editsPerWriter = Math.round(cfg.editsPerSecond * cfg.durationS)
  const expected = editsPerWriter * cfg.writers * (cfg.clients - 1)
  const periodMs = 1000 / cfg.editsPerSecond
  const loop = new LoopMonitor()
  let cpu = cpuSince(servers, postgresPid, redisPid)
  log(`latency: ${cfg.writers} writers x ${editsPerWriter} edits`)
  await Promise.all(
    writers.map(async (w, wi) => {
      await sleep((periodMs / cfg.writers) * wi)
      const start = performance.now()
      for (let k = 0; k < editsPerWriter; k++) {
        const wait = start + k * periodMs - performance.now()
        if (wait > 0) await sleep(wait)
        const sentAt = performance.now()
        texts[wi]!.insert(texts[wi]!.length, `w${wi}e${k} `)
        sent[wi]!.push({ phase: 'latency', sentAt, endClock: Y.getState(w.doc.store, w.doc.clientID), deliveries: 0, lastAt: 0 })
      }
    }),
  )
  if (
    !(await waitUntil(
      () => deliveries.delivered >= expected,
      () => deliveries.delivered,
      10_000,
    ))
  )
    failures.push(`latency phase: delivered ${deliveries.delivered} of ${expected} (stalled 10 s)`)
  const latencyCpu = cpu.read()
  const latencyDelivered = deliveries.delivered
  const reachAll = deliveries
    .reachedAll(cfg.clients - 1)
    .filter((e) => e.phase === 'latency')
    .map((e) => e.lastAt - e.sentAt)
  log(`latency: delivered ${latencyDelivered}/${expected}, p99 same ${summarize(same.values()).p99} ms, cross ${summarize(cross.values()).p99} ms`)

  // Phase 2: throughput, every writer as fast as its socket takes edits.
  phase = 'burst'
  await sleep(1000)
  const burstEdits = cfg.burstEditsPerWriter * cfg.writers
  const burstExpected = latencyDelivered + burstEdits * (cfg.clients - 1)
  cpu = cpuSince(servers, postgresPid, redisPid)
  const burstStart = performance.now()
  await Promise.all(
    writers.map(async (w, wi) => {
      for (let k = 0; k < cfg.burstEditsPerWriter; k++) {
        while (w.bufferedAmount > 64 * 1024) await sleep(1)
        texts[wi]!.insert(texts[wi]!.length, `b${wi}e${k} `)
        sent[wi]!.push({ phase: 'burst', sentAt: performance.now(), endClock: Y.getState(w.doc.store, w.doc.clientID), deliveries: 0, lastAt: 0 })
        // Let the other writers and the socket run between edits, as separate people's clients would.
        await new Promise<void>((r) => setImmediate(r))
      }
    }),
  )
  const burstDrained = await waitUntil(
    () => deliveries.delivered >= burstExpected,
    () => deliveries.delivered,
    10_000,
  )
  const throughputCpu = cpu.read()
  const bench = loop.stop()
  if (!burstDrained) failures.push(`throughput phase: delivered ${deliveries.delivered} of ${burstExpected} (stalled 10 s)`)
  const burstLast = sent.flat().reduce((m, e) => (e.phase === 'burst' ? Math.max(m, e.lastAt) : m), burstStart)
  const burstMs = burstLast - burstStart
  const burstDelivered = deliveries.delivered - latencyDelivered
  const throughput = {
    edits: burstEdits,
    ms: round(burstMs),
    editsPerS: round(burstEdits / (burstMs / 1000)),
    deliveriesPerS: round(burstDelivered / (burstMs / 1000)),
    delivered: burstDelivered,
    expected: burstExpected - latencyDelivered,
  }
  log(`throughput: ${throughput.editsPerS} edits/s to all ${cfg.clients} (${throughput.deliveriesPerS} deliveries/s)`)

  // Every client must hold the writers' text (outside the timed phases).
  const reference = bodyOf(writers[0]!.doc, d).toString()
  let contentMatches = 0
  for (const c of clients) if (bodyOf(c.materialize(), d).toString() === reference) contentMatches++
  if (contentMatches !== clients.length) failures.push(`${clients.length - contentMatches} clients hold different content`)
  for (const [k, s] of servers.entries()) {
    endOfRunFailures(
      clients.filter((_, i) => i % n === k),
      s,
      failures,
    )
  }
  const peakRssMb = servers.map((s) => round(memory(s.pid)?.hwmMb ?? 0))
  await closeAll(clients)
  return {
    setup,
    instances: n,
    ...cfg,
    ok: failures.length === 0,
    failures,
    connectAllMs,
    latencyMs: summarize([...same.values(), ...cross.values()]),
    sameInstanceMs: summarize(same.values()),
    crossInstanceMs: summarize(cross.values()),
    reachAllMs: summarize(reachAll),
    expected,
    delivered: latencyDelivered,
    latencyCpu,
    throughput,
    throughputCpu,
    contentMatches,
    peakRssMb,
    bench,
  }
}
