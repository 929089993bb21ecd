/**
 * What storing one accepted update costs, measured (not a timed test; issue 12
 * item 8). Two figures:
 * - store: appending N keystroke-sized updates to a real SQLite store, one
 *   call per update (and, when the store has it, in batches);
 * - relay: a real server in this process, one writer sending N keystroke
 *   updates as fast as its socket takes them, then a SaveCheck: wall time
 *   and server CPU from the first frame to the acknowledgement, per update.
 *
 * Run: npx tsc -p tests/measure/tsconfig.json && node dist/measure/tests/measure/store-append-cost.js [N]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { createPlank } from '../../server/app.js'
import { configFromEnv } from '../../server/config.js'
import { openSqliteStore } from '../../server/store/sqlite/open.js'
import type { Store } from '../../server/store/store.js'
import { sectionRoot } from '../../shared/documents.js'
import { MessageType, SAVE_ACK_PARAM } from '../../shared/protocol.js'
import { encodeSaveCheck } from '../../shared/protocol-messages.js'
import { syncUpdateFrame } from '../helpers/updates.js'

const N = Number(process.argv[2] ?? 20_000)

/** N single-character insertions into one paragraph, each its own update, as a typist makes them. */
function keystrokes(base: Y.Doc, sectionId: string, n: number): Uint8Array[] {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const text = new Y.XmlText()
  doc.transact(() => {
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [text])
    doc.getXmlFragment(sectionRoot(sectionId)).insert(0, [p])
  })
  for (let i = 0; i < n - 1; i++) text.insert(i, String.fromCharCode(97 + (i % 26)))
  return updates
}

function measureStore(updates: Uint8Array[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'plank-measure-'))
  const store = openSqliteStore(join(dir, 'plank.sqlite'))
  // Stores from before batching have no appendUpdates (the "before" figures were taken with one).
  const withBatches = store as Omit<Store, 'appendUpdates'> & { appendUpdates?: (doc: string, updates: Uint8Array[]) => number }
  const run = (label: string, batch: number): void => {
    const started = process.hrtime.bigint()
    if (batch === 1 || !withBatches.appendUpdates) for (const u of updates) store.appendUpdate(`doc-${label}`, u)
    else for (let i = 0; i < updates.length; i += batch) withBatches.appendUpdates(`doc-${label}`, updates.slice(i, i + batch))
    const us = Number(process.hrtime.bigint() - started) / 1000 / updates.length
    console.log(`store: ${label.padEnd(16)} ${us.toFixed(1)} µs per update`)
  }
  run('one per call', 1)
  if (withBatches.appendUpdates) for (const b of [4, 16, 64, 256]) run(`batches of ${b}`, b)
  void store.close().then(() => rmSync(dir, { recursive: true, force: true }))
}

async function measureRelay(n: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plank-measure-'))
  const plank = await createPlank({ ...configFromEnv({}, { clientDir: null }), port: 0, host: '127.0.0.1', dataDir, log: () => {} })
  const url = `http://127.0.0.1:${plank.port}`
  const { people } = (await (await fetch(`${url}/api/demo/people`)).json()) as { people: Array<{ id: string; role: string }> }
  const signIn = await fetch(`${url}/api/demo/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId: people.find((p) => p.role === 'facilitator')!.id }),
  })
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const platformId = plank.store.listPlatforms()[0]!.id
  const sectionId = plank.store.listSections(platformId)[0]!.id
  const socket = new WebSocket(`ws://127.0.0.1:${plank.port}/ws/${platformId}?${SAVE_ACK_PARAM}=1`, { headers: { cookie } })
  await new Promise((resolve) => socket.once('open', resolve))
  const room = plank.rooms.get(platformId)!
  const frames = keystrokes(room.doc, sectionId, n).map(syncUpdateFrame)
  const acked = new Promise<void>((resolve) =>
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) === MessageType.SaveCheck && decoding.readVarUint(decoder) === 1) resolve()
    }),
  )
  // How many commits carried the updates (a store without appendUpdates commits once per update).
  let commits = 0
  const batched = plank.store as { appendUpdates?: (doc: string, updates: Uint8Array[]) => number }
  const original = batched.appendUpdates?.bind(plank.store)
  if (original)
    batched.appendUpdates = (doc, updates) => {
      commits++
      return original(doc, updates)
    }
  const cpu = process.cpuUsage()
  const started = process.hrtime.bigint()
  for (const frame of frames) socket.send(frame)
  socket.send(encodeSaveCheck(1))
  await acked
  const wallUs = Number(process.hrtime.bigint() - started) / 1000
  const used = process.cpuUsage(cpu)
  const wal = statSync(join(dataDir, 'plank.sqlite-wal'), { throwIfNoEntry: false })?.size ?? 0
  console.log(
    `relay: ${n} updates acknowledged in ${(wallUs / 1000).toFixed(0)} ms: ${(wallUs / n).toFixed(1)} µs wall and ${((used.user + used.system) / n).toFixed(1)} µs CPU per update (client in the same process); WAL now ${(wal / 1e6).toFixed(1)} MB${original ? `; ${commits} commits, ${(n / commits).toFixed(1)} updates each` : ''}`,
  )
  socket.close()
  await plank.close()
  rmSync(dataDir, { recursive: true, force: true })
}

const base = new Y.Doc()
measureStore(keystrokes(base, 'measure', N))
await measureRelay(N)
