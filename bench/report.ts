/**
 * Writes bench/results/latest.json (everything measured) and latest.md (the
 * short table of Plank ÷ peer ratios that we report).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StormConfig, StormResult } from './scenarios/connect-storm.js'
import type { DraftingConfig, DraftingResult } from './scenarios/drafting.js'
import type { FanoutConfig, FanoutResult } from './scenarios/fanout.js'
import type { ManyDocsConfig, ManyDocsResult } from './scenarios/many-docs.js'
import type { ServerKind } from './servers.js'
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
  peer: Outcome<T>
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
    drafting: DraftingConfig
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
  /** Issue 8: a drafting session of 300 participants. */
  drafting: Pair<DraftingResult> | null
}

const crashed = <T>(o: Outcome<T>): o is Crashed => 'error' in (o as object)

/** lower: a ratio above 1 means Plank is worse; info: a count, no ratio judged. */
type Better = 'lower' | 'info'
interface Metric<T> {
  label: string
  better: Better
  get: (r: T) => number | string
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
  { label: 'server peak RSS (MB)', better: 'lower', get: (r) => r.peakRssMb },
  { label: 'server RSS before the storm (MB)', better: 'info', get: (r) => r.rssBeforeStormMb },
]

const MANY: Metric<ManyDocsResult>[] = [
  { label: 'documents open', better: 'info', get: (r) => `${r.synced} / ${r.documents}` },
  { label: 'RSS, all open (MB)', better: 'lower', get: (r) => r.openRssMb },
  { label: 'RSS 30 s after all closed (MB)', better: 'lower', get: (r) => r.closedRssMb },
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
  { label: 'session changes reaching all / sent', better: 'info', get: (r) => (r.sessionChangeMs ? `${r.sessionChanges.reachedAll} / ${r.sessionChanges.sent}` : 'n/a') },
  { label: 'session change → participant p50 (ms)', better: 'info', get: (r) => r.sessionChangeMs?.p50 ?? 'n/a' },
  { label: 'session change → participant p99 (ms)', better: 'info', get: (r) => r.sessionChangeMs?.p99 ?? 'n/a' },
  { label: 'session change → all participants, p99 (ms)', better: 'info', get: (r) => r.sessionChangeReachAllMs?.p99 ?? 'n/a' },
]

/** The targets: p99 latency and memory no worse than the peer's. */
const TARGETED = /p99|RSS/

export function markdown(res: BenchResults): string {
  const lines: string[] = []
  const misses: string[] = []
  const failures: string[] = []
  let checkLine = ''
  const section = <T extends { ok: boolean; failures: string[] }>(title: string, pair: Pair<T>, metrics: Metric<T>[]): void => {
    lines.push(`| ${title} | Plank | peer | Plank ÷ peer |`, '|---|---:|---:|---:|')
    for (const m of metrics) {
      const a = crashed(pair.plank) ? 'failed' : m.get(pair.plank)
      const b = crashed(pair.peer) ? 'failed' : m.get(pair.peer)
      const q = m.better === 'info' ? '' : ratio(a, b)
      lines.push(`| ${m.label} | ${fmt(a)} | ${fmt(b)} | ${q} |`)
      if (TARGETED.test(m.label) && q !== '' && q !== '–' && Number(q) > 1) misses.push(`${title}: ${m.label}, ${q}×`)
    }
    lines.push('')
    for (const side of [pair.plank, pair.peer]) {
      if (crashed(side)) failures.push(`${title}, ${side.server}: ${side.error}`)
      else if (!side.ok) failures.push(`${title}, ${(side as T & { server: string }).server}: ${side.failures.join('; ')}`)
    }
  }

  lines.push('# Plank relay benchmark', '')
  lines.push(
    `${res.finishedAt.slice(0, 16).replace('T', ' ')} UTC, ${res.durationS} s, ${res.machine.cpus} × ${res.machine.cpuModel}, Node ${res.machine.node}. ` +
      `Peer: @y/websocket-server ${res.versions['@y/websocket-server']} (in memory, as its README starts it). ` +
      'Same load generator, same machine, one fresh server process per scenario and server. ' +
      'Ratios below 1 favour Plank.',
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
      `| Update check, Plank fan-out ${c.check.clients} clients | with check | without (PLANK_BENCH_SKIP_UPDATE_CHECK=1) | with ÷ without |`,
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
      u.allRuns.filter((r) => r.variant === variant).map((r) => (crashed(r.result) ? 'failed' : String(r.result.latencyMs.p99))).join(', ')
    lines.push('', `Every run's p99 (ms), in run order with, without, without, with: with ${p99s('with')}; without ${p99s('without')}.`, '')
    const q = ratio(cell(u.with, (r) => r.latencyMs.p99), cell(u.without, (r) => r.latencyMs.p99))
    if (q === '–') failures.push('Update check: no ratio (a run failed)')
    else if (Number(q) > 1.1) misses.push(`Update check: p99 with the check ÷ without is ${q} (target ≤ 1.10)`)
    checkLine = `Update check: p99 with ÷ without = ${q} (target ≤ 1.10): ${q !== '–' && Number(q) <= 1.1 ? 'met' : 'not met'}.`
    for (const side of [u.with, u.without]) {
      if (crashed(side)) failures.push(`Update check: ${side.error}`)
      else if (!side.ok) failures.push(`Update check: ${side.failures.join('; ')}`)
    }
  }
  if (res.connectStorm) section(`Connect storm: ${c.storm.clients} clients, ${historyMb} MB history`, res.connectStorm, STORM)
  if (res.manyDocs) section(`${c.many.documents} documents, one client each`, res.manyDocs, MANY)
  if (res.drafting) {
    const dc = c.drafting
    section(
      `Drafting session: ${dc.participants} participants (${dc.organizations} orgs), presence, one edit each per ${dc.editEveryS} s, ${dc.durationS} s`,
      res.drafting,
      DRAFTING,
    )
  }
  if (res.commentThreads) {
    const ct = res.commentThreads
    if (!ct.ok) failures.push(`Comment threads: ${ct.error}`)
    else {
      const v = (k: string): string => fmt((ct[k] as number | string | undefined) ?? '–')
      lines.push(`| Comment threads in headless Chromium (Plank only) | with ${v('threads')} threads | without comments | with ÷ without |`, '|---|---:|---:|---:|')
      lines.push(`| threads highlighted in the editor | ${v('highlightedThreads')} | | |`)
      lines.push(`| open the platform: navigation → editor visible, median (ms) | ${v('openMsWithThreads')} | ${v('openMsWithoutComments')} | ${v('openRatio')} |`)
      lines.push(`| open with threads: navigation → highlights and margin shown, median (ms) | ${v('highlightsVisibleMs')} | | |`)
      lines.push(`| decoration mapping per keystroke, mean over ${v('keystrokes')} keystrokes (ms) | ${v('decorationMsPerKeystroke')} | | |`)
      lines.push(`| one decoration pass: median / max (ms) | ${v('decorationMeasureMedianMs')} / ${v('decorationMeasureMaxMs')} | | |`)
      if (ct.keystrokeError) lines.push(`Keystroke phase failed: ${String(ct.keystrokeError).replace(/\s+/g, ' ')}`, '')
      lines.push('')
    }
  }

  lines.push('## Target: every update delivered; p99 latency and memory no worse than the peer', '')
  if (checkLine) lines.push(checkLine, '')
  if (failures.length === 0 && misses.length === 0) lines.push('Met in every scenario.')
  for (const f of failures) lines.push(`- FAILED ${f}`)
  for (const m of misses) lines.push(`- worse than the peer: ${m}`)
  lines.push('', '## Notes', '')
  for (const n of res.notes) lines.push(`- ${n}`)
  return lines.join('\n') + '\n'
}

function collectLoads(res: BenchResults): number[] {
  const out: number[] = []
  for (const p of [...res.fanout, res.connectStorm, res.manyDocs, res.drafting]) {
    if (!p) continue
    const runs: unknown[] = p.allRuns ?? [p.plank, p.peer]
    for (const r of runs) {
      const l = (r as { loadAvg1m?: { before: number; after: number } }).loadAvg1m
      if (l) out.push(l.before, l.after)
    }
  }
  const extra: unknown[] = [...(res.updateCheck?.allRuns.map((r) => r.result) ?? []), res.commentThreads]
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
  writeFileSync(json, JSON.stringify(res, null, 2) + '\n')
  writeFileSync(md, markdown(res))
  return { json, md }
}
