/**
 * Issue 12 item 8: a busy but reading client lives. Under load a writer's
 * pong sits behind its own backlog of updates; the relay counts any frame
 * from the client as a sign of life, and drops only a connection from which
 * nothing at all arrived for a whole heartbeat interval.
 */
import { WebSocket } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { MessageType } from '../../shared/protocol.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

const HEARTBEAT_MS = 250

/** A raw socket that never answers pings (ws answers them unless told not to). */
async function neverPongs(url: string, cookie: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers: { cookie }, autoPong: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return socket
}

const queryAwareness = (): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.QueryAwareness)
  return encoding.toUint8Array(encoder)
}

describe('heartbeat', () => {
  let plank: RunningPlank | null = null
  afterEach(async () => {
    await plank?.close()
  })

  it('keeps a client that keeps sending but never answers pings, and drops one that is silent', async () => {
    plank = await startPlank({ config: { heartbeatMs: HEARTBEAT_MS } })
    const cookie = await plank.cookieFor(plank.person('delegate').id)
    const url = `${plank.wsUrl}/${plank.sample.platformId}`
    const busy = await neverPongs(url, cookie)
    const silent = await neverPongs(url, cookie)
    let pings = 0
    busy.on('ping', () => pings++)
    const closedAt = new Map<WebSocket, number>()
    for (const socket of [busy, silent]) socket.once('close', () => closedAt.set(socket, Date.now()))
    const started = Date.now()
    const sender = setInterval(() => {
      if (busy.readyState === busy.OPEN) busy.send(queryAwareness())
    }, HEARTBEAT_MS / 5)
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 6))
    clearInterval(sender)

    // Pinged several times, never answered, alive all along: its frames counted.
    expect(pings).toBeGreaterThanOrEqual(4)
    expect(closedAt.has(busy)).toBe(false)
    expect(busy.readyState).toBe(busy.OPEN)
    // The silent one went at the second heartbeat (the first ping unanswered).
    expect(closedAt.has(silent)).toBe(true)
    expect(closedAt.get(silent)! - started).toBeLessThan(HEARTBEAT_MS * 4)

    // Once the busy one falls silent too, it goes the same way.
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 4))
    expect(closedAt.has(busy)).toBe(true)
    busy.terminate()
  }, 30_000)
})
