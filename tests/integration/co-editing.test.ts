import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readGov } from '../../shared/gov.js'
import { announce, appendParagraph, connectClient, sectionText, storedDoc, waitFor, waitSynced } from '../helpers/clients.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

describe('two stock y-websocket clients', () => {
  let plank: RunningPlank
  let cookie: string
  beforeAll(async () => {
    plank = await startPlank()
    cookie = await plank.cookieFor(plank.person('facilitator').id)
  })
  afterAll(() => plank.close())

  it('sync the sample platform, converge on each other’s edits, and the store holds them', async () => {
    const { platformId, sectionIds } = plank.sample
    const sectionId = sectionIds[1]!
    const a = connectClient(plank.wsUrl, platformId, { cookie })
    const b = connectClient(plank.wsUrl, platformId, { cookie })
    await Promise.all([waitSynced(a), waitSynced(b)])

    const gov = readGov(a.doc)
    expect(gov.platform?.title).toBe("People's Platform 2027")
    expect(gov.sections.map((s) => s.id)).toEqual(sectionIds)
    expect(sectionText(a.doc, sectionId)).toContain('public option')

    appendParagraph(a.doc, sectionId, 'Written by A.')
    appendParagraph(b.doc, sectionId, 'Written by B.')
    await waitFor(
      () =>
        sectionText(a.doc, sectionId) === sectionText(b.doc, sectionId) &&
        sectionText(a.doc, sectionId).includes('Written by A.') &&
        sectionText(a.doc, sectionId).includes('Written by B.'),
      'convergence',
    )
    const stored = storedDoc(plank.plank.store, platformId)
    expect(sectionText(stored, sectionId)).toBe(sectionText(a.doc, sectionId))
    a.destroy()
    b.destroy()
  })

  it('relays presence between clients and removes it when one leaves', async () => {
    const { platformId } = plank.sample
    const a = connectClient(plank.wsUrl, platformId, { cookie })
    const b = connectClient(plank.wsUrl, platformId, { cookie })
    await Promise.all([waitSynced(a), waitSynced(b)])
    announce(a, plank.person('facilitator').id, 'Ana')
    // The relay stamps the person's real name over the one announced.
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === plank.person('facilitator').name, 'presence of A at B')
    a.destroy()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'A’s presence removed at B')
    b.destroy()
  })
})
