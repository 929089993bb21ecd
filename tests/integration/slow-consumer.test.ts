import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced } from '../helpers/clients.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

describe('a client that stops reading', () => {
  let plank: RunningPlank
  let cookie: string
  beforeAll(async () => {
    plank = await startPlank({ config: { maxBufferedBytes: 256 * 1024 } })
    cookie = await plank.cookieFor(plank.person('facilitator').id)
  })
  afterAll(() => plank.close())

  it('is disconnected once its unsent data passes the limit, while others keep receiving', async () => {
    const { platformId, sectionIds } = plank.sample
    const slow = await openRaw(`${plank.wsUrl}/${platformId}`, cookie)
    const slowClosed = closed(slow)
    // Stop reading from the TCP socket: the server's send buffer to it can only grow.
    ;(slow as unknown as { _socket: Socket })._socket.pause()
    const writer = connectClient(plank.wsUrl, platformId, { cookie })
    const reader = connectClient(plank.wsUrl, platformId, { cookie })
    await Promise.all([waitSynced(writer), waitSynced(reader)])
    const room = plank.plank.rooms.get(platformId)!
    expect(room.connections.size).toBe(3)

    const chunk = 'y'.repeat(64 * 1024)
    for (let i = 0; i < 800 && room.connections.size === 3; i++) {
      appendParagraph(writer.doc, sectionIds[0]!, `${i} ${chunk}`)
      await new Promise((r) => setTimeout(r, 5))
    }
    await waitFor(() => room.connections.size === 2, 'the slow connection dropped', 20_000)
    appendParagraph(writer.doc, sectionIds[0]!, 'after the slow client left')
    await waitFor(() => sectionText(reader.doc, sectionIds[0]!).includes('after the slow client left'), 'reader still served')
    ;(slow as unknown as { _socket: Socket })._socket.resume()
    await slowClosed
    writer.destroy()
    reader.destroy()
  })
})
