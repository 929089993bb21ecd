/**
 * Issue 17's table in latest.md: three instances on PostgreSQL + Redis and
 * one on PostgreSQL, each against one instance on SQLite with the same
 * clients, as ratios (below 1: the set-up does better than SQLite alone).
 */
import type { Crashed, Outcome } from './report.js'
import type { ClusterResult, ClusterSetup, PhaseCpu } from './scenarios/cluster.js'
import { round } from './stats.js'

const LABEL: Record<ClusterSetup, string> = {
  sqlite: '1 instance, SQLite',
  postgres: '1 instance, PostgreSQL',
  cluster: '3 instances, PostgreSQL + Redis',
}

const isCrashed = (o: Outcome<ClusterResult>): o is Crashed => 'error' in o
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? round(a / b).toFixed(2) : '–')
const num = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : String(v))
const cpuCell = (c: PhaseCpu): string =>
  `${c.instancesS.join(' / ')}${c.postgresS === null ? '' : `; PG ${c.postgresS}`}${c.redisS === null ? '' : `; Redis ${c.redisS}`}; total ${c.totalS}`

export function clusterSection(runs: Array<Outcome<ClusterResult>>, lines: string[], failures: string[]): void {
  const sizes = [...new Set(runs.flatMap((r) => (isCrashed(r) ? [] : [r.clients])))].sort((a, b) => a - b)
  for (const r of runs) if (isCrashed(r)) failures.push(`Cluster: ${r.error}`)
  for (const clients of sizes)
    sizeSection(
      runs.filter((r): r is ClusterResult => !isCrashed(r) && r.clients === clients),
      lines,
      failures,
    )
}

function sizeSection(runs: ClusterResult[], lines: string[], failures: string[]): void {
  const finished: ClusterResult[] = []
  for (const r of runs) {
    if (!r.ok) failures.push(`Cluster, ${LABEL[r.setup]}, ${r.clients} clients: ${r.failures.join('; ')}`)
    finished.push(r)
  }
  // Each set-up's better run (lower p99 edit → client; a successful one first): other work only slows a run down.
  const done: ClusterResult[] = []
  for (const setup of Object.keys(LABEL) as ClusterSetup[]) {
    const mine = finished.filter((r) => r.setup === setup)
    const pool = mine.some((r) => r.ok) ? mine.filter((r) => r.ok) : mine
    const best = pool.reduce<ClusterResult | null>((a, b) => (a === null || b.latencyMs.p99 < a.latencyMs.p99 ? b : a), null)
    if (best) done.push(best)
  }
  const first = done[0]
  if (!first) return
  lines.push(
    `### One platform, ${first.clients} clients: three instances against one (issue 17)`,
    '',
    `Latency phase: ${first.writers} writers × ${first.editsPerSecond} edits/s × ${first.durationS} s; throughput phase: ${first.burstEditsPerWriter} edits per writer as fast as the sockets take them, until every client has every edit.`,
    '',
    '| set-up | delivered / expected | clients with the full text | edit → client p50 / p99 (ms) | same instance p50 / p99 | across instances p50 / p99 | edit → all p99 | throughput (edits/s to all; deliveries/s) | CPU s, latency phase (each instance; PG; Redis; total) | CPU s, throughput phase | peak RSS MB per instance |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
  )
  for (const r of done) {
    const cross = r.crossInstanceMs.count ? `${num(r.crossInstanceMs.p50)} / ${num(r.crossInstanceMs.p99)}` : '–'
    lines.push(
      `| ${LABEL[r.setup]} | ${r.delivered} / ${r.expected} | ${r.contentMatches} / ${r.clients} | ${num(r.latencyMs.p50)} / ${num(r.latencyMs.p99)} | ${num(r.sameInstanceMs.p50)} / ${num(r.sameInstanceMs.p99)} | ${cross} | ${num(r.reachAllMs.p99)} | ${r.throughput.editsPerS}; ${r.throughput.deliveriesPerS} | ${cpuCell(r.latencyCpu)} | ${cpuCell(r.throughputCpu)} | ${r.peakRssMb.join(' / ')} |`,
    )
  }
  const base = done.find((r) => r.setup === 'sqlite')
  if (base) {
    lines.push(
      '',
      '| ÷ 1 instance on SQLite | latency p50 | latency p99 | across instances p99 ÷ SQLite p99 | edit → all p99 | throughput (edits/s) | CPU, latency phase (total) | CPU, throughput phase (total) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    )
    for (const r of done.filter((x) => x !== base)) {
      lines.push(
        `| ${LABEL[r.setup]} | ${ratio(r.latencyMs.p50, base.latencyMs.p50)} | ${ratio(r.latencyMs.p99, base.latencyMs.p99)} | ${r.crossInstanceMs.count ? ratio(r.crossInstanceMs.p99, base.latencyMs.p99) : '–'} | ${ratio(r.reachAllMs.p99, base.reachAllMs.p99)} | ${ratio(r.throughput.editsPerS, base.throughput.editsPerS)} | ${ratio(r.latencyCpu.totalS, base.latencyCpu.totalS)} | ${ratio(r.throughputCpu.totalS, base.throughputCpu.totalS)} |`,
      )
    }
  }
  lines.push(
    '',
    `Each set-up ran ${finished.length / Math.max(1, done.length)} times (mirrored order); the table shows its run with the lower p99, every run is in the JSON. Everything shares the bench machine: the instances, PostgreSQL, Redis and the load generator (all ${first.clients} clients in one process). On 2 cores, three instances split the same cores, so the cluster rows show what Redis and the shared store cost, not the capacity of three machines.`,
    '',
  )
}
