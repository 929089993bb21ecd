import type * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { appendParagraph, connectClient, nextTerminalClose, sectionText, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * The relay decides nothing about people itself: it asks its hooks
 * (server/relay/hooks.ts), which app.ts fills with governance. Replacing a
 * hook (createPlank's typed relayHooks option, as the benchmark's own entry
 * point does) changes exactly that decision, over the wire.
 */
const clients: Client[] = []
const connect = (plank: RunningPlank, cookie: string): Client => {
  const client = connectClient(plank.wsUrl, plank.sample.platformId, { cookie })
  clients.push(client)
  return client
}
afterAll(() => {
  for (const c of clients) c.destroy()
})

describe('authorizeWrites decides every root an update touches', () => {
  let allowAll: RunningPlank
  let refuseAll: RunningPlank
  const logs: string[] = []
  beforeAll(async () => {
    allowAll = await startPlank({ plankOptions: { relayHooks: { authorizeWrites: () => () => true } } })
    refuseAll = await startPlank({
      config: { log: (line) => logs.push(line) },
      plankOptions: { relayHooks: { authorizeWrites: () => () => false, describe: (userId) => `hooked-writer ${userId}` } },
    })
  })
  afterAll(async () => {
    await allowAll?.close()
    await refuseAll?.close()
  })

  it('allow-all (the benchmark entry point): an observer’s edit is stored and relayed', async () => {
    const { platformId, sectionIds } = allowAll.sample
    const observer = connect(allowAll, await allowAll.cookieFor(allowAll.person('observer').id))
    const reader = connect(allowAll, await allowAll.cookieFor(allowAll.person('facilitator').id))
    await Promise.all([waitSynced(observer), waitSynced(reader)])
    appendParagraph(observer.doc, sectionIds[0]!, 'an observer, allowed by the hook')
    await waitFor(() => sectionText(reader.doc, sectionIds[0]!).includes('an observer, allowed by the hook'), 'relayed')
    expect(sectionText(storedDoc(allowAll.plank.store, platformId), sectionIds[0]!)).toContain('an observer, allowed by the hook')
  })

  it('refuse-all: a facilitator’s edit is refused (4403), nothing stored, logged as the describe hook says', async () => {
    const { platformId, sectionIds } = refuseAll.sample
    const facilitator = refuseAll.person('facilitator')
    const writer = connect(refuseAll, await refuseAll.cookieFor(facilitator.id))
    await waitSynced(writer)
    const close = nextTerminalClose(writer)
    appendParagraph(writer.doc, sectionIds[0]!, 'refused by the hook')
    expect((await close).code).toBe(4403)
    expect(sectionText(refuseAll.plank.rooms.get(platformId)!.doc, sectionIds[0]!)).not.toContain('refused by the hook')
    expect(sectionText(storedDoc(refuseAll.plank.store, platformId), sectionIds[0]!)).not.toContain('refused by the hook')
    expect(logs.some((l) => l.includes(`hooked-writer ${facilitator.id}`) && l.includes(sectionRoot(sectionIds[0]!)))).toBe(true)
  })
})

describe('document and presence hooks', () => {
  let plank: RunningPlank
  const calls: Array<{ hook: 'load' | 'unload'; name: string; doc: Y.Doc }> = []
  beforeAll(async () => {
    plank = await startPlank({
      config: { unloadGraceMs: 50 },
      plankOptions: {
        relayHooks: {
          afterLoadDocument: ({ documentName, document }) => calls.push({ hook: 'load', name: documentName, doc: document }),
          beforeUnloadDocument: ({ documentName, document }) => calls.push({ hook: 'unload', name: documentName, doc: document }),
          identify: ({ userId, claimed }) => ({ personId: userId, name: 'named by the hook', claimedName: claimed?.name ?? null }),
        },
      },
    })
  })
  afterAll(() => plank?.close())

  it('afterLoadDocument runs once when a document is loaded, beforeUnloadDocument when it leaves memory', async () => {
    const { platformId } = plank.sample
    const person = plank.person('delegate')
    const client = connect(plank, await plank.cookieFor(person.id))
    await waitSynced(client)
    const loadedDoc = plank.plank.rooms.get(platformId)!.doc
    expect(calls).toEqual([{ hook: 'load', name: platformId, doc: loadedDoc }])
    client.destroy()
    await waitFor(() => !plank.plank.rooms.isLoaded(platformId), 'unloaded after the grace period', 5_000)
    expect(calls).toEqual([
      { hook: 'load', name: platformId, doc: loadedDoc },
      { hook: 'unload', name: platformId, doc: loadedDoc },
    ])
  })

  it('identify gives the presence user others see, whatever the client claimed', async () => {
    const person = plank.person('delegate')
    const announcer = connect(plank, await plank.cookieFor(person.id))
    const watcher = connect(plank, await plank.cookieFor(plank.person('observer').id))
    await Promise.all([waitSynced(announcer), waitSynced(watcher)])
    announcer.provider.awareness.setLocalStateField('user', { personId: person.id, name: 'Claimed Name', color: '#123456' })
    const seen = (): unknown => watcher.provider.awareness.getStates().get(announcer.doc.clientID)?.user
    await waitFor(() => seen() !== undefined, 'presence relayed')
    expect(seen()).toEqual({ personId: person.id, name: 'named by the hook', claimedName: 'Claimed Name' })
  })
})
