/**
 * Trace replay (issue 12): Kleppmann's automerge-paper trace (259,778
 * single-character edits, bench/traces/) replayed by one writer as fast as
 * its socket takes it, with five readers on the same document. Backpressure
 * is the socket's own: the writer pauses while `bufferedAmount` is above a
 * high-water mark and yields to the event loop every few edits (so it reads
 * what the server sends, pings included, and the readers in this process
 * read theirs).
 *
 * Measured: every edit delivered (each reader's text equals the writer's and
 * the trace's end), replay time (first edit → every reader has the last) and
 * server CPU; Plank's SQLite WAL size, sampled every 100 ms; a fresh client's
 * sync time after the replay; and the time from restarting the server process
 * until a client is synced with the whole text again.
 *
 * The Plank writer connects as a non-browser client with a credential that
 * survives a reconnect: a personal access token (POST /api/tokens, `?token=`,
 * issue 12 item 8), so that a server that drops the busy writer does not
 * strand it. Against a build without tokens (404) it falls back to a
 * single-use ticket (POST /api/tickets, `?ticket=`), fetched again for every
 * reconnect. The readers send the bench session cookie like every other load
 * client.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { gunzipSync } from 'node:zlib'
import * as Y from 'yjs'
import { LoadClient, sleep, withTimeout } from '../load-client.js'
import { cpuSeconds, memory } from '../proc.js'
import { REPO_ROOT, type RunningServer, type ServerKind } from '../servers.js'
import { round, summarize, type Summary } from '../stats.js'
import { addParagraph, benchDoc, bodyOf, closeAll, LoopMonitor, withServer } from './common.js'
import { resultHead } from './outcome.js'

export const TRACE_FILE = join(REPO_ROOT, 'bench/traces/automerge-paper.json.gz')

export interface TraceConfig {
  /** Replay only the first `edits` edits (BENCH_TRACE_EDITS); 0 = the whole trace. */
  edits: number
  readers: number
  /** The writer pauses while its socket buffers more than this. */
  highWaterBytes: number
  /** ... and yields to the event loop at least every this many edits. */
  yieldEvery: number
  freshSyncs: number
}

export interface TraceResult extends TraceConfig {
  server: ServerKind
  ok: boolean
  failures: string[]
  editsReplayed: number
  finalChars: number
  /** First edit → every reader holds the last edit. */
  replayMs: number
  /** First edit → the writer has handed the last edit to its socket. */
  writerDoneMs: number
  serverCpuS: number
  peakRssMb: number
  /** Readers whose text equals the writer's (and the trace's end) afterwards. */
  readersMatching: number
  /** Times the writer lost its connection and came back (fresh credential each time). */
  writerReconnects: number
  writerCloses: string[]
  /** Plank: how the writer authenticated ('token' or 'ticket'); 'none' for the peers. */
  writerCredential: string
  /** Plank: the SQLite -wal file, sampled every 100 ms during the replay and until the readers had it all. */
  walMaxMb: number | null
  walEndMb: number | null
  dbMb: number | null
  /** Fresh clients, one after another, after the replay: connect → sync step 2 with the whole text. */
  freshSyncMs: Summary
  freshSyncBytes: number
  /** Server restarted (SIGTERM, start again): new process spawned → a client synced. */
  restartToSyncedMs: number
  /** Whether that client got the whole text back (the in-memory peer keeps nothing). */
  restartIntact: boolean
  bench: { eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number; benchCpuS: number }
}

type Patch = [number, number, string]
interface Trace {
  endContent: string
  txns: Array<{ patches: Patch[] }>
}

let cached: { patches: Patch[]; endContent: string } | null = null
/** The trace's patches, in order (each txn of this trace holds one). */
export function loadTrace(): { patches: Patch[]; endContent: string } {
  if (!cached) {
    const trace = JSON.parse(gunzipSync(readFileSync(TRACE_FILE)).toString('utf8')) as Trace
    cached = { patches: trace.txns.flatMap((t) => t.patches), endContent: trace.endContent }
  }
  return cached
}

/** The text after the first `n` patches (the trace's end when n covers it all). */
function expectedText(patches: Patch[], n: number, endContent: string): string {
  if (n >= patches.length) return endContent
  let s = ''
  for (let i = 0; i < n; i++) {
    const [pos, del, ins] = patches[i]!
    s = s.slice(0, pos) + ins + s.slice(pos + del)
  }
  return s
}

/**
 * Plank: the query string that authenticates a non-browser writer. A personal
 * access token, made once and reused for every reconnect; where the server has
 * no tokens (404), a fresh single-use ticket each time (the DESIGN's `?ticket=`).
 */
function writerCredential(server: RunningServer, platformId: string, cookie: string): { query: () => Promise<string>; kind: () => string } {
  let token: string | null = null
  let kind = 'unknown'
  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie, origin: server.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  return {
    kind: () => kind,
    query: async () => {
      if (token) return `token=${encodeURIComponent(token)}`
      if (kind !== 'ticket') {
        const res = await post('/api/tokens', { platformId, role: 'delegate', name: 'bench trace writer' })
        if (res.status === 201) {
          token = ((await res.json()) as { token: string }).token
          kind = 'token'
          return `token=${encodeURIComponent(token)}`
        }
        if (res.status !== 404) throw new Error(`POST /api/tokens answered ${res.status}: ${await res.text()}`)
        kind = 'ticket'
      }
      const res = await post('/api/tickets', { platformId })
      if (res.status !== 200) throw new Error(`POST /api/tickets answered ${res.status}`)
      return `ticket=${encodeURIComponent(((await res.json()) as { ticket: string }).ticket)}`
    },
  }
}

const fileMb = (path: string): number | null => {
  try {
    return statSync(path).size / 2 ** 20
  } catch {
    return null
  }
}

export async function runTraceReplay(kind: ServerKind, cfg: TraceConfig): Promise<TraceResult> {
  const d = benchDoc(0)
  const { patches: all, endContent } = loadTrace()
  const patches = cfg.edits > 0 ? all.slice(0, cfg.edits) : all
  const expected = expectedText(all, patches.length, endContent)
  return withServer(kind, `trace n=${patches.length}`, { docs: [d] }, async ({ server, rss, log }) => {
    const failures: string[] = []
    const target = server.target(d)
    const cookie = target.headers.Cookie ?? ''

    // The writer: one Y.Doc that outlives its connections.
    const writerDoc = new Y.Doc()
    let writer: LoadClient | undefined
    const refused: string[] = []
    let writerReconnects = 0
    const writerCloses: string[] = []
    const credential = writerCredential(server, d.platformId, cookie)
    const connectWriter = async (): Promise<LoadClient> => {
      const url = kind === 'plank' ? `${target.url}?${await credential.query()}` : target.url
      // No cookie for Plank's writer: the token (or ticket) is its credential. It records nothing (it is the only writer; what comes back is its own).
      const c = new LoadClient({ ...target, url, headers: {}, doc: writerDoc, mode: 'record', recordWhen: () => false })
      await withTimeout(c.synced, 30_000)
      if (writer) refused.push(...writer.refusals) // the connection it replaces
      return c
    }
    writer = await connectWriter()
    const text = addParagraph(writerDoc, d)
    await writer.flushed()

    // Readers: record what arrives; the writer's clock in each update says how far they are.
    const writerId = writerDoc.clientID
    const seen: number[] = []
    const readers = Array.from({ length: cfg.readers }, (_, i) => {
      seen[i] = 0
      return new LoadClient({
        ...target,
        mode: 'record',
        onUpdate: (update) => {
          const clock = Y.parseUpdateMeta(update).to.get(writerId)
          if (clock !== undefined && clock > seen[i]!) seen[i] = clock
        },
      })
    })
    await withTimeout(Promise.all(readers.map((r) => r.synced)), 30_000)

    // WAL sampling (Plank).
    const walPath = server.sqlitePath ? `${server.sqlitePath}-wal` : null
    let walMaxMb = 0
    const walTimer = walPath
      ? setInterval(() => {
          const mb = fileMb(walPath)
          if (mb !== null && mb > walMaxMb) walMaxMb = mb
        }, 100)
      : null

    const loop = new LoopMonitor()
    rss.reset()
    const cpu0 = cpuSeconds(server.pid) ?? 0
    const t0 = performance.now()
    log(`replaying ${patches.length} edits`)
    let progressAt = t0
    for (let i = 0; i < patches.length; i++) {
      const [pos, del, ins] = patches[i]!
      // Each edit is its own transaction, so its own update message, as an editor sends keystrokes.
      if (del) text.delete(pos, del)
      if (ins) text.insert(pos, ins)
      if (i % cfg.yieldEvery === cfg.yieldEvery - 1 || writer.bufferedAmount > cfg.highWaterBytes) {
        await new Promise((r) => setImmediate(r))
        while (writer.open && writer.bufferedAmount > cfg.highWaterBytes) await sleep(1)
        if (!writer.open) {
          writerCloses.push(writer.closed ? `${writer.closed.code} ${writer.closed.reason}` : 'not open')
          writerReconnects++
          log(`writer disconnected at edit ${i} (${writerCloses.at(-1)}); reconnecting with a fresh credential`)
          writer = await connectWriter()
        }
      }
      if (performance.now() - progressAt > 10_000) {
        progressAt = performance.now()
        log(`… ${i + 1}/${patches.length} edits sent; readers at ${Math.min(...seen)}`)
      }
    }
    const writerDoneMs = round(performance.now() - t0)
    const finalClock = Y.getState(writerDoc.store, writerId)
    // Until every reader has the writer's last clock (or nothing moved for 30 s).
    let lastMin = -1
    let lastMove = performance.now()
    for (;;) {
      if (!writer.open) {
        writerCloses.push(writer.closed ? `${writer.closed.code} ${writer.closed.reason}` : 'not open')
        writerReconnects++
        writer = await connectWriter()
      }
      const min = Math.min(...seen)
      if (min >= finalClock) break
      if (min !== lastMin) {
        lastMin = min
        lastMove = performance.now()
      } else if (performance.now() - lastMove > 30_000) {
        failures.push(`readers stalled at clock ${min} of ${finalClock}`)
        break
      }
      await sleep(20)
    }
    const replayMs = round(performance.now() - t0)
    const serverCpuS = round((cpuSeconds(server.pid) ?? cpu0) - cpu0)
    const bench = loop.stop()
    await sleep(300)
    if (walTimer) clearInterval(walTimer)
    const walEndMb = walPath ? fileMb(walPath) : null
    const peakRssMb = round(memory(server.pid)?.hwmMb ?? rss.peakMb)
    log(
      `replayed in ${replayMs} ms (writer done at ${writerDoneMs} ms); server CPU ${serverCpuS} s; WAL max ${round(walMaxMb)} MB; reconnects ${writerReconnects}`,
    )

    // Content, after the timing: each reader's text = the writer's = the trace's end.
    const writerText = bodyOf(writerDoc, d).toString()
    const plain = text.toString()
    if (plain !== expected) failures.push(`the writer's text differs from the trace (${plain.length} vs ${expected.length} chars)`)
    let readersMatching = 0
    for (const r of readers) if (bodyOf(r.materialize(), d).toString() === writerText) readersMatching++
    if (readersMatching !== readers.length) failures.push(`${readers.length - readersMatching} of ${readers.length} readers hold a different text`)
    refused.push(...writer.refusals)
    if (refused.length) failures.push(`the server refused ${refused.length} of the writer's updates: ${refused[0]}`)
    await closeAll(readers)
    await writer.close()

    // "Synced" = the client holds the writer's last edit, whether it came in sync step 2 or
    // after it (@y/websocket-server with LevelDB answers step 1 before it has read the
    // document from disk, then sends the stored state as an update).
    const fetchText = async (graceAfterStep2Ms: number): Promise<{ ok: boolean; at: number; bytes: number; text: string }> => {
      let reached = 0
      const c = new LoadClient({
        ...target,
        mode: 'record',
        onUpdate: (update, at) => {
          const clock = Y.parseUpdateMeta(update).to.get(writerId)
          if (!reached && clock !== undefined && clock >= finalClock) reached = at
        },
      })
      const opened = await withTimeout(c.synced, 60_000).then(
        () => true,
        () => false,
      )
      const deadline = performance.now() + graceAfterStep2Ms
      while (opened && !reached && performance.now() < deadline) await sleep(5)
      const bytes = c.received.reduce((n, u) => n + u.byteLength, 0)
      const text = opened ? bodyOf(c.materialize(), d).toString() : ''
      await c.close()
      return { ok: reached > 0, at: reached, bytes, text }
    }
    const syncs: number[] = []
    let freshSyncBytes = 0
    for (let k = 0; k < cfg.freshSyncs; k++) {
      const t = performance.now()
      const got = await fetchText(30_000)
      if (got.ok) syncs.push(got.at - t)
      else failures.push('a fresh client never got the whole text')
      freshSyncBytes = got.bytes
      if (got.ok && got.text !== writerText) failures.push('a fresh client synced a different text')
    }

    // Restart: a deployment restarting the process; how long until a client has the text again?
    // The in-memory peer keeps nothing, so it gets only a short grace (its "intact" is no).
    await sleep(1000) // let a persisting server write what it holds
    const spawnedAt = await server.restart()
    const got = await fetchText(kind === 'peer' ? 2000 : 30_000)
    const restartToSyncedMs = got.ok ? round(got.at - spawnedAt) : NaN
    const restartIntact = got.ok && got.text === writerText
    log(`fresh sync ${JSON.stringify(summarize(syncs))}; restart → synced ${restartToSyncedMs} ms, text intact: ${restartIntact}`)
    if (server.exit) failures.push(`server exited: ${JSON.stringify(server.exit)}`)
    const dbMb = server.sqlitePath ? fileMb(server.sqlitePath) : null
    return {
      ...resultHead(kind, cfg, failures),
      editsReplayed: patches.length,
      finalChars: expected.length,
      replayMs,
      writerDoneMs,
      serverCpuS,
      peakRssMb,
      readersMatching,
      writerReconnects,
      writerCloses,
      writerCredential: kind === 'plank' ? credential.kind() : 'none',
      walMaxMb: walPath ? round(walMaxMb) : null,
      walEndMb: walEndMb === null ? null : round(walEndMb),
      dbMb: dbMb === null ? null : round(dbMb),
      freshSyncMs: summarize(syncs),
      freshSyncBytes,
      restartToSyncedMs,
      restartIntact,
      bench,
    }
  })
}
