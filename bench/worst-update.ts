/**
 * `npm run bench:worst-update` (issue 11 #6): the costliest single update a
 * member can send, and how its cost grows with its size. Each update inserts
 * N items at one position from C clients (concurrent inserts: Yjs's conflict
 * resolution), the shape that stalled the server for seconds before updates
 * were bounded. Plank's cost (update guard: size scan, diffUpdate, decode,
 * placement and content rules; then apply and audit) is set beside the peer's
 * (@y/websocket-server applies the raw update, nothing else), as a ratio.
 * Writes bench/results/worst-update.json and .md.
 */
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { RAW_UPDATE_LIMITS, UPDATE_LIMITS } from '../server/relay/client-updates.js'
import { contentRefusal } from '../server/relay/content-rules.js'
import { auditTransaction } from '../server/relay/transaction-audit.js'
import { inspectUpdate } from '../server/relay/update-guard.js'
import { REPO_ROOT } from './servers.js'

interface Row {
  structs: number
  clients: number
  pattern: string
  plankMs: number
  peerMs: number
  ratio: number
  outcome: string
}

/** A document with one paragraph "ab"; the update inserts between a and b. */
function craft(structs: number, clients: number, sameRight: boolean, ascending: boolean) {
  const doc = new Y.Doc()
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText('ab')
  p.insert(0, [t])
  doc.getXmlFragment('body:s').insert(0, [p])
  const first = t._start!.id
  const a = Y.createID(first.client, first.clock)
  const b = Y.createID(first.client, first.clock + 1)
  const per = Math.floor(structs / clients)
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, clients)
  for (let c = 0; c < clients; c++) {
    const client = ascending ? 1_000 + c : 1_000_000 - c
    encoding.writeVarUint(encoder.restEncoder, per)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, 0)
    for (let i = 0; i < per; i++) {
      const right = sameRight || i === 0 ? b : Y.createID(client, i - 1)
      new Y.Item(Y.createID(client, i), null, a, null, right, null, null, new Y.ContentString('x')).write(encoder, 0)
    }
  }
  encoding.writeVarUint(encoder.restEncoder, 0) // empty delete set
  return { doc, update: encoder.toUint8Array() }
}

const time = (fn: () => void): number => {
  const start = performance.now()
  fn()
  return performance.now() - start
}

function measure(structs: number, clients: number, sameRight: boolean, ascending: boolean): Row {
  const pattern = `${sameRight ? 'same right origin' : 'chained right origins'}, clients ${ascending ? 'ascending' : 'descending'}`
  const peer = craft(structs, clients, sameRight, ascending)
  const peerMs = time(() => Y.applyUpdate(peer.doc, peer.update))
  const plank = craft(structs, clients, sameRight, ascending)
  let outcome = ''
  const rules = { mayWrite: () => true, contentRefusal }
  const plankMs = time(() => {
    const inspection = inspectUpdate(plank.doc, plank.update, UPDATE_LIMITS, RAW_UPDATE_LIMITS)
    outcome = inspection.status === 'refused' ? `refused (${inspection.reason})` : inspection.status
    if (inspection.status !== 'ready') return
    let violation: string | null = null
    const audit = (tr: Y.Transaction): void => {
      violation = auditTransaction(tr, rules)
    }
    plank.doc.on('beforeObserverCalls', audit)
    Y.applyUpdate(plank.doc, inspection.update)
    plank.doc.off('beforeObserverCalls', audit)
    if (violation !== null) outcome = `audit: ${violation}`
  })
  return { structs, clients, pattern, plankMs: round(plankMs), peerMs: round(peerMs), ratio: round(plankMs / Math.max(peerMs, 0.001)), outcome }
}

const round = (n: number): number => Math.round(n * 100) / 100

const rows: Row[] = []
const loadBefore = loadavg()[0]!
for (const structs of [1_000, 5_000, 20_000]) {
  for (const clients of [1, 16, 64]) {
    for (const sameRight of [true, false]) {
      for (const ascending of [true, false]) rows.push(measure(structs, clients, sameRight, ascending))
    }
  }
}
// Beyond the bounds: refused before decoding (raw) or after (new part).
rows.push(measure(20_001, 1, true, true))
rows.push(measure(100_001, 1, true, true))
rows.push(measure(10_000, 10_000, true, true))
const loadAfter = loadavg()[0]!

const worst = (n: number): Row => rows.filter((r) => r.structs === n).reduce((a, b) => (b.plankMs > a.plankMs ? b : a))
const md = [
  '# Worst-case single update (issue 11 #6)',
  '',
  `Machine: ${cpus().length} cores, 1-min load ${round(loadBefore)} → ${round(loadAfter)}. Plank = size scan + diffUpdate + decode + placement + content rules + apply + audit; peer = Y.applyUpdate of the raw update (what @y/websocket-server does).`,
  '',
  '| structs | clients | pattern | Plank ms | peer ms | Plank ÷ peer | outcome |',
  '|---:|---:|---|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.structs} | ${r.clients} | ${r.pattern} | ${r.plankMs} | ${r.peerMs} | ${r.ratio} | ${r.outcome} |`),
  '',
  `Worst accepted update: ${[1_000, 5_000, 20_000].map((n) => `${n} structs ${worst(n).plankMs} ms`).join(', ')}.`,
  '',
].join('\n')
const dir = join(REPO_ROOT, 'bench', 'results')
writeFileSync(join(dir, 'worst-update.json'), JSON.stringify({ loadAvg1m: { before: loadBefore, after: loadAfter }, rows }, null, 2))
writeFileSync(join(dir, 'worst-update.md'), md)
console.log(md)
