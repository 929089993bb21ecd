/**
 * Writes bench/results/latest.json (everything measured) and latest.md (the
 * short table of Plank ÷ peer ratios that we report).
 */
import type { VersionHistoryResult } from './scenarios/version-history.js'
import type { ClusterResult } from './scenarios/cluster.js'
import { clusterSection } from './report-cluster.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StormConfig, StormResult } from './scenarios/connect-storm.js'
import type { DraftingConfig, DraftingResult } from './scenarios/drafting.js'
import type { FanoutConfig, FanoutResult } from './scenarios/fanout.js'
import type { FirstLoadConfig, FirstLoadResult, ProfileResult } from './scenarios/first-load.js'
import type { KeystrokeConfig, KeystrokeResult } from './scenarios/keystroke-paint.js'
import type { AmendmentAcceptResult } from './scenarios/amendment-accept.js'
import type { TrackedChangesResult } from './scenarios/tracked-changes.js'
import type { ActionCost, HistoryConfig, HistoryResult } from './scenarios/gov-history.js'
import type { TraceConfig, TraceResult } from './scenarios/trace-replay.js'
import type { ManyDocsConfig, ManyDocsResult } from './scenarios/many-docs.js'
import { SERVER_LABEL, type ServerKind } from './servers.js'
import { round } from './stats.js'

/** A scenario run that threw (server failed to start, crashed, …) is still a result. */
export interface Crashed {
  server: ServerKind
  ok: false
  error: string
  serverLogTail?: string
}

export type Outcome<T> = T | Crashed
export interface Pair<T> {
  plank: Outcome<T>
  /** @y/websocket-server, in memory. */
  peer: Outcome<T>
  /** Hocuspocus, no extensions (absent in results from before it was added). */
  hocuspocus?: Outcome<T>
  /** When each server ran twice: every run, in the order run; plank/peer are the better ones. */
  allRuns?: Array<Outcome<T>>
}

export interface BenchResults {
  startedAt: string
  finishedAt: string
  durationS: number
  machine: Record<string, string | number>
  versions: Record<string, string>
  config: {
    fanout: Omit<FanoutConfig, 'clients'> & { clients: number[] }
    check: FanoutConfig
    storm: StormConfig
    many: ManyDocsConfig
    drafting: Omit<DraftingConfig, 'participants'> & { participants: number[] }
    history?: Omit<HistoryConfig, 'comments' | 'endedSessions'> & { sizes: Array<{ comments: number; endedSessions: number }> }
    trace?: TraceConfig
    firstLoad?: FirstLoadConfig
    keystroke?: KeystrokeConfig
  }
  notes: string[]
  fanout: Array<Pair<FanoutResult> & { clients: number }>
  /** Issue 4: Plank's fan-out with the per-update check and without it (each the better of two runs). */
  updateCheck: {
    with: Outcome<FanoutResult>
    without: Outcome<FanoutResult>
    allRuns: Array<{ variant: 'with' | 'without'; result: Outcome<FanoutResult> }>
  } | null
  connectStorm: Pair<StormResult> | null
  manyDocs: Pair<ManyDocsResult> | null
  /** Issue 5: comment threads in headless Chromium (Plank only). */
  commentThreads: ({ ok: true } & Record<string, unknown>) | { ok: false; error: string } | null
  /** Issue 8: a drafting session of 300 participants; issue 12: and of 400. */
  drafting: Array<Pair<DraftingResult> & { participants: number }>
  /** Issue 12: one comment, hand and sign-off on a short and a long history (Plank only), in HISTORY.sizes order. */
  govHistory?: Array<Outcome<HistoryResult>> | null
  /** Issue 12: the automerge-paper trace on Plank, the peer in memory and the peer with LevelDB. */
  traceReplay?: Array<Outcome<TraceResult>> | null
  /** Issue 13: the platform page's first load in headless Chromium, 3G and unthrottled (Plank only). */
  firstLoad?: Outcome<FirstLoadResult> | null
  /** Issue 13: keystroke → next frame on a 150-section platform with two remote writers (Plank only). */
  keystrokePaint?: Outcome<KeystrokeResult> | null
  /** Issue 14: accepting an amendment while two people type, per section size (Plank only). */
  amendmentAccept?: Array<Outcome<AmendmentAcceptResult>> | null
  trackedChanges?: Array<Outcome<TrackedChangesResult>> | null
  /** Issue 16: a platform after a replayed trace, with and without version history (Plank only), per size. */
  versionHistory?: Array<Outcome<VersionHistoryResult>> | null
  /** Issue 17: one platform on three instances (PostgreSQL + Redis), on one with PostgreSQL and on one with SQLite. */
  cluster?: Array<Outcome<ClusterResult>> | null
}

const crashed = <T>(o: Outcome<T>): o is Crashed => 'error' in (o as object)

/** lower: a ratio above 1 means Plank is worse; info: a count, no ratio judged. */
type Better = 'lower' | 'info'
interface Metric<T> {
  label: string
  better: Better
  get: (r: T) => number | string
}

/** The better (lower) of the peers' figures; a failed or missing peer does not count. */
function betterOf(values: Array<number | string>): number | string {
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  return nums.length ? Math.min(...nums) : '–'
}

function ratio(a: number | string, b: number | string): string {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–'
  return round(a / b).toFixed(2)
}

const fmt = (v: number | string): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '–') : v)

const FANOUT: Metric<FanoutResult>[] = [
  { label: 'delivered / expected', better: 'info', get: (r) => `${r.delivered} / ${r.expected}` },
  { label: 'clients with the full text afterwards', better: 'info', get: (r) => `${r.contentMatches} / ${r.clients}` },
  { label: 'latency p50 (ms)', better: 'lower', get: (r) => r.latencyMs.p50 },
  { label: 'latency p99 (ms)', better: 'lower', get: (r) => r.latencyMs.p99 },
  { label: 'latency max (ms)', better: 'lower', get: (r) => r.latencyMs.max },
  { label: 'server CPU (s)', better: 'lower', get: (r) => r.serverCpuS },
  { label: 'server peak RSS (MB)', better: 'lower', get: (r) => r.peakRssMb },
  { label: 'server RSS at start, idle (MB)', better: 'info', get: (r) => r.idleRssMb },
]

const STORM: Metric<StormResult>[] = [
  { label: 'synced with full history / clients', better: 'info', get: (r) => `${r.complete} / ${r.clients}` },
  { label: 'sync p50 (ms)', better: 'lower', get: (r) => r.syncMs.p50 },
  { label: 'sync p99 (ms)', better: 'lower', get: (r) => r.syncMs.p99 },
  { label: 'all synced (ms)', better: 'lower', get: (r) => r.totalMs },
  { label: 'server peak RSS during the storm (MB, sampled every 250 ms)', better: 'lower', get: (r) => r.stormPeakRssMb },
  { label: 'server peak RSS while writing the history (MB, VmHWM)', better: 'lower', get: (r) => r.historyPeakRssMb },
  { label: 'server RSS before the storm (MB)', better: 'info', get: (r) => r.rssBeforeStormMb },
  { label: 'server RSS at start, idle (MB)', better: 'info', get: (r) => r.idleRssMb },
]

const MANY: Metric<ManyDocsResult>[] = [
  { label: 'documents open', better: 'info', get: (r) => `${r.synced} / ${r.documents}` },
  { label: 'RSS, all open (MB)', better: 'lower', get: (r) => r.openRssMb },
  { label: 'RSS 30 s after all closed (MB)', better: 'lower', get: (r) => r.closedRssMb },
  { label: 'peak RSS of the cycle (MB)', better: 'lower', get: (r) => r.cyclePeakRssMb ?? '–' },
  { label: 'returned 30 s after closed, share of the peak above idle (target ≥ 0.5)', better: 'info', get: (r) => r.returnedShare ?? '–' },
  { label: 'second cycle: returned share', better: 'info', get: (r) => r.secondCycle.returnedShare ?? '–' },
  { label: 'second cycle: RSS all open (MB)', better: 'lower', get: (r) => r.secondCycle.openRssMb },
  { label: 'second cycle: RSS 30 s after closed (MB)', better: 'lower', get: (r) => r.secondCycle.closedRssMb },
  { label: 'server RSS at start, idle (MB)', better: 'info', get: (r) => r.idleRssMb },
]

const DRAFTING: Metric<DraftingResult>[] = [
  { label: 'participants synced / participants', better: 'info', get: (r) => `${r.synced} / ${r.participants}` },
  { label: 'edits delivered / expected', better: 'info', get: (r) => `${r.delivered} / ${r.expected}` },
  { label: 'participants with the full text afterwards', better: 'info', get: (r) => `${r.contentMatches} / ${r.participants}` },
  { label: 'presence messages sent', better: 'info', get: (r) => r.presenceMessagesSent },
  { label: 'edit latency p50 (ms)', better: 'lower', get: (r) => r.latencyMs.p50 },
  { label: 'edit latency p99 (ms)', better: 'lower', get: (r) => r.latencyMs.p99 },
  { label: 'edit latency max (ms)', better: 'lower', get: (r) => r.latencyMs.max },
  { label: 'server CPU (s)', better: 'lower', get: (r) => r.serverCpuS },
  { label: 'server peak RSS (MB)', better: 'lower', get: (r) => r.peakRssMb },
  { label: 'hands raised / poll answers (HTTP, 200)', better: 'info', get: (r) => (r.http.latencyMs ? `${r.http.hands} / ${r.http.answers}` : 'n/a') },
  { label: 'hand/answer request p99 (ms)', better: 'info', get: (r) => r.http.latencyMs?.p99 ?? 'n/a' },
  {
    label: 'session changes reaching all / sent',
    better: 'info',
    get: (r) => (r.sessionChangeMs ? `${r.sessionChanges.reachedAll} / ${r.sessionChanges.sent}` : 'n/a'),
  },
  { label: 'session change → participant p50 (ms)', better: 'info', get: (r) => r.sessionChangeMs?.p50 ?? 'n/a' },
  { label: 'session change → participant p99 (ms)', better: 'info', get: (r) => r.sessionChangeMs?.p99 ?? 'n/a' },
  { label: 'session change → all participants, p99 (ms) (target < 100)', better: 'info', get: (r) => r.sessionChangeReachAllMs?.p99 ?? 'n/a' },
  {
    label: 'gov update bytes per raised hand, quiet room, median / max',
    better: 'info',
    get: (r) => (r.handGovBytes ? `${r.handGovBytes.bytes.p50} / ${r.handGovBytes.bytes.max}` : 'n/a'),
  },
]

/** The targets: p99 latency and memory no worse than the peer's. */
const TARGETED = /p99|RSS/

/** One judged row of a side-by-side table, as written to latest.json (`ratios`). */
export interface RatioRow {
  scenario: string
  metric: string
  plank: number | string
  yWebsocketServer: number | string
  hocuspocus: number | string
  /** null where a side failed or had no figure. */
  plankPerYWebsocketServer: number | null
  plankPerHocuspocus: number | null
  plankPerBetterPeer: number | null
}

const ratioNumber = (q: string): number | null => (q === '–' || q === '' ? null : Number(q))

/** Governance history rows as written to latest.json (`historyRatios`): long ÷ short. */
export interface HistoryRatioRow {
  metric: string
  short: number
  long: number
  longPerShort: number | null
}

export function markdown(res: BenchResults, ratios: RatioRow[] = [], historyRatios: HistoryRatioRow[] = []): string {
  const lines: string[] = []
  const misses: string[] = []
  const failures: string[] = []
  let checkLine = ''
  const section = <T extends { ok: boolean; failures: string[] }>(title: string, pair: Pair<T>, metrics: Metric<T>[]): void => {
    const hp = pair.hocuspocus
    lines.push(`| ${title} | Plank | y-ws | Hocuspocus | ÷ y-ws | ÷ Hocuspocus | ÷ better peer |`, '|---|---:|---:|---:|---:|---:|---:|')
    for (const m of metrics) {
      const a = crashed(pair.plank) ? 'failed' : m.get(pair.plank)
      const b = crashed(pair.peer) ? 'failed' : m.get(pair.peer)
      const h = hp === undefined ? '–' : crashed(hp) ? 'failed' : m.get(hp)
      const judged = m.better !== 'info'
      const best = judged ? ratio(a, betterOf([b, h])) : ''
      lines.push(`| ${m.label} | ${fmt(a)} | ${fmt(b)} | ${fmt(h)} | ${judged ? ratio(a, b) : ''} | ${judged ? ratio(a, h) : ''} | ${best} |`)
      if (judged) {
        ratios.push({
          scenario: title,
          metric: m.label,
          plank: a,
          yWebsocketServer: b,
          hocuspocus: h,
          plankPerYWebsocketServer: ratioNumber(ratio(a, b)),
          plankPerHocuspocus: ratioNumber(ratio(a, h)),
          plankPerBetterPeer: ratioNumber(best),
        })
      }
      if (TARGETED.test(m.label) && best !== '' && best !== '–' && Number(best) > 1) misses.push(`${title}: ${m.label}, ${best}× the better peer`)
    }
    lines.push('')
    for (const side of hp ? [pair.plank, pair.peer, hp] : [pair.plank, pair.peer]) {
      if (crashed(side)) failures.push(`${title}, ${side.server}: ${side.error}`)
      else if (!side.ok) failures.push(`${title}, ${(side as T & { server: string }).server}: ${side.failures.join('; ')}`)
    }
  }

  lines.push('# Plank relay benchmark', '')
  lines.push(
    `${res.finishedAt.slice(0, 16).replace('T', ' ')} UTC, ${res.durationS} s, ${res.machine.cpus} × ${res.machine.cpuModel}, Node ${res.machine.node}. ` +
      `Peers: @y/websocket-server ${res.versions['@y/websocket-server']} ("y-ws", in memory, as its README starts it) and ` +
      `Hocuspocus ${res.versions['@hocuspocus/server'] ?? '–'} (@hocuspocus/server, no extensions). ` +
      'Same load generator, same machine, one fresh server process per scenario and server. ' +
      'Ratios below 1 favour Plank; "÷ better peer" divides by the lower of the two peers\' figures.',
    '',
  )
  const c = res.config
  const loads = collectLoads(res)
  if (loads.length) {
    lines.push(
      `Machine load (1-min average) during the runs: ${Math.min(...loads)}–${Math.max(...loads)} on ${res.machine.cpus} cores; ` +
        'above the core count, other processes competed with the bench for the CPU.',
      '',
    )
  }
  for (const f of res.fanout) {
    section(`Fan-out, ${f.clients} clients (${c.fanout.writers} writers × ${c.fanout.editsPerSecond} edits/s, ${c.fanout.durationS} s)`, f, FANOUT)
  }
  const historyMb = (c.storm.historyUpdates * c.storm.charsPerUpdate) / 1e6
  if (res.updateCheck) {
    const u = res.updateCheck
    const cell = (o: Outcome<FanoutResult>, get: (r: FanoutResult) => number | string): number | string => (crashed(o) ? 'failed' : get(o))
    lines.push(
      `| Update check, Plank fan-out ${c.check.clients} clients | with check | without (allow-all authorizeWrites hook) | with ÷ without |`,
      '|---|---:|---:|---:|',
    )
    const rows: Array<[string, (r: FanoutResult) => number | string, boolean]> = [
      ['delivered / expected', (r) => `${r.delivered} / ${r.expected}`, false],
      ['latency p50 (ms)', (r) => r.latencyMs.p50, true],
      ['latency p99 (ms)', (r) => r.latencyMs.p99, true],
      ['latency max (ms)', (r) => r.latencyMs.max, true],
      ['server CPU (s)', (r) => r.serverCpuS, true],
    ]
    for (const [label, get, judged] of rows) {
      const a = cell(u.with, get)
      const b = cell(u.without, get)
      lines.push(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${judged ? ratio(a, b) : ''} |`)
    }
    const p99s = (variant: 'with' | 'without'): string =>
      u.allRuns
        .filter((r) => r.variant === variant)
        .map((r) => (crashed(r.result) ? 'failed' : String(r.result.latencyMs.p99)))
        .join(', ')
    lines.push('', `Every run's p99 (ms), in run order with, without, without, with: with ${p99s('with')}; without ${p99s('without')}.`, '')
    const q = ratio(
      cell(u.with, (r) => r.latencyMs.p99),
      cell(u.without, (r) => r.latencyMs.p99),
    )
    if (q === '–') failures.push('Update check: no ratio (a run failed)')
    else if (Number(q) > 1.1) misses.push(`Update check: p99 with the check ÷ without is ${q} (target ≤ 1.10)`)
    checkLine = `Update check: p99 with ÷ without = ${q} (target ≤ 1.10): ${q !== '–' && Number(q) <= 1.1 ? 'met' : 'not met'}.`
    for (const side of [u.with, u.without]) {
      if (crashed(side)) failures.push(`Update check: ${side.error}`)
      else if (!side.ok) failures.push(`Update check: ${side.failures.join('; ')}`)
    }
  }
  const met = (q: string, limit: number): string => (q !== '–' && Number(q) <= limit ? 'met' : 'not met')
  const peersOf = <T>(pair: Pair<T>): T[] => [pair.peer, pair.hocuspocus].filter((o): o is T => o !== undefined && !crashed(o))
  if (res.connectStorm) {
    const storm = res.connectStorm
    section(`Connect storm: ${c.storm.clients} clients, ${historyMb} MB history`, storm, STORM)
    // Issue 12: storm ≤ 1.0 × the better peer, peak RSS ≤ 1.2 ×.
    if (!crashed(storm.plank)) {
      const p = storm.plank
      const qAll = ratio(p.totalMs, betterOf(peersOf(storm).map((o) => o.totalMs)))
      const qRss = ratio(p.stormPeakRssMb, betterOf(peersOf(storm).map((o) => o.stormPeakRssMb)))
      const qProcess = ratio(p.peakRssMb, betterOf(peersOf(storm).map((o) => o.peakRssMb)))
      lines.push(
        `Targets: all synced ÷ better peer ${qAll} (≤ 1.0: ${met(qAll, 1)}); peak RSS during the storm ÷ better peer ${qRss} (≤ 1.2: ${met(qRss, 1.2)}). The process's peak (VmHWM, whichever phase) ÷ better peer: ${qProcess}.`,
        '',
      )
    }
  }
  if (res.manyDocs) {
    const many = res.manyDocs
    section(`${c.many.documents} documents, one client each`, many, MANY)
    if (!crashed(many.plank)) {
      const share = many.plank.returnedShare
      const ok = Number.isFinite(share) && share >= 0.5
      lines.push(
        `Target: Plank returned ${fmt(share)} of its peak above idle ${c.many.afterCloseS} s after the last client left (≥ 0.5: ${ok ? 'met' : 'not met'}).`,
        '',
      )
      if (!ok) misses.push(`${c.many.documents} documents: returned share ${fmt(share)} (target ≥ 0.5)`)
    }
  }
  for (const dr of res.drafting) {
    const dc = c.drafting
    const title = `Drafting session: ${dr.participants} participants (${dc.organizations} orgs), presence, one edit each per ${dc.editEveryS} s, ${dc.durationS} s`
    section(title, dr, DRAFTING)
    // Issue 12: edit p99 and server CPU ≤ 1.5 × the peer; session change → every participant p99 < 100 ms.
    if (!crashed(dr.plank)) {
      const p = dr.plank
      const peers = [dr.peer, dr.hocuspocus].filter((o): o is DraftingResult => o !== undefined && !crashed(o))
      const q99 = ratio(p.latencyMs.p99, betterOf(peers.map((o) => o.latencyMs.p99)))
      const qCpu = ratio(p.serverCpuS, betterOf(peers.map((o) => o.serverCpuS)))
      const reach = p.sessionChangeReachAllMs?.p99 ?? NaN
      const met = (q: string): string => (q !== '–' && Number(q) <= 1.5 ? 'met' : 'not met')
      lines.push(
        `Targets at ${dr.participants}: edit p99 ÷ better peer ${q99} (≤ 1.5: ${met(q99)}); server CPU ÷ better peer ${qCpu} (≤ 1.5: ${met(qCpu)}); ` +
          `session change → every participant p99 ${fmt(reach)} ms (< 100: ${reach < 100 ? 'met' : 'not met'}).`,
        '',
      )
    }
  }
  if (res.commentThreads) {
    const ct = res.commentThreads
    if (!ct.ok) failures.push(`Comment threads: ${ct.error}`)
    else {
      const v = (k: string): string => fmt((ct[k] as number | string | undefined) ?? '–')
      lines.push(
        `| Comment threads in headless Chromium (Plank only) | with ${v('threads')} threads | without comments | with ÷ without |`,
        '|---|---:|---:|---:|',
      )
      lines.push(`| threads highlighted in the editor | ${v('highlightedThreads')} | | |`)
      lines.push(
        `| open the platform: navigation → editor visible, median (ms) | ${v('openMsWithThreads')} | ${v('openMsWithoutComments')} | ${v('openRatio')} |`,
      )
      lines.push(`| open with threads: navigation → highlights and margin shown, median (ms) | ${v('highlightsVisibleMs')} | | |`)
      lines.push(`| decoration mapping per keystroke, mean over ${v('keystrokes')} keystrokes (ms) | ${v('decorationMsPerKeystroke')} | | |`)
      lines.push(`| one decoration pass: median / max (ms) | ${v('decorationMeasureMedianMs')} / ${v('decorationMeasureMaxMs')} | | |`)
      if (ct.keystrokeError) lines.push(`Keystroke phase failed: ${String(ct.keystrokeError).replace(/\s+/g, ' ')}`, '')
      lines.push('')
    }
  }

  if (res.govHistory?.length) historySection(res.govHistory, lines, failures, misses, historyRatios)
  if (res.traceReplay?.length) traceSection(res.traceReplay, lines, failures, misses)
  if (res.firstLoad) firstLoadSection(res.firstLoad, lines, failures, misses)
  if (res.keystrokePaint) keystrokeSection(res.keystrokePaint, lines, failures, misses)
  if (res.amendmentAccept) amendmentSection(res.amendmentAccept, lines, failures)
  if (res.trackedChanges) trackedSection(res.trackedChanges, lines, failures)
  if (res.versionHistory) versionHistorySection(res.versionHistory, lines, failures)
  if (res.cluster) clusterSection(res.cluster, lines, failures)

  lines.push('## Target: every update delivered; p99 latency and memory no worse than the better peer', '')
  if (checkLine) lines.push(checkLine, '')
  if (failures.length === 0 && misses.length === 0) lines.push('Met in every scenario.')
  for (const f of failures) lines.push(`- FAILED ${f}`)
  for (const m of misses) lines.push(`- not met: ${m}`)
  lines.push('', '## Notes', '')
  for (const n of res.notes) lines.push(`- ${n}`)
  return `${lines.join('\n')}\n`
}

/** Issue 12: each action's time and bytes on the long history ÷ on the short one (target ≤ 1.5). */
function historySection(runs: Array<Outcome<HistoryResult>>, lines: string[], failures: string[], misses: string[], out: HistoryRatioRow[]): void {
  for (const r of runs) {
    if (crashed(r)) failures.push(`Governance history: ${r.error}`)
    else if (!r.ok) failures.push(`Governance history (${r.comments} comments): ${r.failures.join('; ')}`)
  }
  const short = runs[0]
  const long = runs.at(-1)
  if (!short || !long || crashed(short) || crashed(long) || short === long) return
  const title = `Governance change against history (Plank): ${short.comments} comments, ${short.endedSessions} ended session(s) → ${long.comments} comments, ${long.endedSessions} ended sessions; median of ${long.repetitions}`
  lines.push(`| ${title} | short | long | long ÷ short |`, '|---|---:|---:|---:|')
  lines.push(
    `| first sync of the platform (bytes) | ${short.initialSyncBytes} | ${long.initialSyncBytes} | ${ratio(long.initialSyncBytes, short.initialSyncBytes)} |`,
  )
  const actions: Array<[string, (r: HistoryResult) => ActionCost]> = [
    ['comment', (r) => r.comment],
    ['raised hand', (r) => r.hand],
    ['sign-off', (r) => r.signoff],
  ]
  for (const [name, get] of actions) {
    const a = get(short)
    const b = get(long)
    const rows: Array<[string, number, number, boolean]> = [
      [`${name}: request → gov update at a member (ms)`, a.ms.p50, b.ms.p50, true],
      [`${name}: gov update bytes`, a.bytes.p50, b.bytes.p50, true],
      [`${name}: HTTP answer (ms)`, a.httpMs.p50, b.httpMs.p50, false],
    ]
    for (const [label, x, y, targeted] of rows) {
      const q = ratio(y, x)
      lines.push(`| ${label} | ${fmt(x)} | ${fmt(y)} | ${q} |`)
      out.push({ metric: label, short: x, long: y, longPerShort: ratioNumber(q) })
      if (targeted && q !== '–' && Number(q) > 1.5) misses.push(`Governance history: ${label}, long ÷ short ${q} (target ≤ 1.5)`)
    }
  }
  lines.push('')
}

/** Issue 12: the trace replay, Plank and the LevelDB peer ÷ the in-memory peer. */
function traceSection(runs: Array<Outcome<TraceResult>>, lines: string[], failures: string[], misses: string[]): void {
  for (const r of runs) {
    if (crashed(r)) failures.push(`Trace replay, ${r.server}: ${r.error}`)
    else if (!r.ok) failures.push(`Trace replay, ${r.server}: ${r.failures.join('; ')}`)
  }
  const ok = runs.filter((r): r is TraceResult => !crashed(r))
  const plank = ok.find((r) => r.server === 'plank')
  const mem = ok.find((r) => r.server === 'peer')
  const any = ok[0]
  if (!any) return
  const kinds = runs.map((r) => r.server)
  lines.push(
    `| Trace replay: automerge-paper, ${any.editsReplayed} edits, one writer as fast as its socket takes, ${any.readers} readers | ${kinds.map((k) => SERVER_LABEL[k]).join(' | ')} | Plank ÷ in-memory peer |`,
    `|---|${kinds.map(() => '---:').join('|')}|---:|`,
  )
  const cell = (r: Outcome<TraceResult>, get: (t: TraceResult) => number | string | null): string => (crashed(r) ? 'failed' : fmt(get(r) ?? 'n/a'))
  const rows: Array<[string, (t: TraceResult) => number | string | null, boolean]> = [
    ["readers with the writer's text / readers", (t) => `${t.readersMatching} / ${t.readers}`, false],
    ['replay: first edit → every reader has the last (ms)', (t) => t.replayMs, true],
    ['writer: first → last edit handed to its socket (ms)', (t) => t.writerDoneMs, false],
    ['server CPU during the replay (s)', (t) => t.serverCpuS, true],
    ['server peak RSS (MB)', (t) => t.peakRssMb, true],
    ['SQLite WAL max during the replay (MB; target ≤ 64)', (t) => t.walMaxMb, false],
    ['SQLite file / WAL at the end (MB)', (t) => (t.dbMb === null ? null : `${t.dbMb} / ${t.walEndMb}`), false],
    ['fresh client sync after the replay, median (ms)', (t) => t.freshSyncMs.p50, true],
    ['fresh client sync bytes', (t) => t.freshSyncBytes, false],
    ['restart → a client synced (ms)', (t) => t.restartToSyncedMs, false],
    ['text intact after the restart', (t) => (t.restartIntact ? 'yes' : 'no'), false],
    [
      'writer reconnects (Plank: credential)',
      (t) => (t.server === 'plank' ? `${t.writerReconnects} (${t.writerCredential ?? '–'})` : t.writerReconnects),
      false,
    ],
  ]
  for (const [label, get, judged] of rows) {
    const q = judged && plank && mem ? ratio(get(plank) as number, get(mem) as number) : ''
    lines.push(`| ${label} | ${runs.map((r) => cell(r, get)).join(' | ')} | ${q} |`)
  }
  lines.push('')
  if (plank && mem) {
    const judge = (label: string, q: string, limit: number): void => {
      if (q === '–' || Number(q) > limit) misses.push(`Trace replay: ${label} ÷ in-memory peer ${q} (target ≤ ${limit})`)
    }
    judge('replay time', ratio(plank.replayMs, mem.replayMs), 1.0)
    judge('server CPU', ratio(plank.serverCpuS, mem.serverCpuS), 1.0)
    judge('fresh client sync', ratio(plank.freshSyncMs.p50, mem.freshSyncMs.p50), 1.2)
    if (plank.walMaxMb !== null && plank.walMaxMb > 64) misses.push(`Trace replay: WAL reached ${plank.walMaxMb} MB (target ≤ 64)`)
  }
}

/** Issue 13: bytes and time to an editable editor, 3G and unthrottled; targets ≤ 250 KB and ≤ 3 s on 3G. */
function firstLoadSection(r: Outcome<FirstLoadResult>, lines: string[], failures: string[], misses: string[]): void {
  if (crashed(r)) {
    failures.push(`First load: ${r.error}`)
    return
  }
  if (!r.ok) failures.push(`First load: ${r.failures.join('; ')}`)
  const kb = (b: number): string => fmt(round(b / 1000, 1))
  const rows: Array<[string, (x: ProfileResult) => string]> = [
    ['navigation → first editable editor, median (ms)', (x) => fmt(x.editableMs)],
    ['  each run (ms)', (x) => x.editableRunsMs.join(', ')],
    ['navigation → last HTML/JS/CSS byte, median (ms)', (x) => fmt(x.lastByteMs)],
    ['HTML + JS + CSS transferred, until settled (KB)', (x) => kb(x.settled.htmlJsCss)],
    ['  of which HTML / JS / CSS (KB)', (x) => `${kb(x.settled.html)} / ${kb(x.settled.js)} / ${kb(x.settled.css)}`],
    ['  the same files decoded (KB)', (x) => kb(x.settled.htmlJsCssDecoded)],
    ['HTML + JS + CSS transferred by the time the editor was editable (KB)', (x) => kb(x.byEditable.htmlJsCss)],
    ['other responses: API, fonts, images (KB)', (x) => kb(x.settled.other)],
    ['requests (without the WebSocket)', (x) => fmt(x.settled.requests)],
    ['HTML/JS/CSS responses without Content-Encoding', (x) => fmt(x.settled.uncompressed)],
  ]
  lines.push(
    `| First load of the platform page (Plank, headless Chromium, ${r.sections} sections, cache disabled), median of ${r.runs} fresh contexts | 3G (1.6 Mbps / 750 kbps, 150 ms) | unthrottled |`,
    '|---|---:|---:|',
  )
  for (const [label, get] of rows) lines.push(`| ${label} | ${get(r.threeG)} | ${get(r.unthrottled)} |`)
  lines.push('')
  const files = [...r.threeG.files].sort((a, b) => b.bytes - a.bytes)
  if (files.length) {
    lines.push(`Files (3G run): ${files.map((f) => `${f.path} ${kb(f.bytes)} KB (${f.encoding}, ${kb(f.decoded)} decoded)`).join('; ')}.`, '')
  }
  const t = r.targets
  lines.push(
    `Targets: HTML + JS + CSS ${fmt(r.htmlJsCssKb)} KB (≤ ${t.htmlJsCssKb}: ${r.htmlJsCssTargetMet ? 'met' : 'not met'}); ` +
      `editable on 3G ${fmt(r.threeG.editableMs)} ms (≤ ${t.editable3gMs}: ${r.editable3gTargetMet ? 'met' : 'not met'}).`,
    '',
  )
  if (!r.htmlJsCssTargetMet) misses.push(`First load: HTML + JS + CSS ${fmt(r.htmlJsCssKb)} KB (target ≤ ${t.htmlJsCssKb})`)
  if (!r.editable3gTargetMet) misses.push(`First load: editable on 3G after ${fmt(r.threeG.editableMs)} ms (target ≤ ${t.editable3gMs})`)
}

/** Issue 13: keydown → next frame while two remote writers type (target p99 < 16 ms). */
function keystrokeSection(r: Outcome<KeystrokeResult>, lines: string[], failures: string[], misses: string[]): void {
  if (crashed(r)) {
    failures.push(`Keystroke to paint: ${r.error}`)
    return
  }
  if (!r.ok) failures.push(`Keystroke to paint: ${r.failures.join('; ')}`)
  lines.push(
    `| Keystroke to paint (Plank, headless Chromium): ${r.sections} sections, ${r.remoteWriters} remote writers × ${r.remoteCharsPerS} chars/s, ${r.chars} keys one per ${r.keyDelayMs} ms | p50 | p99 | max |`,
    '|---|---:|---:|---:|',
  )
  const rows: Array<[string, KeystrokeResult['keyToFrameMs']]> = [
    ['keydown → next frame (requestAnimationFrame) (ms)', r.keyToFrameMs],
    ...(r.baselineKeyToFrameMs
      ? ([['  the same with nobody else typing (baseline) (ms)', r.baselineKeyToFrameMs]] as Array<[string, KeystrokeResult['keyToFrameMs']]>)
      : []),
    ['keydown → after that frame (ms)', r.keyToAfterFrameMs],
    ["keydown → the key's input event handled (ms)", r.keyToInputHandledMs],
  ]
  for (const [label, s] of rows) lines.push(`| ${label} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} |`)
  lines.push('')
  lines.push(
    `Keys seen: ${r.keys}; remote characters typed meanwhile: ${r.remoteCharsTyped}; Event Timing entries over 16 ms (keydown/keypress/input): ${r.slowEventTimingEntries} (max ${fmt(r.slowEventTimingMaxMs)} ms).`,
    '',
    `Frame interval ${fmt(r.frameIntervalMs)} ms: even an idle page waits up to one interval for the next frame, so a p99 under ${r.targetP99Ms} ms is below what 60 Hz allows; what the target asks is that a key never misses its frame. ` +
      `Keys whose next frame came more than one interval later: ${r.keysMissingAFrame ?? '–'} of ${r.keys} (baseline ${r.baselineKeysMissingAFrame ?? '–'}).`,
    '',
    `Target: keys missing a frame ≤ 1% (p99 keydown → next frame within one frame interval): ${r.targetMet ? 'met' : 'not met'}; keydown → next frame p99 ${fmt(r.keyToFrameMs.p99)} ms (literal < ${r.targetP99Ms}: ${r.keyToFrameMs.p99 < r.targetP99Ms ? 'met' : 'not met'}).`,
    '',
  )
  if (!r.targetMet) misses.push(`Keystroke to paint: ${r.keysMissingAFrame} of ${r.keys} keys missed a frame (p99 ${fmt(r.keyToFrameMs.p99)} ms)`)
}

function amendmentSection(runs: Array<Outcome<AmendmentAcceptResult>>, lines: string[], failures: string[]): void {
  lines.push(
    '| Accepting an amendment (10 paragraphs changed) while two people type (10 chars/s each) in the section (Plank) | accept request (ms) | typists p99 without (ms) | typists p99 around the accept (ms) | max around (ms) |',
    '|---|---:|---:|---:|---:|',
  )
  for (const r of runs) {
    if (crashed(r)) {
      failures.push(`Amendment accept: ${r.error}`)
      continue
    }
    if (!r.ok) failures.push(`Amendment accept, ${r.words} words: ${r.failures.join('; ')}`)
    lines.push(
      `| ${r.words.toLocaleString('en')} words | ${fmt(r.acceptMs ?? Number.NaN)} | ${fmt(r.without.p99)} | ${fmt(r.during.p99)} | ${fmt(r.during.max)} |`,
    )
  }
  lines.push(
    '',
    'No target: the accept runs merge, commit and apply in one synchronous step (nothing can land in between), so the typists wait for it once; how that wait grows with the section is the figure to watch.',
    '',
  )
}

function trackedSection(runs: Array<Outcome<TrackedChangesResult>>, lines: string[], failures: string[]): void {
  lines.push(
    '| Typing into an amendment: its tracked changes beside it (Plank) | open amendments | key → frame p99 (ms) | key → after frame p99 (ms) | key → tracked view p50 / p99 (ms) | diff p50 / p99 (ms) | diff runs / keys |',
    '|---|---:|---:|---:|---:|---:|---:|',
  )
  for (const r of runs) {
    if (crashed(r)) {
      failures.push(`Tracked changes: ${r.error}`)
      continue
    }
    if (!r.ok) failures.push(`Tracked changes, ${r.words} words, ${r.amendments} open: ${r.failures.join('; ')}`)
    lines.push(
      `| ${r.words.toLocaleString('en')} words | ${r.amendments} | ${fmt(r.keyToFrameMs.p99)} | ${fmt(r.keyToAfterFrameMs.p99)} | ${fmt(r.keyToTrackedShownMs.p50)} / ${fmt(r.keyToTrackedShownMs.p99)} | ${fmt(r.diffMs.p50)} / ${fmt(r.diffMs.p99)} | ${r.diffRuns} / ${r.keys} |`,
    )
  }
  lines.push(
    '',
    'No target: the row with 20 open amendments against the row with 1, at each size, is the figure to watch (the view diffs one amendment; the others should cost nothing).',
    '',
  )
}

function versionHistorySection(runs: Array<Outcome<VersionHistoryResult>>, lines: string[], failures: string[]): void {
  lines.push(
    '| A platform after a replayed trace (Plank) | history | versions | stored MB (versions’ texts KB) | load after restart (ms) | fresh client sync (ms) | platform timeline / section timeline / one version / compare (ms) |',
    '|---|---|---:|---:|---:|---:|---:|',
  )
  const ok = runs.filter((r): r is VersionHistoryResult => !crashed(r))
  for (const r of runs) {
    if (crashed(r)) {
      failures.push(`Version history: ${r.error}`)
      continue
    }
    if (!r.ok) failures.push(`Version history, ${r.edits} edits, ${r.history ? 'with' : 'without'}: ${r.failures.join('; ')}`)
    lines.push(
      `| ${r.edits.toLocaleString('en')} edits in ${r.sections} sections | ${r.history ? 'kept' : 'none'} | ${r.versions} | ${fmt(r.storedMb)} (${fmt(r.versionTextsKb)}) | ${fmt(r.loadMs)} | ${fmt(r.freshSyncMs)} | ${fmt(r.timelineMs)} / ${fmt(r.sectionTimelineMs)} / ${fmt(r.versionMs)} / ${fmt(r.compareMs)} |`,
    )
  }
  // Ratios at each size: with history ÷ without (the cost of keeping it).
  for (const edits of [...new Set(ok.map((r) => r.edits))]) {
    const kept = ok.find((r) => r.edits === edits && r.history)
    const none = ok.find((r) => r.edits === edits && !r.history)
    if (!kept || !none) continue
    const ratio = (a: number, b: number) => (b > 0 ? fmt(round(a / b)) : '—')
    lines.push(
      '',
      `${edits.toLocaleString('en')} edits, with history ÷ without: stored ${ratio(kept.storedMb, none.storedMb)}, load ${ratio(kept.loadMs, none.loadMs)}, fresh sync ${ratio(kept.freshSyncMs, none.freshSyncMs)}.`,
    )
  }
  lines.push('', 'Target (issue 16): keeping history must not make opening a platform slower: load and fresh sync ratios near 1 at every size.', '')
}

function collectLoads(res: BenchResults): number[] {
  const out: number[] = []
  for (const p of [...res.fanout, res.connectStorm, res.manyDocs, ...res.drafting]) {
    if (!p) continue
    const runs: unknown[] = p.allRuns ?? [p.plank, p.peer, p.hocuspocus]
    for (const r of runs) {
      const l = (r as { loadAvg1m?: { before: number; after: number } }).loadAvg1m
      if (l) out.push(l.before, l.after)
    }
  }
  const extra: unknown[] = [
    ...(res.updateCheck?.allRuns.map((r) => r.result) ?? []),
    res.commentThreads,
    ...(res.govHistory ?? []),
    ...(res.traceReplay ?? []),
    res.firstLoad,
    res.keystrokePaint,
    ...(res.amendmentAccept ?? []),
    ...(res.trackedChanges ?? []),
    ...(res.versionHistory ?? []),
    ...(res.cluster ?? []),
  ]
  for (const r of extra) {
    const l = (r as { loadAvg1m?: { before: number; after: number } } | null)?.loadAvg1m
    if (l) out.push(l.before, l.after)
  }
  return out
}

export function writeResults(dir: string, res: BenchResults): { json: string; md: string } {
  mkdirSync(dir, { recursive: true })
  const json = join(dir, 'latest.json')
  const md = join(dir, 'latest.md')
  // The ratios of the tables, Plank ÷ each peer and ÷ the better one, at the top of the JSON too.
  const ratios: RatioRow[] = []
  const historyRatios: HistoryRatioRow[] = []
  const text = markdown(res, ratios, historyRatios)
  writeFileSync(json, `${JSON.stringify({ ratios, historyRatios, ...res }, null, 2)}\n`)
  writeFileSync(md, text)
  return { json, md }
}
