import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MessageType } from '../../shared/protocol.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * A fault of ours while handling a message is not the client's doing: it is
 * logged with who, where and what, counted, and closes transiently (1011) so
 * the client reconnects — not passed off as a malformed message (4400, "do not
 * reconnect"). The fault is planted by making the room's presence throw.
 */
describe('faults while handling a websocket message', () => {
  let plank: RunningPlank
  const logs: string[] = []
  beforeAll(async () => {
    plank = await startPlank({ config: { log: (line) => logs.push(line) } })
  })
  afterAll(() => plank.close())

  it('are logged with person, platform and message type, counted, and close with 1011', async () => {
    const person = plank.person('delegate')
    const socket = await openRaw(`${plank.wsUrl}/${plank.sample.platformId}`, await plank.cookieFor(person.id))
    const room = plank.plank.rooms.get(plank.sample.platformId)!
    room.awareness.getStates = () => {
      throw new Error('planted fault')
    }
    const close = closed(socket)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.QueryAwareness)
    socket.send(encoding.toUint8Array(encoder))
    expect((await close).code).toBe(1011)
    const line = logs.find((l) => l.includes('FAULT #'))
    expect(line).toContain(person.id)
    expect(line).toContain(plank.sample.platformId)
    expect(line).toContain('query-awareness')
    expect(line).toContain('planted fault')
  })
})
