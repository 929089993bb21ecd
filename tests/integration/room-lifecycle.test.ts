import { constants, type NodeGCPerformanceDetail, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MessageType } from '../../shared/protocol.js'
import { encodeSaveCheck } from '../../shared/protocol-messages.js'
import { announce, appendParagraph, connectClient, sameContent, sectionText, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

describe('room lifecycle', () => {
  let plank: RunningPlank
  let cookie: string
  beforeAll(async () => {
    plank = await startPlank({ config: { unloadGraceMs: 300, compactAfterUpdates: 20 } })
    cookie = await plank.cookieFor(plank.person('facilitator').id)
  })
  afterAll(() => plank.close())

  it('unloads a document after its last client leaves and reloads it intact', async () => {
    const { platformId, sectionIds } = plank.sample
    const rooms = plank.plank.rooms
    const a = connectClient(plank.wsUrl, platformId, { cookie })
    await waitSynced(a)
    expect(rooms.isLoaded(platformId)).toBe(true)
    for (let i = 0; i < 45; i++) appendParagraph(a.doc, sectionIds[0]!, `before unload ${i}`)
    await waitFor(() => sectionText(rooms.get(platformId)!.doc, sectionIds[0]!).includes('before unload 44'), 'server has edits')
    const expected = sectionText(a.doc, sectionIds[0]!)
    const loadedDoc = rooms.get(platformId)!.doc
    a.destroy()
    await waitFor(() => !rooms.isLoaded(platformId), 'unload after grace period', 5_000)
    expect(loadedDoc.isDestroyed).toBe(true)

    const b = connectClient(plank.wsUrl, platformId, { cookie })
    await waitSynced(b)
    expect(rooms.isLoaded(platformId)).toBe(true)
    expect(sectionText(b.doc, sectionIds[0]!)).toBe(expected)
    // Reloading projected gov again without writing anything new.
    expect(b.doc.getMap('gov').get('platform')).toMatchObject({ id: platformId })
    b.destroy()
  })

  it('compacts the log in the background without losing updates that keep arriving', async () => {
    const { platformId, sectionIds } = plank.sample
    const a = connectClient(plank.wsUrl, platformId, { cookie })
    await waitSynced(a)
    for (let i = 0; i < 300; i++) {
      appendParagraph(a.doc, sectionIds[1]!, `compaction ${i}`)
      if (i % 7 === 0) await new Promise((r) => setImmediate(r))
    }
    await waitFor(() => sectionText(plank.plank.rooms.get(platformId)!.doc, sectionIds[1]!).includes('compaction 299'), 'server has edits')
    await new Promise((r) => setTimeout(r, 50))
    const store = plank.plank.store
    expect(store.countUpdates(platformId)).toBeLessThan(20)
    expect(store.loadDocument(platformId).state).not.toBeNull()
    expect(sameContent(storedDoc(store, platformId), a.doc)).toBe(true)
    a.destroy()
  })

  it('answers save checks only for clients that asked, after the updates before them are stored', async () => {
    const { platformId, sectionIds } = plank.sample
    const asked = connectClient(plank.wsUrl, platformId, { cookie, params: { saveAcks: '1' } })
    const stock = connectClient(plank.wsUrl, platformId, { cookie })
    const answers: Array<[string, number]> = []
    for (const [name, client] of [
      ['asked', asked],
      ['stock', stock],
    ] as const) {
      client.provider.messageHandlers[MessageType.SaveCheck] = (_e, decoder: decoding.Decoder) => {
        answers.push([name, decoding.readVarUint(decoder)])
      }
    }
    await Promise.all([waitSynced(asked), waitSynced(stock)])
    for (const [n, client] of [
      [1, asked],
      [2, stock],
    ] as const) {
      appendParagraph(client.doc, sectionIds[2]!, `save check ${n}`)
      client.provider.ws!.send(encodeSaveCheck(n))
    }
    await waitFor(() => answers.length > 0, 'an answer')
    await new Promise((r) => setTimeout(r, 200))
    expect(answers).toEqual([['asked', 1]])
    expect(sectionText(storedDoc(plank.plank.store, platformId), sectionIds[2]!)).toContain('save check 1')
    asked.destroy()
    stock.destroy()
  })

  it('ignores presence that claims another connection’s client id', async () => {
    const { platformId } = plank.sample
    const honest = connectClient(plank.wsUrl, platformId, { cookie })
    const watcher = connectClient(plank.wsUrl, platformId, { cookie })
    await Promise.all([waitSynced(honest), waitSynced(watcher)])
    announce(honest, plank.person('facilitator').id, 'Honest')
    honest.provider.awareness.setLocalStateField('marker', 'honest')
    await waitFor(() => watcher.provider.awareness.getStates().get(honest.doc.clientID)?.marker === 'honest', 'honest presence')

    // An impostor with its own doc but the honest client's id.
    const impostorDoc = new Y.Doc()
    impostorDoc.clientID = honest.doc.clientID
    const impostor = connectClient(plank.wsUrl, platformId, { cookie, doc: impostorDoc })
    await waitSynced(impostor)
    // A higher awareness clock than the honest client's: without the relay's check it would win.
    for (let i = 0; i < 5; i++) impostor.provider.awareness.setLocalStateField('marker', `impostor ${i}`)
    await new Promise((r) => setTimeout(r, 300))
    expect(watcher.provider.awareness.getStates().get(honest.doc.clientID)?.marker).toBe('honest')
    impostor.destroy()
    honest.destroy()
    watcher.destroy()
  })

  it('gives memory back once the last document has left memory: full collections then, none while one is open', async () => {
    const { platformId } = plank.sample
    const rooms = plank.plank.rooms
    const forced: number[] = []
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        // Collections the runtime ran of its own accord are not flagged forced; Plank's are.
        // Node's typings leave `detail` to the entry kinds; a 'gc' entry carries NodeGCPerformanceDetail.
        if ((entry as PerformanceEntry & { detail: NodeGCPerformanceDetail }).detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced.push(Date.now())
      }
    })
    observer.observe({ entryTypes: ['gc'] })
    try {
      const a = connectClient(plank.wsUrl, platformId, { cookie })
      await waitSynced(a)
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(forced).toHaveLength(0)
      a.destroy()
      await waitFor(() => rooms.size === 0, 'every document unloaded', 5_000)
      const emptyAt = Date.now()
      await waitFor(() => forced.length >= 3, 'three full collections after the server went idle', 15_000)
      expect(forced.every((at) => at >= emptyAt)).toBe(true)
    } finally {
      observer.disconnect()
    }
  })

  it('closes every connection cleanly when the server shuts down', async () => {
    const other = await startPlank()
    const socket = await openRaw(`${other.wsUrl}/${other.sample.platformId}`, await other.cookieFor(other.person('observer').id))
    const close = closed(socket)
    await other.close()
    expect((await close).code).toBe(1001)
  })
})
