/**
 * Red-team findings against the relay's update pipeline, over the wire (real
 * server, real SQLite, raw sockets and stock y-websocket clients). The unit
 * versions are in tests/unit/update-guard-redteam.test.ts.
 *
 * Every test asserts the SAFE behaviour; those named "(red-team finding Rn)"
 * failed against the relay at commit 3cec190 and pass since the fix that
 * followed; "FIXED in …" ones failed before that commit.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { MAX_PARKED_UPDATES, MAX_PARKED_UPDATES_PER_ROOM } from '../../shared/limits.js'
import { MessageType } from '../../shared/protocol.js'
import { announce, appendParagraph, connectClient, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { encodeParts } from '../helpers/crafted-updates.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { syncUpdateFrame } from '../helpers/updates.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/** A GC-only update: touches no root, so the guard lets anyone send it, an observer included. */
const gcs = (client: number, clock: number, count: number): Y.GC[] => Array.from({ length: count }, (_, i) => new Y.GC(Y.createID(client, clock + i), 1))

describe('red team over the wire', () => {
  let plank: RunningPlank
  const logs: string[] = []
  beforeAll(async () => {
    plank = await startPlank({ config: { log: (line: string) => logs.push(line) } })
  })
  afterAll(() => plank.close())

  it('FIXED in 3cec190, failed at b0c116a (finding R1): an observer’s zero-length deleted range does not reload the room for everyone', async () => {
    const { platformId } = plank.sample
    const bystander = connectClient(plank.wsUrl, platformId, { cookie: await plank.cookieFor(plank.person('delegate').id) })
    await waitSynced(bystander)
    const bystanderClosed = new Promise<number>((resolve) => bystander.provider.ws?.addEventListener('close', (e) => resolve((e as CloseEvent).code)))
    const socket = await openRaw(`${plank.wsUrl}/${platformId}`, await plank.cookieFor(plank.person('observer').id))
    const attackerClosed = closed(socket)
    logs.length = 0
    socket.send(syncUpdateFrame(encodeParts({ sections: [], deletes: [{ client: 777, clock: 5, len: 0 }] })))
    const outcome = await Promise.race([
      bystanderClosed.then((code) => `bystander closed ${code}`),
      attackerClosed.then(({ code }) => `attacker closed ${code}`),
    ])
    await new Promise((r) => setTimeout(r, 200))
    expect(logs.filter((l) => l.includes('reloaded'))).toEqual([])
    expect(outcome).toBe('attacker closed 4400')
    bystander.destroy()
    socket.terminate()
  })

  it('(red-team finding R4): what one observer parks does not stall the server for seconds when it all comes due at once', async () => {
    const { platformId } = plank.sample
    const cookie = await plank.cookieFor(plank.person('observer').id)
    const Z = 31_337_000
    const sockets: WebSocket[] = []
    // 20 sockets (the per-session cap) × 64 parked updates (the per-connection cap), each waiting for
    // client Z's clock 4 and carrying 5,000 GC structs of a client of its own.
    for (let s = 0; s < 20; s++) {
      const socket = await openRaw(`${plank.wsUrl}/${platformId}`, cookie)
      sockets.push(socket)
      for (let u = 0; u < MAX_PARKED_UPDATES; u++) {
        const own = 40_000_000 + s * 1000 + u
        socket.send(
          syncUpdateFrame(
            encodeParts({
              sections: [
                { client: own, clock: 0, structs: gcs(own, 0, 5000) },
                { client: Z, clock: 5, structs: gcs(Z, 5, 1) },
              ],
              deletes: [],
            }),
          ),
        )
      }
    }
    const parkedCount = (): number => plank.plank.rooms.get(platformId)?.parked.size ?? 0
    // The room-wide bound stops parking at MAX_PARKED_UPDATES_PER_ROOM (later sockets are closed, transiently).
    await waitFor(() => parkedCount() === Math.min(20 * MAX_PARKED_UPDATES, MAX_PARKED_UPDATES_PER_ROOM), 'all parked', 30_000)
    // One small message makes them all due at once; retries spend a budget per turn of the event loop.
    let worstGap = 0
    let last = performance.now()
    const monitor = setInterval(() => {
      const now = performance.now()
      worstGap = Math.max(worstGap, now - last)
      last = now
    }, 5)
    sockets[0]!.send(syncUpdateFrame(encodeParts({ sections: [{ client: Z, clock: 0, structs: gcs(Z, 0, 5) }], deletes: [] })))
    await waitFor(() => parkedCount() === 0, 'all retried', 30_000)
    await new Promise((r) => setTimeout(r, 50))
    clearInterval(monitor)
    for (const socket of sockets) socket.terminate()
    expect(worstGap).toBeLessThan(200)
  }, 60_000)

  /** A delegate types offline; meanwhile (if `claim`) an observer writes GC structs under the Yjs client id presence showed it. */
  async function offlineEditAfterClaim(claim: boolean): Promise<{ own: string; stored: string }> {
    const { platformId, sectionIds } = plank.sample
    const victimPerson = plank.person('delegate')
    const own = sectionIds.find((id) => plank.plank.store.getSection(platformId, id)?.ownerOrgId === victimPerson.orgId)!
    const victim = connectClient(plank.wsUrl, platformId, { cookie: await plank.cookieFor(victimPerson.id) })
    await waitSynced(victim)
    announce(victim, victimPerson.id, victimPerson.name)

    // The observer learns the victim's Yjs client id from presence, as every reader does.
    const socket = await openRaw(`${plank.wsUrl}/${platformId}`, await plank.cookieFor(plank.person('observer').id))
    const seen = new awarenessProtocol.Awareness(new Y.Doc())
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) === MessageType.Awareness) awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server')
    })
    const query = encoding.createEncoder()
    encoding.writeVarUint(query, MessageType.QueryAwareness)
    socket.send(encoding.toUint8Array(query))
    await waitFor(
      () => [...seen.getStates().values()].some((s) => (s.user as { personId?: string } | undefined)?.personId === victimPerson.id),
      'victim presence',
    )
    const victimClient = [...seen.getStates()].find(([, s]) => (s.user as { personId?: string } | undefined)?.personId === victimPerson.id)![0]
    expect(victimClient).toBe(victim.doc.clientID)

    // The victim's network drops; they keep typing (the editor keeps working offline).
    victim.provider.disconnect()
    appendParagraph(victim.doc, own, 'typed on the train')
    // Meanwhile the observer claims that client id with structs that change nothing.
    if (claim)
      socket.send(
        syncUpdateFrame(encodeParts({ sections: [{ client: victimClient, clock: 0, structs: [new Y.GC(Y.createID(victimClient, 0), 1000)] }], deletes: [] })),
      )
    await new Promise((r) => setTimeout(r, 300))

    victim.provider.connect()
    await waitSynced(victim)
    await new Promise((r) => setTimeout(r, 500))
    const stored = storedDoc(plank.plank.store, platformId).getXmlFragment(sectionRoot(own)).toString()
    try {
      victim.destroy()
    } catch {
      // After the claim the victim's Y.Doc took a new client id (Yjs does when a remote update
      // extends its own), and y-websocket's destroy then trips over its awareness meta.
    }
    socket.terminate()
    return { own, stored }
  }

  it('control: without the claim, offline typing is stored on reconnect', async () => {
    expect((await offlineEditAfterClaim(false)).stored).toContain('typed on the train')
  }, 30_000)

  it('(red-team finding R5): claiming a client id seen in presence cannot make that person’s edits vanish while looking saved', async () => {
    // Today the server's state for that id is past the victim's clocks: the victim's reconnect sends
    // nothing (the server "has" it all), nothing is refused, and the work is gone.
    expect((await offlineEditAfterClaim(true)).stored).toContain('typed on the train')
  }, 30_000)
})
