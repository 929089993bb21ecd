import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import { anchorInRoot } from '../helpers/anchors.js'
import { appendParagraph, syncedClients, sameContent, sectionText, storedDoc, waitFor, type Client } from '../helpers/clients.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * A client that has nothing yet gets the whole document, and the relay keeps
 * that answer for the next newcomer while the document does not change
 * (room.ts syncStep2For). Any change in between (a person's edit, the
 * server's own gov projection) must be in what the next newcomer gets.
 */
describe('newcomers sync everything stored, however they interleave with changes', () => {
  let plank: RunningPlank
  let cookie: string
  const clients = syncedClients(() => plank)
  const newcomer = (): Promise<Client> => clients.connect(cookie)
  beforeAll(async () => {
    plank = await startPlank()
    cookie = await plank.cookieFor(plank.person('facilitator').id)
  })
  afterAll(async () => {
    clients.destroyAll()
    await plank.close()
  })

  it('a newcomer right after an edit that followed another newcomer has the edit', async () => {
    const { platformId, sectionIds } = plank.sample
    const writer = await newcomer()
    appendParagraph(writer.doc, sectionIds[0]!, 'written after the first newcomer')
    const room = plank.plank.rooms.get(platformId)!
    await waitFor(() => sectionText(room.doc, sectionIds[0]!).includes('written after the first newcomer'), 'server has the edit')
    const second = await newcomer()
    expect(sectionText(second.doc, sectionIds[0]!)).toContain('written after the first newcomer')
  })

  it('a seeded mix of newcomers, edits and gov changes: every newcomer equals what is stored', async () => {
    const { platformId, sectionIds } = plank.sample
    // 20261207 mixes all three steps (edit, gov change, nothing); 20261202, the seed before, drew no gov change at all.
    const seed = Number(process.env.PLANK_NEWCOMER_SEED ?? 20261207)
    let state = seed
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31
      return state / 2 ** 31
    }
    const writer = await newcomer()
    const room = plank.plank.rooms.get(platformId)!
    for (let step = 0; step < 12; step++) {
      const action = random()
      if (action < 0.4) {
        const text = `seed ${seed} step ${step}`
        appendParagraph(writer.doc, sectionIds[step % sectionIds.length]!, text)
        await waitFor(() => sectionText(room.doc, sectionIds[step % sectionIds.length]!).includes(text), 'server has the edit')
      } else if (action < 0.6) {
        // A change the server writes itself (gov), with no client's update behind it.
        const res = await fetch(`${plank.url}/api/platforms/${platformId}/comments`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', origin: plank.url },
          body: JSON.stringify({ sectionId: sectionIds[0]!, ...anchorInRoot(room.doc, sectionRoot(sectionIds[0]!), 0, 4), body: `comment at step ${step}` }),
        })
        expect(res.status, `seed ${seed} step ${step}`).toBe(201)
      }
      const fresh = await newcomer()
      // A gov change is projected up to 40 ms after its request (batched): what is stored after the
      // newcomer's sync reaches it as an update. What its sync missed would never come: this times out.
      await waitFor(() => sameContent(fresh.doc, storedDoc(plank.plank.store, platformId)), `seed ${seed} step ${step}: the newcomer equals the store`, 5000)
    }
  })
})
