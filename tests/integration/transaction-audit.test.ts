import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeRules } from '../../server/relay/client-updates.js'
import { sectionRoot } from '../../shared/documents.js'
import { connectClient, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * The second line of defence: if the update guard ever let a forbidden
 * update through, the audit of what Yjs actually did catches it before the
 * change is stored or relayed, and the room is reloaded from the store. The
 * guard is bypassed here on purpose (the update goes straight to
 * Room.applyClientUpdate) to stand for a hole in it.
 */
describe('the transaction audit behind the update guard', () => {
  let plank: RunningPlank
  let sender: Client
  let watcher: Client
  const logs: string[] = []
  beforeAll(async () => {
    plank = await startPlank({ config: { log: (line) => logs.push(line) } })
  })
  afterAll(async () => {
    sender?.destroy()
    watcher?.destroy()
    await plank.close()
  })

  it('stores and relays nothing the sender may not write, and reloads the room', async () => {
    const { platformId, sectionIds } = plank.sample
    const target = sectionIds.find((id) => plank.plank.store.getSection(platformId, id)?.ownerOrgId !== null)!
    const delegate = plank.person('delegate', { notOwnerOf: target })
    sender = connectClient(plank.wsUrl, platformId, { cookie: await plank.cookieFor(delegate.id) })
    watcher = connectClient(plank.wsUrl, platformId, { cookie: await plank.cookieFor(plank.person('observer').id) })
    await Promise.all([waitSynced(sender), waitSynced(watcher)])

    const room = plank.plank.rooms.get(platformId)!
    const conn = [...room.connections].find((c) => c.principal.personId === delegate.id)!
    // An update into another organization's section, built from the sender's synced copy.
    const before = Y.encodeStateVector(sender.doc)
    sender.provider.disconnect()
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText('SLIPPED PAST THE GUARD')])
    sender.doc.getXmlFragment(sectionRoot(target)).insert(0, [p])
    const update = Y.encodeStateAsUpdate(sender.doc, before)

    const watcherClosed = new Promise<number>((resolve) => watcher.provider.ws?.addEventListener('close', (e) => resolve(e.code)))
    const violation = room.applyClientUpdate(update, conn, writeRules(room, conn.principal))
    expect(violation).toMatch(/inserted into body:/)
    room.fail(`test: ${violation}`)

    expect(room.failed).toBe(true)
    expect(plank.plank.rooms.get(platformId)).toBeNull()
    // Everyone else is told to reconnect (transient close), and resyncs from the store.
    expect(await watcherClosed).toBe(1001)
    expect(storedDoc(plank.plank.store, platformId).getXmlFragment(sectionRoot(target)).toString()).not.toContain('SLIPPED')
    await waitFor(() => watcher.provider.synced, 'watcher resynced')
    expect(watcher.doc.getXmlFragment(sectionRoot(target)).toString()).not.toContain('SLIPPED')
    expect(plank.plank.rooms.get(platformId)!.doc.getXmlFragment(sectionRoot(target)).toString()).not.toContain('SLIPPED')
    expect(logs.some((l) => l.includes('dropped and reloaded'))).toBe(true)
  })
})
