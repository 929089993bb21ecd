/** Pieces every scenario uses: documents, server lifecycle, closing clients. */
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { connectAll, type LoadClient, sleep, withTimeout } from '../load-client.js'
import { memory, RssSampler } from '../proc.js'
import { startServer, type BenchDoc, type RunningServer, type ServerKind, type StartOptions } from '../servers.js'
import { round } from '../stats.js'

export const benchDoc = (i: number): BenchDoc => ({ platformId: `bench-${i}`, sectionId: `sec-${i}` })

/**
 * The section body, the only root Plank lets a client write. The peer accepts
 * any root; writing the same one keeps the two runs identical.
 */
export const bodyOf = (doc: Y.Doc, d: BenchDoc): Y.XmlFragment => doc.getXmlFragment(sectionRoot(d.sectionId))

/** Appends a paragraph holding one text node (as Tiptap would) and returns that text. */
export function addParagraph(doc: Y.Doc, d: BenchDoc, text = ''): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph')
  const node = new Y.XmlText()
  if (text) node.insert(0, text)
  paragraph.insert(0, [node])
  const body = bodyOf(doc, d)
  body.insert(body.length, [paragraph])
  return node
}

export interface Harness {
  server: RunningServer
  rss: RssSampler
  log: (msg: string) => void
}

/** Starts a fresh server, runs `body`, and always stops the server. */
export async function withServer<T>(kind: ServerKind, label: string, opts: StartOptions, body: (h: Harness) => Promise<T>): Promise<T> {
  const t0 = Date.now()
  const log = (msg: string): void => console.log(`[${label} ${kind}] +${((Date.now() - t0) / 1000).toFixed(1)}s ${msg}`)
  const server = await startServer(kind, opts)
  log(`server pid ${server.pid} on port ${server.port}, RSS ${memory(server.pid)?.rssMb.toFixed(1)} MB`)
  const rss = new RssSampler(server.pid)
  rss.start()
  try {
    return await body({ server, rss, log })
  } finally {
    rss.stop()
    if (server.exit) log(`server had exited: ${JSON.stringify(server.exit)}\n${server.logTail()}`)
    await server.stop()
  }
}

/**
 * Connects `count` clients (20 at a time) and times it; clients that never
 * synced are a failure. `who` names them in the log line.
 */
export async function connectTimed(
  count: number,
  make: (i: number) => LoadClient,
  failures: string[],
  log: (msg: string) => void,
  who = 'clients',
): Promise<{ clients: LoadClient[]; connectAllMs: number; notSynced: number }> {
  const t0 = performance.now()
  const clients = await connectAll(count, make, 20)
  const connectAllMs = round(performance.now() - t0)
  const notSynced = clients.filter((c) => c.syncedAt === null).length
  if (notSynced) failures.push(`${notSynced} of ${count} clients never synced`)
  log(`${count - notSynced}/${count} ${who} synced in ${connectAllMs} ms`)
  return { clients, connectAllMs, notSynced }
}

/** Closes clients politely, then drops any the server does not let go of. */
export async function closeAll(clients: LoadClient[], timeoutMs = 10_000): Promise<void> {
  await withTimeout(Promise.all(clients.map((c) => c.close())), timeoutMs).catch(() => {
    for (const c of clients) if (!c.closed) c.terminate()
  })
}

/** Close codes of clients the server disconnected (we had not asked), counted by code. */
export function unexpectedCloses(clients: LoadClient[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const c of clients) {
    if (c.closed) {
      const key = `${c.closed.code}${c.closed.reason ? ` ${c.closed.reason}` : ''}`
      counts[key] = (counts[key] ?? 0) + 1
    }
  }
  return counts
}

/** Waits until `done()` or until nothing changed in `progress()` for `stallMs`. */
export async function waitUntil(done: () => boolean, progress: () => number, stallMs: number, pollMs = 50): Promise<boolean> {
  let last = progress()
  let lastChange = Date.now()
  while (!done()) {
    await sleep(pollMs)
    const p = progress()
    if (p !== last) {
      last = p
      lastChange = Date.now()
    } else if (Date.now() - lastChange > stallMs) return false
  }
  return true
}

/** The load generator's own event-loop delay: if it is high, client lag inflates latencies. */
export class LoopMonitor {
  private readonly h: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 })
  private readonly cpu0 = process.cpuUsage()
  constructor() {
    this.h.enable()
  }
  stop(): { eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number; benchCpuS: number } {
    this.h.disable()
    const cpu = process.cpuUsage(this.cpu0)
    return {
      eventLoopDelayP99Ms: round(this.h.percentile(99) / 1e6),
      eventLoopDelayMaxMs: round(this.h.max / 1e6),
      benchCpuS: round((cpu.user + cpu.system) / 1e6),
    }
  }
}

export const gcNow = (): void => {
  // Started with --expose-gc so each scenario begins without the last one's garbage.
  globalThis.gc?.()
}

export interface ApiAnswer {
  status: number
  /** The parsed JSON body, the raw text when it is not JSON, or null when empty. */
  json: unknown
  ms: number
}

/** A timed call to one platform's HTTP API as a signed-in person (the cookie), from the server's own origin. */
export function platformApi(baseUrl: string, platformId: string) {
  return async (method: string, path: string, cookie: string, body?: unknown): Promise<ApiAnswer> => {
    const t = performance.now()
    const res = await fetch(`${baseUrl}/api/platforms/${platformId}${path}`, {
      method,
      headers: { cookie, origin: baseUrl, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    })
    const text = await res.text()
    const ms = performance.now() - t
    if (!text) return { status: res.status, json: null, ms }
    try {
      return { status: res.status, json: JSON.parse(text) as unknown, ms }
    } catch {
      return { status: res.status, json: text, ms }
    }
  }
}
