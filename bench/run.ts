/**
 * `npm run bench`: Plank and the peer (@y/websocket-server) side by side, same
 * load generator, same machine, each scenario on a fresh server process.
 * Results: bench/results/latest.json and latest.md.
 *
 * For development, BENCH_ONLY=fanout,check,storm,many,comments,drafting picks scenarios and
 * BENCH_QUICK=1 shortens them; such partial runs write to the temp folder,
 * never over the committed figures.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { writeResults, type BenchResults, type Crashed, type Outcome, type Pair } from './report.js'
import { commentThreadsBench } from './comments-threads.js'
import { runConnectStorm } from './scenarios/connect-storm.js'
import { runDrafting } from './scenarios/drafting.js'
import { gcNow } from './scenarios/common.js'
import { runFanout, type FanoutResult } from './scenarios/fanout.js'
import { runManyDocs } from './scenarios/many-docs.js'
import { PLANK_MAIN, REPO_ROOT, SERVER_KINDS, type ServerKind } from './servers.js'
import { round } from './stats.js'

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
const quick = process.env.BENCH_QUICK === '1'
const wants = (name: string): boolean => !only || only.includes(name)
const full = !only && !quick

const FANOUT_CLIENTS = quick ? [10, 50] : [10, 50, 200]
const FANOUT = { writers: 5, editsPerSecond: 10, durationS: quick ? 5 : 15 }
const STORM = { clients: 200, historyUpdates: quick ? 400 : 2000, charsPerUpdate: 500 }
/** Issue 4: the 50-client fan-out on Plank with the per-update permission check and without it. */
const CHECK = { clients: 50, ...FANOUT }
/** Issue 8: a drafting session of 300 participants. */
const DRAFTING = {
  participants: 300,
  organizations: 15,
  editEveryS: quick ? 10 : 30,
  durationS: quick ? 10 : 30,
  stateChangeEveryMs: 1500,
  handRaisersOneIn: 10,
}
const MANY = { documents: quick ? 100 : 500, charsPerDoc: 200, afterCloseS: 30, plankUnloadGraceMs: 5000 }

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
 * Runs Plank and the peer. With `rank`, each runs twice in the order
 * Plank, peer, peer, Plank, and the table shows each server's better run
 * (lower rank): other work on a shared machine only ever slows a run down,
 * and the ABBA order spreads any drift evenly. Every run is kept in the JSON.
 */
async function both<T extends { ok: boolean; server: ServerKind }>(
  name: string,
  run: (kind: ServerKind) => Promise<T>,
  rank?: (r: T) => number,
): Promise<Pair<T & RunMeta>> {
  const order: ServerKind[] = rank ? ['plank', 'peer', 'peer', 'plank'] : [...SERVER_KINDS]
  const runs: Array<Outcome<T & RunMeta>> = []
  for (const kind of order) runs.push(await once(name, kind, run))
  const pick = (kind: ServerKind): Outcome<T & RunMeta> => {
    const mine = runs.filter((r) => r.server === kind)
    const good = mine.filter((r): r is T & RunMeta => r.ok && !('error' in r))
    if (good.length === 0 || !rank) return mine[0]!
    return good.reduce((a, b) => (rank(b) < rank(a) ? b : a))
  }
  return { plank: pick('plank'), peer: pick('peer'), ...(rank ? { allRuns: runs } : {}) }
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
      yjs: version('yjs'),
      ws: version('ws'),
      'y-protocols': version('y-protocols'),
    },
    config: { fanout: { clients: FANOUT_CLIENTS, ...FANOUT }, check: CHECK, storm: STORM, many: MANY, drafting: DRAFTING },
    notes: [
      'Clients: a minimal y-protocols sync client over ws (bench/load-client.ts), identical for both servers; no awareness. ' +
        'Readers record updates and apply them after the timed phase, when every client\'s content is compared with the writers\'.',
      'Latency: from just before a writer sends an edit to its arrival at each other client (all clients in the bench process, one clock), ' +
        'detected from the Yjs clocks in each received update. "reachAllMs" in the JSON is per edit, until the last client had it.',
      'Server CPU: utime+stime of the server process during the edit phase (fan-out) or the storm; peak RSS: VmHWM of the fresh server process.',
      'Connect storm: the document is warm (the server just served the proof-of-history sync) when the 200 clients join at once.',
      `Many documents: each client writes ${MANY.charsPerDoc} characters; Plank runs with PLANK_UNLOAD_GRACE_MS=${MANY.plankUnloadGraceMs} (idle documents unloaded after 5 s); ` +
        'the peer, in memory, keeps every document for its lifetime. The open/close cycle runs twice (second cycle: same documents again, a leak check).',
      'The peer relays each update to every connection including its sender; Plank does not send it back to the sender.',
      'Fan-out and connect storm run each server twice, in the order Plank, peer, peer, Plank; the tables show each server\'s better run ' +
        '(lower p99 latency; lower time until all synced). All runs are in the JSON (allRuns).',
      'The load generator shares the 2 cores with the server; its own event-loop delay is in the JSON (bench.eventLoopDelayP99Ms).',
      `Update check (issue 4): Plank's ${CHECK.clients}-client fan-out as shipped (authenticated connections, every update permission-checked) and with PLANK_BENCH_SKIP_UPDATE_CHECK=1, ` +
        'in the order with, without, without, with; each side\'s lower-p99 run is shown. The fan-out tables above are the same check against the peer.',
      `Drafting session (issue 8): ${DRAFTING.participants} load clients, each its own seeded account (delegate of one of ${DRAFTING.organizations} organizations) on Plank; ` +
        'each announces presence (awareness, user.personId = its own person; renewed by y-protocols every 15 s) and moves its cursor with each edit; ' +
        `each edits its own paragraph once per ${DRAFTING.editEveryS} s. Plank only: 1 in ${DRAFTING.handRaisersOneIn} raise a hand and all answer a poll (HTTP, own cookie, same Origin), ` +
        `spread over the first two thirds of the phase, while the facilitator alternates next and extend every ${DRAFTING.stateChangeEveryMs} ms. ` +
        'Session change latency: facilitator request sent → arrival at each participant of the gov update that changed the session\'s item or clock ' +
        '(gov updates are recorded with their arrival time and decoded once after the phase). The peer gets the same clients, presence and edits; it has no sessions.',
      'Comment threads (issue 5): Plank alone in headless Chromium (playwright-core); one section of 50 paragraphs with the threads, against the same text without comments; ' +
        'opening = navigation → first editor in the page (median of 5 fresh contexts each); per keystroke = the client\'s plank:comment-decorations measures while typing 120 characters mid-text, divided by 120.',
    ],
    fanout: [],
    updateCheck: null,
    connectStorm: null,
    manyDocs: null,
    commentThreads: null,
    drafting: null,
  }

  if (wants('fanout')) {
    for (const clients of FANOUT_CLIENTS) {
      const pair = await both(`fanout n=${clients}`, (kind) => runFanout(kind, { clients, ...FANOUT }), (r) => r.latencyMs.p99)
      results.fanout.push({ clients, ...pair })
    }
  }
  if (wants('check')) {
    // Plank with the update check (as shipped) and without (PLANK_BENCH_SKIP_UPDATE_CHECK=1),
    // in the order with, without, without, with; each side's better run is reported.
    const variants = { with: {}, without: { PLANK_BENCH_SKIP_UPDATE_CHECK: '1' } } as const
    const runs: Array<{ variant: 'with' | 'without'; result: Outcome<FanoutResult & RunMeta> }> = []
    for (const variant of ['with', 'without', 'without', 'with'] as const) {
      const result = await once(`check ${variant}`, 'plank', (kind) =>
        runFanout(kind, CHECK, { plankEnv: variants[variant], label: `fanout n=${CHECK.clients} check=${variant}` }),
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
  if (wants('storm')) results.connectStorm = await both('storm', (kind) => runConnectStorm(kind, STORM), (r) => r.totalMs)
  if (wants('many')) results.manyDocs = await both('many-docs', (kind) => runManyDocs(kind, MANY))
  if (wants('drafting')) results.drafting = await both('drafting', (kind) => runDrafting(kind, DRAFTING))
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

  const finished = new Date()
  results.finishedAt = finished.toISOString()
  results.durationS = Math.round((finished.getTime() - started.getTime()) / 1000)
  const dir = full ? join(REPO_ROOT, 'bench/results') : join(tmpdir(), 'plank-bench-partial')
  const files = writeResults(dir, results)
  console.log(`\n${readFileSync(files.md, 'utf8')}`)
  console.log(`results: ${files.json}, ${files.md}`)
}

await main()
