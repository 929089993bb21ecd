/**
 * Connect storm: one client writes ~1 MB of text in 2,000 updates of 500
 * characters and stays connected; once a fresh client's sync proves the
 * server holds all of it, 200 clients join at the same moment. Measured: time from the storm's start
 * until each client has its sync step 2 (the whole document).
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { LoadClient, sleep, withTimeout } from '../load-client.js'
import { cpuSeconds, memory } from '../proc.js'
import type { ServerKind } from '../servers.js'
import { round, summarize, type Summary } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, closeAll, withServer } from './common.js'
import { endOfRunFailures, resultHead } from './outcome.js'

export interface StormConfig {
  clients: number
  historyUpdates: number
  charsPerUpdate: number
}

export interface StormResult extends StormConfig {
  server: ServerKind
  ok: boolean
  failures: string[]
  /** Writing the history until a new client's sync held all of it. */
  historyMs: number
  historyStateBytes: number
  synced: number
  /** Per client: storm start to its sync step 2. */
  syncMs: Summary
  /** Storm start until the last client was synced. */
  totalMs: number
  /** Clients whose sync step 2 held the whole history. */
  complete: number
  serverCpuS: number
  /** RSS peak while the 200 clients joined (sampled every 250 ms and once after the last reply): the storm's own cost. */
  stormPeakRssMb: number
  /** VmHWM before the storm: the peak of writing the history. */
  historyPeakRssMb: number
  /** VmHWM of the process: the higher of the two phases. */
  peakRssMb: number
  rssBeforeStormMb: number
  idleRssMb: number
  closedByServer: Record<string, number>
}

/** Deterministic filler text: varied enough not to be a degenerate case. */
function chunk(n: number, len: number): string {
  const words = ['platform', 'housing', 'transit', 'wages', 'coalition', 'vote', 'clinic', 'school', 'park', 'water']
  let s = ''
  for (let i = 0; s.length < len; i++) s += `${words[(n * 7 + i * 3) % words.length]} `
  return s.slice(0, len)
}

export async function runConnectStorm(kind: ServerKind, cfg: StormConfig): Promise<StormResult> {
  const d = benchDoc(0)
  return withServer(kind, 'storm', { docs: [d] }, async ({ server, rss, log }) => {
    const idleRssMb = round(rss.sample())
    const failures: string[] = []

    // 1. The history: separate updates, as a long editing session leaves them.
    const h0 = performance.now()
    const seed = new LoadClient({ ...server.target(d), mode: 'apply' })
    await withTimeout(seed.synced, 20_000)
    const text = addParagraph(seed.doc, d)
    for (let i = 0; i < cfg.historyUpdates; i++) {
      text.insert(text.length, chunk(i, cfg.charsPerUpdate))
      // Let the socket drain now and then rather than queueing 1 MB at once.
      if (i % 100 === 99 && !(await seed.flushed())) failures.push('seed client could not flush')
    }
    await seed.flushed()
    const seedId = seed.doc.clientID
    const finalClock = Y.getState(seed.doc.store, seedId)
    const expectedChars = bodyOf(seed.doc, d).toString().length
    // Only Hocuspocus needs it, but for all servers alike: the writer stays connected until
    // after the storm (Hocuspocus without extensions drops a document once its last client
    // leaves, history and all).

    // 2. Proof the server holds it all: a new client's sync carries the seed's last clock.
    let historyStateBytes = 0
    const proofDeadline = performance.now() + 60_000
    for (;;) {
      const probe = new LoadClient({ ...server.target(d), mode: 'record' })
      const ok = await withTimeout(probe.synced, 20_000).then(
        () => true,
        () => false,
      )
      const step2 = probe.received[0]
      const clock = ok && step2 ? Y.parseUpdateMeta(step2).to.get(seedId) : undefined
      historyStateBytes = probe.step2Bytes
      await probe.close()
      if (clock === finalClock) break
      if (performance.now() > proofDeadline) {
        failures.push(`server never held the whole history (clock ${clock} of ${finalClock})`)
        break
      }
      await sleep(500)
    }
    const historyMs = round(performance.now() - h0)
    log(`history: ${cfg.historyUpdates} updates, ${expectedChars} chars, sync ${historyStateBytes} bytes, in ${historyMs} ms`)

    // 3. The storm.
    globalThis.gc?.()
    await sleep(500)
    const rssBeforeStormMb = round(rss.sample())
    // The peak so far: writing the history (a process's VmHWM covers its whole life).
    const historyPeakRssMb = round(memory(server.pid)?.hwmMb ?? NaN)
    rss.reset()
    const cpu0 = cpuSeconds(server.pid) ?? 0
    const t0 = performance.now()
    const clients = Array.from({ length: cfg.clients }, () => new LoadClient({ ...server.target(d), mode: 'record' }))
    await withTimeout(Promise.allSettled(clients.map((c) => c.synced)), 120_000).catch(() => undefined)
    const times = clients.filter((c) => c.syncedAt !== null).map((c) => c.syncedAt! - t0)
    const totalMs = times.length === clients.length ? round(Math.max(...times)) : NaN
    await sleep(300) // one more RSS sample after the last reply was sent
    const serverCpuS = round((cpuSeconds(server.pid) ?? cpu0) - cpu0)
    const stormPeakRssMb = round(Math.max(rss.peakMb, rss.sample()))
    const peakRssMb = round(memory(server.pid)?.hwmMb ?? NaN)
    log(
      `storm: ${times.length}/${cfg.clients} synced, last at ${totalMs} ms; peak RSS ${stormPeakRssMb} MB during the storm, ${historyPeakRssMb} MB while writing the history`,
    )
    if (times.length !== clients.length) failures.push(`${clients.length - times.length} of ${clients.length} clients never synced`)

    // 4. Every reply must carry the whole history (checked after the timing).
    let complete = 0
    for (const c of clients) {
      const step2 = c.received[0]
      if (step2 && Y.parseUpdateMeta(step2).to.get(seedId) === finalClock) complete++
    }
    const sample = clients.find((c) => c.received.length > 0)
    if (sample) {
      const chars = bodyOf(sample.materialize(), d).toString().length
      if (chars !== expectedChars) failures.push(`a client's document has ${chars} chars of ${expectedChars}`)
    }
    if (complete !== clients.length) failures.push(`${clients.length - complete} clients got an incomplete document`)
    // Storm clients only read: no refusals to count, but the check costs nothing.
    const closedByServer = endOfRunFailures(clients, server, failures)
    await closeAll(clients)
    await seed.close()
    if (seed.closed && seed.closed.code !== 1005 && seed.closed.code !== 1000) failures.push(`seed closed ${seed.closed.code}`)
    return {
      ...resultHead(kind, cfg, failures),
      historyMs,
      historyStateBytes,
      synced: times.length,
      syncMs: summarize(times),
      totalMs,
      complete,
      serverCpuS,
      stormPeakRssMb,
      historyPeakRssMb,
      peakRssMb,
      rssBeforeStormMb,
      idleRssMb,
      closedByServer,
    }
  })
}
