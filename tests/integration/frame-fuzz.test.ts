/**
 * Issue 11, "Server never exits on input": random and broken frames, and a
 * share of the adversarial update generator, sent to the built server running
 * as its own process (`npm start`'s entry point, built by `npm run build:server`).
 * The test fails if the process exits, stops answering, or if a root the
 * senders may not write changed as a stock client and a fresh client see it.
 *
 * Seeded: PLANK_FUZZ_SEED replays a run; PLANK_FUZZ_FRAMES sets the count.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { MessageType } from '../../shared/protocol.js'
import { connectClient, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { createGenerator, type Rights } from '../helpers/crafted-updates.js'
import { api, demoCookie } from '../helpers/http.js'
import { HostileSender, type Outcome } from '../helpers/hostile-sender.js'
import { seededRandom } from '../helpers/random.js'
import { changedRoots, rootsContent } from '../helpers/root-content.js'
import { spawnPlank, type ServerProcess } from '../helpers/server-process.js'
import { syncUpdateFrame } from '../helpers/updates.js'

/** Seeds that once ended or stalled the process. */
const REGRESSION_SEEDS: number[] = []

const SEED = Number(process.env.PLANK_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
const FRAMES = Number(process.env.PLANK_FUZZ_FRAMES ?? 3000)
/** Of every ten messages, this many come from the adversarial update generator. */
const GENERATOR_SHARE = 3

type Person = { id: string; role: string; orgId: string | null }

const varUint = (n: number): Uint8Array => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, n)
  return encoding.toUint8Array(e)
}
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** One hostile frame: random bytes, truncations, bad varints, huge length claims, text, valid prefixes with garbage. */
function fuzzFrame(rand: () => number, sample: Uint8Array): { label: string; frame: Uint8Array | string } {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(0, 255))
  switch (int(0, 11)) {
    case 0:
      return { label: 'random bytes', frame: bytes(int(0, 300)) }
    case 1:
      return { label: 'truncated update', frame: sample.slice(0, int(0, Math.max(0, sample.length - 1))) }
    case 2:
      return { label: 'overlong varint', frame: concat(new Uint8Array(int(1, 12)).fill(0xff), bytes(int(0, 4))) }
    case 3: {
      // A sync update claiming a length far beyond the frame.
      const claim = [2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1, 1e6][int(0, 3)]!
      return { label: 'huge length', frame: concat(varUint(MessageType.Sync), varUint(2), varUint(claim), bytes(int(0, 50))) }
    }
    case 4:
      return { label: 'text frame', frame: ['hello', '', '\u0000\u0002', JSON.stringify({ type: 'sync' }), 'x'.repeat(int(1, 5000))][int(0, 4)]! }
    case 5: {
      const prefix = [
        [MessageType.Sync, 0],
        [MessageType.Sync, 1],
        [MessageType.Sync, 2],
        [MessageType.Sync, int(3, 300)],
        [MessageType.Awareness],
        [MessageType.Auth],
        [MessageType.QueryAwareness],
        [MessageType.SaveCheck],
        [MessageType.Refused],
        [int(4, 99)],
        [int(102, 255)],
      ][int(0, 10)]!
      return { label: `valid prefix ${prefix.join(',')} + garbage`, frame: concat(...prefix.map(varUint), bytes(int(0, 200))) }
    }
    case 6: {
      // A real update with bytes flipped.
      const frame = sample.slice()
      for (let i = int(1, 6); i > 0 && frame.length > 0; i--) frame[int(0, frame.length - 1)] = int(0, 255)
      return { label: 'mutated update', frame }
    }
    case 7: {
      // Awareness with strange JSON and client ids.
      const inner = encoding.createEncoder()
      const n = int(0, 3)
      encoding.writeVarUint(inner, n)
      for (let i = 0; i < n; i++) {
        encoding.writeVarUint(inner, [0, 1, 2 ** 32, 2 ** 53 - 1, int(0, 1e9)][int(0, 4)]!)
        encoding.writeVarUint(inner, int(0, 2 ** 31))
        encoding.writeVarString(inner, ['null', '{"user":null}', '[]', '"x"', '{"user":{"personId":1}}', '{'.repeat(int(1, 3000)), '1e999'][int(0, 6)]!)
      }
      return { label: 'awareness', frame: concat(varUint(MessageType.Awareness), varUint(encoding.length(inner)), encoding.toUint8Array(inner)) }
    }
    case 8:
      return { label: 'sync step 1 with a garbage state vector', frame: concat(varUint(MessageType.Sync), varUint(0), varUint(int(0, 40)), bytes(int(0, 40))) }
    case 9:
      return { label: 'empty update', frame: syncUpdateFrame(new Uint8Array(int(0, 1) === 0 ? [] : [0, 0])) }
    case 10:
      return { label: 'several messages in one frame', frame: concat(sample, sample, bytes(int(0, 10))) }
    default:
      return { label: 'random update bytes', frame: syncUpdateFrame(bytes(int(1, 400))) }
  }
}

describe('the server process never exits on input', () => {
  let server: ServerProcess
  let dataDir: string
  let platformId: string
  let witness: Client
  let facilitator: string
  let people: Person[]
  let exitedWith: string | null = null
  let sections: Array<{ id: string; ownerOrgId: string | null; locked: boolean }>

  beforeAll(async () => {
    if (!existsSync(resolve('dist/server/server/main.js'))) throw new Error('build the server first: npm run build:server')
    dataDir = mkdtempSync(join(tmpdir(), 'plank-fuzz-'))
    server = await spawnPlank(dataDir)
    void server.exited.then((how) => (exitedWith = how))
    people = ((await (await fetch(`${server.url}/api/demo/people`)).json()) as { people: Person[] }).people
    facilitator = await demoCookie(server.url, people.find((p) => p.role === 'facilitator')!.id)
    platformId = ((await api(server.url, '/api/platforms', { cookie: facilitator })).body as { platforms: Array<{ id: string }> }).platforms[0]!.id
    sections = ((await api(server.url, `/api/platforms/${platformId}`, { cookie: facilitator })).body as { sections: typeof sections }).sections
    const locked = sections.filter((s) => s.ownerOrgId === null)[1]!
    expect(
      (await api(server.url, `/api/platforms/${platformId}/sections/${locked.id}`, { method: 'PATCH', body: { locked: true }, cookie: facilitator })).status,
    ).toBe(200)
    locked.locked = true
    witness = connectClient(server.wsUrl, platformId, { cookie: facilitator })
    await waitSynced(witness)
  })
  afterAll(async () => {
    witness?.destroy()
    if (server && exitedWith === null) {
      server.child.kill('SIGTERM')
      await server.exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function alive(what: string): Promise<void> {
    expect(exitedWith, `the server process exited after ${what}`).toBeNull()
    const status = await fetch(`${server.url}/healthz`)
      .then((r) => r.status)
      .catch((e: Error) => e.message)
    expect(status, `healthz after ${what}`).toBe(200)
  }

  /** Requests that walk a whole section or document (content hash, export): finding 2 ended the process here. */
  async function walkEverything(what: string): Promise<void> {
    for (const s of sections) {
      const res = await fetch(`${server.url}/api/platforms/${platformId}/sections/${s.id}`, { headers: { cookie: facilitator } }).catch((e: Error) => e)
      expect(res instanceof Error ? res.message : res.status, `section GET after ${what}`).not.toBe('fetch failed')
    }
    for (const path of ['export.md', 'export.html', 'signoffs']) {
      await fetch(`${server.url}/api/platforms/${platformId}/${path}`, { headers: { cookie: facilitator } }).catch(() => null)
    }
    await alive(`${what} and whole-document requests`)
  }

  for (const seed of [SEED, ...REGRESSION_SEEDS]) {
    it(`survives ${FRAMES} hostile frames from a delegate and an observer (seed ${seed}; replay with PLANK_FUZZ_SEED=${seed})`, async () => {
      const rand = seededRandom(seed)
      const generator = createGenerator(seededRandom(seed ^ 0x5eed), { heavyScale: 1 })
      const own = sections.find((s) => s.ownerOrgId !== null)!
      const delegate = people.find((p) => p.role === 'delegate' && p.orgId === own.ownerOrgId)!
      const observer = people.find((p) => p.role === 'observer')!
      const senders = await Promise.all(
        [delegate, observer].map(async (person) => {
          const writable =
            person.role === 'observer'
              ? []
              : sections.filter((s) => !s.locked && (s.ownerOrgId === null || s.ownerOrgId === person.orgId)).map((s) => sectionRoot(s.id))
          const rights: Rights = {
            writable,
            forbidden: ['gov', ...sections.map((s) => sectionRoot(s.id)).filter((r) => !writable.includes(r)), 'notes', 'body:nope', ''],
          }
          const cookie = await demoCookie(server.url, person.id)
          return { person, rights, sender: new HostileSender(`${server.wsUrl}/${platformId}`, cookie, () => Y.encodeStateVector(witness.doc)) }
        }),
      )
      // What neither sender may write (the observer may write nothing; the delegate only its own and open sections).
      const forbidden = senders[0]!.rights.forbidden
      const baseline = rootsContent(witness.doc, forbidden)
      const sample = syncUpdateFrame(Y.encodeStateAsUpdate(witness.doc).slice(0, 2000))
      const outcomes: Record<string, Partial<Record<Outcome, number>>> = {}
      const stalls: string[] = []
      let previous = '(none)'
      for (let i = 0; i < FRAMES; i++) {
        const { person, rights, sender } = senders[i % 2]!
        const fromGenerator = Math.floor(rand() * 10) < GENERATOR_SHARE
        const crafted = fromGenerator ? generator.next(witness.doc, rights) : null
        const { label, frame } = crafted
          ? { label: `generator ${crafted.kind}`, frame: syncUpdateFrame(crafted.update) }
          : i % 1000 === 500
            ? { label: 'oversized frame', frame: new Uint8Array(9 * 1024 * 1024).fill(7) }
            : fuzzFrame(rand, sample)
        let result: Awaited<ReturnType<HostileSender['sendFrame']>>
        try {
          result = await sender.sendFrame(frame, { keepParked: crafted?.followUp !== undefined })
          if (crafted?.followUp) await sender.sendUpdate(crafted.followUp)
        } catch (error) {
          // Could not even connect: most likely the process is gone.
          await Promise.race([server.exited, new Promise((r) => setTimeout(r, 500))])
          expect(
            exitedWith,
            `the server process exited after frame #${i - 1} (${previous}) or #${i} (${label}); replay with PLANK_FUZZ_SEED=${seed}`,
          ).toBeNull()
          throw error
        }
        const key = `${person.role}: ${label.replace(/ \d.*$/, '')}`
        const byLabel = (outcomes[key] ??= {})
        byLabel[result.outcome] = (byLabel[result.outcome] ?? 0) + 1
        if (result.outcome === 'timeout') stalls.push(`#${i} ${key}`)
        previous = label
        if (exitedWith !== null) expect.fail(`the server process exited (${exitedWith}) after frame #${i} (${label}); replay with PLANK_FUZZ_SEED=${seed}`)
        if (i % 250 === 249) await walkEverything(`${i + 1} frames`)
      }
      for (const { sender } of senders) sender.close()
      console.log(
        `frame fuzz seed ${seed}:\n${Object.entries(outcomes)
          .sort()
          .map(([k, v]) => `  ${k.padEnd(48)} ${JSON.stringify(v)}`)
          .join('\n')}`,
      )
      await walkEverything(`${FRAMES} frames`)
      expect(stalls, 'messages the server never answered').toEqual([])

      // What the stock client saw, and what a client connecting now gets, of roots the senders may not write.
      const fresh = connectClient(server.wsUrl, platformId, { cookie: facilitator })
      try {
        await waitSynced(fresh)
        await waitFor(() => Y.equalSnapshots(Y.snapshot(fresh.doc), Y.snapshot(witness.doc)), 'stock client caught up', 5000).catch(() => {})
        expect(changedRoots(baseline, rootsContent(witness.doc, forbidden)), 'forbidden roots as the stock client saw them').toEqual([])
        expect(changedRoots(baseline, rootsContent(fresh.doc, forbidden)), 'forbidden roots as a fresh client gets them').toEqual([])
      } finally {
        fresh.destroy()
      }
    }, 300_000)
  }
})
