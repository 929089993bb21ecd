/**
 * `npm run bench`: Plank and the peer (@y/websocket-server) side by side, same
 * load generator, same machine, each scenario on a fresh server process.
 * Results: bench/results/latest.json and latest.md.
 *
 * For development, BENCH_ONLY=fanout,check,storm,many,drafting,history,trace,comments,firstload,keystroke,amendment,tracked,versions,cluster picks
 * scenarios, BENCH_QUICK=1 shortens them and BENCH_TINY=1 shrinks them to a smoke
 * check; such partial runs write to the temp folder, never over the committed figures.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { writeResults, type BenchResults, type Crashed, type Outcome, type Pair } from './report.js'
import { commentThreadsBench } from './comments-threads.js'
import { runConnectStorm } from './scenarios/connect-storm.js'
import { runDrafting } from './scenarios/drafting.js'
import { runFirstLoad, type FirstLoadConfig } from './scenarios/first-load.js'
import { keystrokeConfig, runKeystrokePaint, type KeystrokeConfig } from './scenarios/keystroke-paint.js'
import { runAmendmentAccept } from './scenarios/amendment-accept.js'
import { runTrackedChanges } from './scenarios/tracked-changes.js'
import { gcNow } from './scenarios/common.js'
import { runFanout, type FanoutResult } from './scenarios/fanout.js'
import { runGovHistory } from './scenarios/gov-history.js'
import { runManyDocs } from './scenarios/many-docs.js'
import { runTraceReplay, type TraceConfig } from './scenarios/trace-replay.js'
import { runVersionHistory } from './scenarios/version-history.js'
import { CLUSTER_SETUPS, type ClusterConfig, runCluster } from './scenarios/cluster.js'
import { startPostgres } from '../tests/helpers/postgres.js'
import { startRedis } from '../tests/helpers/redis.js'
import { PLANK_MAIN, PLANK_UNCHECKED_MAIN, REPO_ROOT, SERVER_KINDS, type ServerKind } from './servers.js'
import { round } from './stats.js'

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
/** BENCH_TINY=1: every scenario at a toy size, a smoke check that it runs (figures mean nothing). */
const tiny = process.env.BENCH_TINY === '1'
const quick = tiny || process.env.BENCH_QUICK === '1'
const wants = (name: string): boolean => !only || only.includes(name)
/** Development knob: BENCH_SERVERS=plank runs only those servers (e.g. while profiling). */
const onlyServers = process.env.BENCH_SERVERS?.split(',')
const full = !only && !quick
/** Issue 16: the trace replayed into 10 sections, at two sizes (growth), with and without history. */
const VERSION_EDITS = tiny ? [2_000] : quick ? [20_000] : [20_000, 100_000]
const VERSIONS = { sections: 10, pausesPerSection: tiny ? 1 : 5, repeats: 5 }

const FANOUT_CLIENTS = tiny ? [5] : quick ? [10, 50] : [10, 50, 200]
const FANOUT = { writers: tiny ? 2 : 5, editsPerSecond: 10, durationS: tiny ? 2 : quick ? 5 : 15 }
const STORM = { clients: tiny ? 10 : 200, historyUpdates: tiny ? 40 : quick ? 400 : 2000, charsPerUpdate: 500 }
/** Issue 4: the 50-client fan-out on Plank with the per-update permission check and without it. */
const CHECK = { ...FANOUT, clients: tiny ? 5 : 50 }
/** Issue 8: a drafting session of 300 participants; issue 12: and of 400 (the seed coalition convened 400 leaders). */
const DRAFTING_PARTICIPANTS = tiny ? [10, 13] : [300, 400]
const DRAFTING = {
  organizations: tiny ? 3 : 15,
  editEveryS: tiny ? 3 : quick ? 10 : 30,
  durationS: tiny ? 6 : quick ? 10 : 30,
  stateChangeEveryMs: 1500,
  handRaisersOneIn: 10,
}
/** Issue 12: governance change cost against history, short and long (Plank only). */
const HISTORY = {
  sizes: tiny
    ? [
        { comments: 10, endedSessions: 1 },
        { comments: 40, endedSessions: 3 },
      ]
    : [
        { comments: 10, endedSessions: 1 },
        { comments: 2000, endedSessions: 50 },
      ],
  repliesPerThread: 4,
  repetitions: 5,
  participants: 20,
  organizations: 5,
}
/** Issue 12: the automerge-paper trace; BENCH_TRACE_EDITS=<n> replays only its first n edits. */
const TRACE: TraceConfig = {
  edits: Number(process.env.BENCH_TRACE_EDITS ?? (tiny ? 3000 : 0)),
  readers: 5,
  highWaterBytes: 256 * 1024,
  yieldEvery: 100,
  freshSyncs: 3,
}
const TRACE_KINDS: ServerKind[] = ['plank', 'peer', 'peer-leveldb']
/** Issue 14: accepting an amendment while two people type, at three section sizes (growth, not one size). */
const AMENDMENT_WORDS = tiny ? [500] : [1000, 5000, 20000]
const AMENDMENT = { charsPerSecond: 10, windowMs: tiny ? 1000 : 4000 }
/** Issue 14: typing into an amendment with 1 and with 20 open on its section, at two section sizes. */
const TRACKED_WORDS = tiny ? [500] : [1000, 5000]
const TRACKED_OPEN = tiny ? [1, 3] : [1, 20]
const TRACKED = { chars: tiny ? 20 : 120, keyDelayMs: 100 }
/** Issue 13: the platform page's first load (median of 5 fresh contexts per profile) and keystroke → frame on 150 sections. */
const FIRST_LOAD: FirstLoadConfig = { runs: tiny ? 2 : 5, sections: tiny ? 4 : 12, paragraphsPerSection: 3 }
const KEYSTROKE: KeystrokeConfig = keystrokeConfig(tiny)
/** Issue 17: three instances (PostgreSQL + Redis) and one, each with the same clients on one platform, at two sizes (growth). */
const CLUSTER_CLIENTS = tiny ? [6, 12] : quick ? [300] : [200, 600]
const CLUSTER: Omit<ClusterConfig, 'clients'> = {
  writers: tiny ? 3 : 5,
  editsPerSecond: 10,
  durationS: tiny ? 2 : quick ? 5 : 15,
  burstEditsPerWriter: tiny ? 20 : 1000,
}
const MANY = { documents: tiny ? 20 : quick ? 100 : 500, charsPerDoc: 200, afterCloseS: tiny ? 10 : 30, plankUnloadGraceMs: tiny ? 2000 : 5000 }

export interface RunMeta {
  /** The machine's 1-minute load average before and after: above the core count, other work competed. */
  loadAvg1m: { before: number; after: number }
}

/**
 * The bench shares its machine with other work (test suites, browsers).
 * Before each run, wait up to QUIET_WAIT_S for the 1-minute load average to
 * fall near the core count (the bench itself adds some), so that the servers,
 * not the neighbours, are measured. Bounded, to keep the bench under 15 min.
 */
const QUIET_WAIT_S = Number(process.env.BENCH_QUIET_WAIT_S ?? 15)
async function waitForQuiet(name: string): Promise<void> {
  const cores = cpus().length + 0.5
  const until = Date.now() + QUIET_WAIT_S * 1000
  if (loadavg()[0]! <= cores) return
  console.log(`[${name}] machine busy (load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores): waiting up to ${QUIET_WAIT_S} s`)
  while (loadavg()[0]! > cores && Date.now() < until) await new Promise((r) => setTimeout(r, 5000))
}

async function once<T>(name: string, kind: ServerKind, run: (kind: ServerKind) => Promise<T>): Promise<Outcome<T & RunMeta>> {
  gcNow()
  await waitForQuiet(`${name} ${kind}`)
  const before = round(loadavg()[0]!)
  try {
    const result = await run(kind)
    return { ...result, loadAvg1m: { before, after: round(loadavg()[0]!) } }
  } catch (err) {
    const failure: Crashed = { server: kind, ok: false, error: (err as Error).message }
    console.log(`[${name} ${kind}] FAILED: ${failure.error}`)
    return failure
  }
}

/**
 * Runs Plank and both peers (@y/websocket-server, Hocuspocus). With `rank`,
 * each runs twice in the order Plank, peer, Hocuspocus, Hocuspocus, peer,
 * Plank, and the table shows each server's better run (lower rank): other
 * work on a shared machine only ever slows a run down, and the mirrored order
 * spreads any drift evenly. Every run is kept in the JSON.
 */
async function both<T extends { ok: boolean; server: ServerKind }>(
  name: string,
  run: (kind: ServerKind) => Promise<T>,
  rank?: (r: T) => number,
): Promise<Pair<T & RunMeta>> {
  const kinds = SERVER_KINDS.filter((k) => !onlyServers || onlyServers.includes(k))
  const order: ServerKind[] = rank ? [...kinds, ...[...kinds].reverse()] : [...kinds]
  const runs: Array<Outcome<T & RunMeta>> = []
  for (const kind of order) runs.push(await once(name, kind, run))
  const pick = (kind: ServerKind): Outcome<T & RunMeta> => {
    const mine = runs.filter((r) => r.server === kind)
    const good = mine.filter((r): r is T & RunMeta => r.ok && !('error' in r))
    if (good.length === 0 || !rank) return mine[0]!
    return good.reduce((a, b) => (rank(b) < rank(a) ? b : a))
  }
  return { plank: pick('plank'), peer: pick('peer'), hocuspocus: pick('hocuspocus'), ...(rank ? { allRuns: runs } : {}) }
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

async function main(): Promise<void> {
  const started = new Date()
  if (!existsSync(PLANK_MAIN)) console.log(`WARNING: ${PLANK_MAIN} is missing; Plank's runs will fail`)
  console.log(`bench: ${full ? 'full run' : `partial run (only=${only?.join(',') ?? 'all'} quick=${quick})`}`)

  const results: BenchResults = {
    startedAt: started.toISOString(),
    finishedAt: '',
    durationS: 0,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      totalMemMb: Math.round(totalmem() / 2 ** 20),
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
    },
    versions: {
      plankCommit: gitCommit(),
      '@y/websocket-server': version('@y/websocket-server'),
      '@hocuspocus/server': version('@hocuspocus/server'),
      'y-leveldb': version('y-leveldb'),
      yjs: version('yjs'),
      ws: version('ws'),
      'y-protocols': version('y-protocols'),
    },
    config: {
      fanout: { clients: FANOUT_CLIENTS, ...FANOUT },
      check: CHECK,
      storm: STORM,
      many: MANY,
      drafting: { ...DRAFTING, participants: DRAFTING_PARTICIPANTS },
      history: HISTORY,
      trace: TRACE,
      firstLoad: FIRST_LOAD,
      keystroke: KEYSTROKE,
    },
    notes: [
      'Clients: a minimal y-protocols sync client over ws (bench/load-client.ts), identical for both servers; no awareness. ' +
        "Readers record updates and apply them after the timed phase, when every client's content is compared with the writers'.",
      'Latency: from just before a writer sends an edit to its arrival at each other client (all clients in the bench process, one clock), ' +
        'detected from the Yjs clocks in each received update. "reachAllMs" in the JSON is per edit, until the last client had it.',
      'Server CPU: utime+stime of the server process during the edit phase (fan-out) or the storm; peak RSS: VmHWM of the fresh server process.',
      `Connect storm: the document is warm (the server just served the proof-of-history sync, and its writer stays connected: Hocuspocus would drop it otherwise) when the ${STORM.clients} clients join at once.`,
      `Many documents: each client writes ${MANY.charsPerDoc} characters; Plank runs with PLANK_UNLOAD_GRACE_MS=${MANY.plankUnloadGraceMs} (idle documents unloaded after 5 s); ` +
        '@y/websocket-server, in memory, keeps every document for its lifetime; Hocuspocus without extensions drops a document (and its text) when its last client leaves, ' +
        'so its reopened documents come back empty by design. The open/close cycle runs twice (second cycle: same documents again, a leak check). ' +
        '"Returned share" (issue 12) = (peak RSS of the cycle − closed RSS) ÷ (peak − RSS idle at the server\'s start); above 1 means RSS fell below that start reading.',
      'Both peers relay each update to every connection including its sender (Hocuspocus also acknowledges each with a SyncStatus message); Plank does not send it back to the sender.',
      'Hocuspocus (issue 12): @hocuspocus/server with no extensions, started by bench/peers/hocuspocus.ts in its own process; the load client speaks its framing ' +
        '(document name before every message, an Auth message first with an empty token, its SyncReply and SyncStatus types).',
      "Fan-out and connect storm run each server twice, in the order Plank, y-ws, Hocuspocus, Hocuspocus, y-ws, Plank; the tables show each server's better run " +
        '(lower p99 latency; lower time until all synced). All runs are in the JSON (allRuns).',
      'The load generator shares the 2 cores with the server; its own event-loop delay is in the JSON (bench.eventLoopDelayP99Ms).',
      `Update check (issue 4): Plank's ${CHECK.clients}-client fan-out as shipped (authenticated connections, every update permission-checked) and with an allow-all authorizeWrites hook (bench/plank-unchecked-server.ts; shape, content and client-id checks and the audit still run), ` +
        "in the order with, without, without, with; each side's lower-p99 run is shown. The fan-out tables above are the same check against the peer.",
      `Drafting session (issue 8; issue 12 adds ${DRAFTING_PARTICIPANTS.join(' and ')}): ${DRAFTING_PARTICIPANTS.join(' and ')} load clients, each its own seeded account (delegate of one of ${DRAFTING.organizations} organizations) on Plank; ` +
        'each announces presence (awareness, user.personId = its own person; renewed by y-protocols every 15 s) and moves its cursor with each edit; ' +
        `each edits its own paragraph once per ${DRAFTING.editEveryS} s. Plank only: 1 in ${DRAFTING.handRaisersOneIn} raise a hand and all answer a poll (HTTP, own cookie, same Origin), ` +
        `spread over the first two thirds of the phase, while the facilitator alternates next and extend every ${DRAFTING.stateChangeEveryMs} ms. ` +
        "Session change latency: facilitator request sent → arrival at each participant of the gov update that changed the session's item or clock " +
        '(gov updates are recorded with their arrival time and decoded once after the phase). The peer gets the same clients, presence and edits; it has no sessions.',
      `Drafting, gov bytes per raised hand (issue 12): after the timed phase, on a quiet room, 5 participants who had not raised a hand raise one, one at a time; ` +
        'per hand, the bytes of the gov updates the first participant received until 300 ms passed without another.',
      `Governance history (issue 12, Plank only): history written into the store before start (threads of one anchored root and ${HISTORY.repliesPerThread} replies; ` +
        'ended sessions with 5 items, 10 hands, a poll with 20 answers, 10 events each); on a quiet room one comment (anchored), one raised hand and one sign-off, ' +
        `${HISTORY.repetitions} times each by different members; time = request sent → first gov update at an observing member; bytes = that member's gov updates for the action.`,
      `Trace replay (issue 12): bench/traces/automerge-paper.json.gz (Kleppmann, via josephg/editing-traces, CC BY 4.0), one Yjs update per edit into one paragraph of the section; ` +
        `the writer pauses while its socket buffers more than ${TRACE.highWaterBytes / 1024} KB and yields every ${TRACE.yieldEvery} edits; ${TRACE.readers} readers record. ` +
        "Plank's writer authenticates with a personal access token (?token=, kept across reconnects; a fresh ?ticket= per reconnect on a build without tokens). WAL: the -wal file's size sampled every 100 ms. " +
        `Fresh sync: ${TRACE.freshSyncs} new clients one after another. Restart: SIGTERM, start the same command on the same data, spawn → a client synced.`,
      'Comment threads (issue 5): Plank alone in headless Chromium (playwright-core); one section of 50 paragraphs with the threads, against the same text without comments; ' +
        "opening = navigation → first editor in the page (median of 5 fresh contexts each); per keystroke = the client's plank:comment-decorations measures while typing 120 characters mid-text, divided by 120.",
      `First load (issue 13): Plank alone in headless Chromium; a platform of ${FIRST_LOAD.sections} sections × ${FIRST_LOAD.paragraphsPerSection} paragraphs opened at /p/<id> in a fresh context (no cache, service worker or IndexedDB copy; CDP Network.setCacheDisabled), ` +
        `after one discarded warm-up, ${FIRST_LOAD.runs} times unthrottled and ${FIRST_LOAD.runs} times under CDP Network.emulateNetworkConditions (200,000 B/s down, 93,750 B/s up, 150 ms latency); medians. ` +
        'Bytes: CDP Network.loadingFinished encodedDataLength (as transferred: compressed body and headers) of the Document, Script and Stylesheet responses, whatever files the build makes, ' +
        'until the network was quiet for 1.5 s after the editor became editable (lazy chunks included; KB = 1,000 bytes). Editable: navigation → a .ProseMirror[contenteditable=true] laid out and taking focus (MutationObserver in the page).',
      `Keystroke to paint (issue 13): Plank alone in headless Chromium; ${KEYSTROKE.sections} sections of 3 paragraphs; ${KEYSTROKE.remoteWriters} remote writers (load clients, own accounts, presence with a caret) ` +
        `type ${KEYSTROKE.remoteCharsPerS} chars/s each in the sections next to the person's, while the person types ${KEYSTROKE.chars} characters (one per ${KEYSTROKE.keyDelayMs} ms) into the middle section, after ${KEYSTROKE.baselineChars} characters typed there before the writers start (the baseline). ` +
        'A capture keydown listener stamps performance.now(); key → frame = the next requestAnimationFrame callback (judged, p99 < 16 ms); after frame = a message posted from that callback; ' +
        "input handled = a message posted from the key's input event. The baseline row is the same page and editor before the writers start.",
      `Tracked changes (issue 14): Plank alone in headless Chromium; a section of 100 paragraphs with ${TRACKED_OPEN.join(' or ')} open amendments (each adds words to ten paragraphs and shortens one); ` +
        `on the first amendment's page a facilitator types ${TRACKED.chars} characters (one per ${TRACKED.keyDelayMs} ms) into the middle of its proposed text. ` +
        "Key → tracked view = keydown → the first DOM change of the tracked-changes view after it (MutationObserver); diff = the client's plank:tracked-changes measures (recomputed at most once per frame).",
    ],
    fanout: [],
    updateCheck: null,
    connectStorm: null,
    manyDocs: null,
    commentThreads: null,
    drafting: [],
    govHistory: null,
    traceReplay: null,
    firstLoad: null,
    keystrokePaint: null,
    amendmentAccept: null,
    trackedChanges: null,
  }

  if (wants('fanout')) {
    for (const clients of FANOUT_CLIENTS) {
      const pair = await both(
        `fanout n=${clients}`,
        (kind) => runFanout(kind, { clients, ...FANOUT }),
        (r) => r.latencyMs.p99,
      )
      results.fanout.push({ clients, ...pair })
    }
  }
  if (wants('check')) {
    // Plank with the update check (as shipped) and without (its own entry point, allowing every write),
    // in the order with, without, without, with; each side's better run is reported.
    const variants = { with: PLANK_MAIN, without: PLANK_UNCHECKED_MAIN } as const
    const runs: Array<{ variant: 'with' | 'without'; result: Outcome<FanoutResult & RunMeta> }> = []
    for (const variant of ['with', 'without', 'without', 'with'] as const) {
      const result = await once(`check ${variant}`, 'plank', (kind) =>
        runFanout(kind, CHECK, { plankMain: variants[variant], label: `fanout n=${CHECK.clients} check=${variant}` }),
      )
      runs.push({ variant, result })
    }
    const best = (variant: 'with' | 'without'): Outcome<FanoutResult & RunMeta> => {
      const mine = runs.filter((r) => r.variant === variant).map((r) => r.result)
      const good = mine.filter((r): r is FanoutResult & RunMeta => !('error' in r) && r.ok)
      return good.length ? good.reduce((a, b) => (b.latencyMs.p99 < a.latencyMs.p99 ? b : a)) : mine[0]!
    }
    results.updateCheck = { with: best('with'), without: best('without'), allRuns: runs }
  }
  if (wants('storm'))
    results.connectStorm = await both(
      'storm',
      (kind) => runConnectStorm(kind, STORM),
      (r) => r.totalMs,
    )
  if (wants('many')) results.manyDocs = await both('many-docs', (kind) => runManyDocs(kind, MANY))
  if (wants('drafting')) {
    for (const participants of DRAFTING_PARTICIPANTS) {
      const pair = await both(`drafting n=${participants}`, (kind) => runDrafting(kind, { ...DRAFTING, participants }))
      results.drafting.push({ participants, ...pair })
    }
  }
  if (wants('history')) {
    const runs = []
    for (const size of HISTORY.sizes) runs.push(await once(`gov-history ${size.comments}`, 'plank', (kind) => runGovHistory(kind, { ...HISTORY, ...size })))
    results.govHistory = runs
  }
  if (wants('trace')) {
    const runs = []
    for (const kind of TRACE_KINDS) runs.push(await once('trace', kind, (k) => runTraceReplay(k, TRACE)))
    results.traceReplay = runs
  }
  if (wants('comments')) {
    gcNow()
    await waitForQuiet('comments')
    const before = round(loadavg()[0]!)
    try {
      const r = await commentThreadsBench()
      results.commentThreads = { ok: true, ...r, loadAvg1m: { before, after: round(loadavg()[0]!) } }
    } catch (err) {
      console.log(`[comments] FAILED: ${(err as Error).message}`)
      results.commentThreads = { ok: false, error: (err as Error).message }
    }
  }

  if (wants('firstload')) results.firstLoad = await once('first-load', 'plank', () => runFirstLoad(FIRST_LOAD))
  if (wants('keystroke')) results.keystrokePaint = await once('keystroke', 'plank', () => runKeystrokePaint(KEYSTROKE))
  if (wants('amendment')) {
    const runs = []
    for (const words of AMENDMENT_WORDS) runs.push(await once('amendment-accept', 'plank', () => runAmendmentAccept({ ...AMENDMENT, words })))
    results.amendmentAccept = runs
  }
  if (wants('versions')) {
    const runs: NonNullable<BenchResults['versionHistory']> = []
    for (const edits of VERSION_EDITS)
      for (const history of [true, false]) runs.push(await once('version-history', 'plank', () => runVersionHistory({ ...VERSIONS, edits, history })))
    results.versionHistory = runs
  }
  if (wants('tracked')) {
    const runs: BenchResults['trackedChanges'] = []
    for (const words of TRACKED_WORDS)
      for (const amendments of TRACKED_OPEN) runs.push(await once('tracked-changes', 'plank', () => runTrackedChanges({ ...TRACKED, words, amendments })))
    results.trackedChanges = runs
  }

  if (wants('cluster')) {
    // PostgreSQL and Redis from Debian's packages, throwaway, as the tests start them.
    const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    try {
      const runs: NonNullable<BenchResults['cluster']> = []
      // Twice each, in mirrored order (as fan-out runs): drift on a shared machine spreads evenly; the table shows each set-up's better run.
      for (const clients of CLUSTER_CLIENTS)
        for (const setup of [...CLUSTER_SETUPS, ...[...CLUSTER_SETUPS].reverse()])
          runs.push(await once(`cluster ${setup} n=${clients}`, 'plank', () => runCluster(setup, { ...CLUSTER, clients }, { postgres, redis })))
      results.cluster = runs
    } finally {
      await Promise.all([postgres.stop(), redis.stop()])
    }
  }

  const finished = new Date()
  results.finishedAt = finished.toISOString()
  results.durationS = Math.round((finished.getTime() - started.getTime()) / 1000)
  const dir = full && !onlyServers ? join(REPO_ROOT, 'bench/results') : join(tmpdir(), 'plank-bench-partial')
  if (onlyServers) {
    // Without every server the side-by-side tables cannot be drawn: the figures only.
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
    console.log(`results (no tables with BENCH_SERVERS): ${join(dir, 'latest.json')}`)
    return
  }
  const files = writeResults(dir, results)
  console.log(`\n${readFileSync(files.md, 'utf8')}`)
  console.log(`results: ${files.json}, ${files.md}`)
}

await main()
