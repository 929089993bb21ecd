/**
 * Writes bench/results/latest.json (everything measured) and latest.md (the
 * short table of Plank ÷ peer ratios that we report).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StormConfig, StormResult } from './scenarios/connect-storm.js'
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
  config: { fanout: Omit<FanoutConfig, 'clients'> & { clients: number[] }; storm: StormConfig; many: ManyDocsConfig }
  notes: string[]
  fanout: Array<Pair<FanoutResult> & { clients: number }>
  connectStorm: Pair<StormResult> | null
  manyDocs: Pair<ManyDocsResult> | null
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

/** The targets: p99 latency and memory no worse than the peer's. */
const TARGETED = /p99|RSS/

export function markdown(res: BenchResults): string {
  const lines: string[] = []
  const misses: string[] = []
  const failures: string[] = []
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
  if (res.connectStorm) section(`Connect storm: ${c.storm.clients} clients, ${historyMb} MB history`, res.connectStorm, STORM)
  if (res.manyDocs) section(`${c.many.documents} documents, one client each`, res.manyDocs, MANY)

  lines.push('## Target: every update delivered; p99 latency and memory no worse than the peer', '')
  if (failures.length === 0 && misses.length === 0) lines.push('Met in every scenario.')
  for (const f of failures) lines.push(`- FAILED ${f}`)
  for (const m of misses) lines.push(`- worse than the peer: ${m}`)
  lines.push('', '## Notes', '')
  for (const n of res.notes) lines.push(`- ${n}`)
  return lines.join('\n') + '\n'
}

function collectLoads(res: BenchResults): number[] {
  const out: number[] = []
  for (const p of [...res.fanout, res.connectStorm, res.manyDocs]) {
    if (!p) continue
    const runs: unknown[] = p.allRuns ?? [p.plank, p.peer]
    for (const r of runs) {
      const l = (r as { loadAvg1m?: { before: number; after: number } }).loadAvg1m
      if (l) out.push(l.before, l.after)
    }
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
