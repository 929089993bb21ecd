import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { MAX_PARKED_UPDATES } from '../../shared/limits.js'
import { connectClient, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { syncUpdateFrame } from '../helpers/updates.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * Updates whose dependencies the server does not have yet are held ("parked")
 * until they arrive (issue 11 #5): bounded by count, judged before they are
 * held, and retried only when what they wait for arrives.
 */
describe('parked updates', () => {
  let plank: RunningPlank
  let sectionId: string
  let otherSection: string
  let cookie: string
  beforeAll(async () => {
    plank = await startPlank()
    const { platformId, sectionIds } = plank.sample
    sectionId = sectionIds.find((id) => plank.plank.store.getSection(platformId, id)?.ownerOrgId !== null)!
    otherSection = sectionIds.find((id) => {
      const owner = plank.plank.store.getSection(platformId, id)?.ownerOrgId
      return owner !== null && owner !== plank.plank.store.getSection(platformId, sectionId)?.ownerOrgId
    })!
    cookie = await plank.cookieFor(plank.person('delegate', { ownerOf: sectionId }).id)
  })
  afterAll(() => plank.close())

  /** A synced copy of the platform, a paragraph the server has not seen, and updates that build on it. */
  async function offlineWork(root: string, updates: number): Promise<{ base: Uint8Array; later: Uint8Array[] }> {
    const copy = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
    await waitSynced(copy)
    copy.provider.disconnect()
    const doc = copy.doc
    let sv = Y.encodeStateVector(doc)
    const p = new Y.XmlElement('paragraph')
    const text = new Y.XmlText('base')
    p.insert(0, [text])
    doc.getXmlFragment(root).insert(0, [p])
    const base = Y.encodeStateAsUpdate(doc, sv)
    const later: Uint8Array[] = []
    for (let i = 0; i < updates; i++) {
      sv = Y.encodeStateVector(doc)
      text.insert(text.length, ` ${i}`)
      later.push(Y.encodeStateAsUpdate(doc, sv))
    }
    copy.destroy()
    return { base, later }
  }

  it('holds updates until what they build on arrives, then applies them in order', async () => {
    const { base, later } = await offlineWork(sectionRoot(sectionId), 20)
    const socket = await openRaw(`${plank.wsUrl}/${plank.sample.platformId}`, cookie)
    for (const update of later) socket.send(syncUpdateFrame(update))
    socket.send(syncUpdateFrame(base))
    // Retries run within a time budget per event-loop turn, so the last may land a few turns later.
    const expected = `base ${Array.from({ length: 20 }, (_, i) => i).join(' ')}`
    await waitFor(
      () => storedDoc(plank.plank.store, plank.sample.platformId).getXmlFragment(sectionRoot(sectionId)).toString().includes(expected),
      'applied in order',
    )
    socket.close()
  })

  it(`closes (transiently) a connection holding more than ${MAX_PARKED_UPDATES} updates, storing none of them`, async () => {
    const { later } = await offlineWork(sectionRoot(sectionId), MAX_PARKED_UPDATES + 1)
    const before = storedDoc(plank.plank.store, plank.sample.platformId).getXmlFragment(sectionRoot(sectionId)).toString()
    const socket = await openRaw(`${plank.wsUrl}/${plank.sample.platformId}`, cookie)
    const close = closed(socket)
    for (const update of later) socket.send(syncUpdateFrame(update))
    expect((await close).code).toBe(1013) // transient: a real client reconnects and its sync resends
    expect(storedDoc(plank.plank.store, plank.sample.platformId).getXmlFragment(sectionRoot(sectionId)).toString()).toBe(before)
    expect(plank.plank.rooms.get(plank.sample.platformId)!.parked.size).toBe(0)
  })

  it('refuses a forbidden update at once instead of holding it', async () => {
    const { later } = await offlineWork(sectionRoot(sectionId), 1)
    // Together with the part that must wait, a part that writes another organization's section.
    const copy = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
    await waitSynced(copy)
    copy.provider.disconnect()
    const sv = Y.encodeStateVector(copy.doc)
    const theirs = copy.doc.getXmlFragment(sectionRoot(otherSection)).get(0) as Y.XmlElement
    ;(theirs.get(0) as Y.XmlText).insert(0, 'FORBIDDEN ')
    const mixed = Y.mergeUpdates([later[0]!, Y.encodeStateAsUpdate(copy.doc, sv)])
    copy.destroy()
    const socket = await openRaw(`${plank.wsUrl}/${plank.sample.platformId}`, cookie)
    const close = closed(socket)
    socket.send(syncUpdateFrame(mixed))
    expect((await close).code).toBe(4403)
    expect(plank.plank.rooms.get(plank.sample.platformId)!.parked.size).toBe(0)
    expect(storedDoc(plank.plank.store, plank.sample.platformId).getXmlFragment(sectionRoot(otherSection)).toString()).not.toContain('FORBIDDEN')
  })
})
