import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendParagraph, syncedClients, sameContent, sectionText, storedDoc, waitFor } from '../helpers/clients.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * A writer's burst (many updates read in one turn) is relayed as merged
 * updates, a run of one sender's updates at a time (room.ts
 * runsOfOneOrigin): every update of every run must reach every reader, in
 * an order that converges, when bursts of two writers interleave.
 */
describe('bursts of updates reach every reader whole', () => {
  let plank: RunningPlank
  const clients = syncedClients(() => plank)
  const connect = clients.connect
  beforeAll(async () => {
    plank = await startPlank()
  })
  afterAll(async () => {
    clients.destroyAll()
    await plank.close()
  })

  it('two writers’ interleaved bursts of 150 updates each: readers equal the store', async () => {
    const { platformId, sectionIds } = plank.sample
    const cookie = await plank.cookieFor(plank.person('facilitator').id)
    const [a, b, reader1, reader2] = await Promise.all([connect(cookie), connect(cookie), connect(cookie), connect(cookie)])
    for (let round = 0; round < 3; round++) {
      // Each append is its own transaction, so its own update; a burst leaves in one tick.
      for (let i = 0; i < 50; i++) appendParagraph(a.doc, sectionIds[0]!, `a ${round}.${i}`)
      for (let i = 0; i < 50; i++) appendParagraph(b.doc, sectionIds[1]!, `b ${round}.${i}`)
    }
    for (const reader of [reader1, reader2]) {
      await waitFor(
        () => sectionText(reader.doc, sectionIds[0]!).includes('a 2.49') && sectionText(reader.doc, sectionIds[1]!).includes('b 2.49'),
        'bursts relayed',
      )
    }
    await waitFor(() => sameContent(reader1.doc, storedDoc(plank.plank.store, platformId)), 'reader 1 equals the store')
    expect(sameContent(reader2.doc, storedDoc(plank.plank.store, platformId))).toBe(true)
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 50; i++) {
        expect(sectionText(reader1.doc, sectionIds[0]!)).toContain(`a ${round}.${i}`)
        expect(sectionText(reader2.doc, sectionIds[1]!)).toContain(`b ${round}.${i}`)
      }
    // The writers hear each other's bursts too.
    await waitFor(() => sectionText(a.doc, sectionIds[1]!).includes('b 2.49') && sectionText(b.doc, sectionIds[0]!).includes('a 2.49'), 'writers converge')
    expect(sameContent(a.doc, b.doc)).toBe(true)
  })
})
