import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PRESENCE_MAX_CLIENTS_PER_CONNECTION, PRESENCE_MAX_UPDATES_PER_SECOND } from '../../shared/limits.js'
import { MessageType } from '../../shared/protocol.js'
import { connectClient, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { openRaw } from '../helpers/raw-socket.js'
import { awarenessEntries } from '../helpers/updates.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'

/** One awareness message carrying the given (clientId, clock, state) entries. */
function presenceFrame(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, awarenessEntries(entries))
  return encoding.toUint8Array(encoder)
}

interface Heard {
  clientId: number
  clock: number
  state: Record<string, unknown> | null
  at: number
}

/** Every presence entry a raw socket hears, in order. */
function listen(socket: WebSocket): Heard[] {
  const heard: Heard[] = []
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(decoder) !== MessageType.Awareness) return
    const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder))
    const count = decoding.readVarUint(inner)
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(inner)
      const clock = decoding.readVarUint(inner)
      heard.push({ clientId, clock, state: JSON.parse(decoding.readVarString(inner)) as Record<string, unknown> | null, at: Date.now() })
    }
  })
  return heard
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
let nextId = 900_000
const freshId = () => nextId++

describe('presence over the wire', () => {
  let plank: RunningPlank
  let platformId: string
  let delegate: DemoPerson
  let delegateCookie: string
  let observerCookie: string
  const cleanup: Array<() => void> = []

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    delegate = plank.person('delegate')
    delegateCookie = await plank.cookieFor(delegate.id)
    observerCookie = await plank.cookieFor(plank.person('observer').id)
  })
  // Sockets close after each test: the relay caps connections per session.
  afterEach(() => {
    for (const c of cleanup.splice(0)) c()
  })
  afterAll(async () => {
    await plank.close()
  })

  const client = (cookie: string): Client => {
    const c = connectClient(plank.wsUrl, platformId, { cookie })
    cleanup.push(() => c.destroy())
    return c
  }
  const raw = async (cookie: string): Promise<WebSocket> => {
    const socket = await openRaw(`${plank.wsUrl}/${platformId}`, cookie)
    cleanup.push(() => socket.terminate())
    return socket
  }

  it('replaces a forged name, role and organization for every other client', async () => {
    const otherOrg = plank.plank.store.listOrganizations(platformId).find((o) => o.id !== delegate.orgId)!
    const speaker = client(delegateCookie)
    const watchers = [client(observerCookie), client(await plank.cookieFor(plank.person('facilitator').id))]
    await Promise.all([speaker, ...watchers].map(waitSynced))
    speaker.provider.awareness.setLocalStateField('user', {
      personId: delegate.id,
      name: 'Coalition Facilitator (official)',
      role: 'facilitator',
      orgId: otherOrg.id,
      color: '#ff0000',
    })
    speaker.provider.awareness.setLocalStateField('sectionId', plank.sample.sectionIds[0])
    for (const w of watchers) {
      await waitFor(() => w.provider.awareness.getStates().get(speaker.doc.clientID)?.sectionId === plank.sample.sectionIds[0], 'the speaker’s presence')
      const user = w.provider.awareness.getStates().get(speaker.doc.clientID)?.user as Record<string, unknown>
      expect(user).toMatchObject({ personId: delegate.id, name: delegate.name, role: 'delegate', orgId: delegate.orgId })
      expect(user.color).not.toBe('#ff0000')
    }
    // A state that leaves `user` out is stamped too.
    speaker.provider.awareness.setLocalState({ cursor: null })
    for (const w of watchers) {
      await waitFor(() => 'cursor' in (w.provider.awareness.getStates().get(speaker.doc.clientID) ?? {}), 'the stripped state')
      expect(w.provider.awareness.getStates().get(speaker.doc.clientID)?.user).toMatchObject({ personId: delegate.id, name: delegate.name })
    }
  })

  it('ignores a state that names another person', async () => {
    const speaker = await raw(delegateCookie)
    const watcher = await raw(observerCookie)
    const heard = listen(watcher)
    const id = freshId()
    speaker.send(presenceFrame([{ clientId: id, clock: 1, state: { user: { personId: plank.person('facilitator').id, name: 'x' } } }]))
    speaker.send(presenceFrame([{ clientId: id, clock: 2, state: { marker: 'after' } }]))
    await waitFor(() => heard.some((h) => h.clientId === id), 'the honest state')
    expect(heard.filter((h) => h.clientId === id).map((h) => h.clock)).toEqual([2])
  })

  it('does not relay a 3 MB state, and keeps the connection', async () => {
    const speaker = await raw(delegateCookie)
    const watcher = await raw(observerCookie)
    const heard = listen(watcher)
    const big = freshId()
    const small = freshId()
    speaker.send(presenceFrame([{ clientId: big, clock: 1, state: { user: { personId: delegate.id }, blob: 'x'.repeat(3 * 1024 * 1024) } }]))
    speaker.send(presenceFrame([{ clientId: small, clock: 1, state: { marker: 'small' } }]))
    await waitFor(() => heard.some((h) => h.clientId === small), 'the small state')
    await sleep(200)
    expect(heard.some((h) => h.clientId === big)).toBe(false)
    expect(plank.plank.rooms.open(platformId)!.awareness.getStates().has(big)).toBe(false)
    expect(speaker.readyState).toBe(speaker.OPEN)
  })

  it('relays a flood of 10,000 presence messages as at most the rate limit, ending on the last state', async () => {
    const speaker = await raw(delegateCookie)
    const watcher = await raw(observerCookie)
    const heard = listen(watcher)
    const id = freshId()
    const started = Date.now()
    for (let clock = 1; clock <= 10_000; clock++) {
      speaker.send(presenceFrame([{ clientId: id, clock, state: { cursor: clock } }]))
    }
    await waitFor(() => heard.some((h) => h.clientId === id && h.clock === 10_000), 'the last state', 30_000)
    await sleep(300)
    const elapsedS = (Date.now() - started) / 1000
    const relayed = heard.filter((h) => h.clientId === id)
    // The bucket starts full: one second's worth at once, then the rate.
    expect(relayed.length).toBeLessThanOrEqual(PRESENCE_MAX_UPDATES_PER_SECOND * (elapsedS + 1))
    console.log(`flood: ${relayed.length} of 10000 relayed in ${elapsedS.toFixed(2)} s`)
    expect(relayed.length).toBeLessThan(200)
    expect(speaker.readyState).toBe(speaker.OPEN)
    // Still answered promptly afterwards: the flood did not stall the relay.
    const probe = new WebSocket(`${plank.wsUrl}/${platformId}`, { headers: { cookie: observerCookie } })
    cleanup.push(() => probe.terminate())
    // Listening before the socket opens: the relay sends who is here right away.
    const probeHeard = listen(probe)
    await waitFor(() => probeHeard.some((h) => h.clientId === id), 'presence for a newcomer', 5_000)
  })

  it('does not accept the client ids of another connection, nor more than the per-connection cap', async () => {
    const honest = client(delegateCookie)
    const watcher = client(observerCookie)
    await Promise.all([waitSynced(honest), waitSynced(watcher)])
    honest.provider.awareness.setLocalStateField('sectionId', 'honest')
    await waitFor(() => watcher.provider.awareness.getStates().get(honest.doc.clientID)?.sectionId === 'honest', 'honest presence')
    const impostor = await raw(delegateCookie)
    // Same person, other connection, much higher clock: without the check it would win.
    impostor.send(presenceFrame([{ clientId: honest.doc.clientID, clock: 1_000_000, state: { sectionId: 'impostor' } }]))
    impostor.send(presenceFrame([{ clientId: honest.doc.clientID, clock: 1_000_001, state: null }]))
    await sleep(300)
    expect(watcher.provider.awareness.getStates().get(honest.doc.clientID)?.sectionId).toBe('honest')

    const ids = Array.from({ length: PRESENCE_MAX_CLIENTS_PER_CONNECTION + 3 }, freshId)
    impostor.send(presenceFrame(ids.map((clientId) => ({ clientId, clock: 1, state: { many: true } }))))
    await waitFor(() => watcher.provider.awareness.getStates().has(ids[0]!), 'the first ids')
    await sleep(300)
    const present = ids.filter((id) => watcher.provider.awareness.getStates().has(id))
    expect(present).toEqual(ids.slice(0, PRESENCE_MAX_CLIENTS_PER_CONNECTION))
    // Its own ids it may update and remove.
    impostor.send(presenceFrame([{ clientId: ids[0]!, clock: 2, state: null }]))
    await waitFor(() => !watcher.provider.awareness.getStates().has(ids[0]!), 'its own id removed')
  })

  it('keeps a stock y-websocket client’s watchdog alive with its own echo', async () => {
    const alone = await startPlank()
    try {
      const cookie = await alone.cookieFor(alone.person('observer').id)
      const c = connectClient(alone.wsUrl, alone.sample.platformId, { cookie })
      await waitSynced(c)
      let echoes = 0
      c.provider.ws?.addEventListener('message', () => echoes++)
      c.provider.awareness.setLocalStateField('x', 1)
      await waitFor(() => echoes > 0, 'the echo of its own presence', 5_000)
      c.destroy()
    } finally {
      await alone.close()
    }
  })
})
