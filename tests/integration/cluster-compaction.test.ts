/**
 * Compaction with several instances writing one document (issue 17 item 2):
 * each instance folds the shared update log into the state every few updates
 * while the others go on appending, so compactions and appends from different
 * instances interleave in PostgreSQL. Nothing may be lost: the stored
 * document, every client and a fresh instance hold every line.
 *
 * The second test holds open the window every compaction races with: an
 * update another instance committed that the compacting instance has not
 * received yet (here it never will: it listens on another Redis). The
 * compaction must fold that row in, not drop it.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { appendParagraph, connectClient, sectionText, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { ClusterFixture } from '../helpers/cluster-fixture.js'
import { sharedRedis } from '../helpers/services.js'

const LINES_PER_WRITER = 60

describe('three instances compacting one document while all of them write', () => {
  const fixture = new ClusterFixture()
  afterAll(() => fixture.close())

  it('keeps every line written through every instance', async () => {
    // Compaction after every 3 stored updates: with three writers, compactions on each instance overlap the others' appends.
    const config = { databaseUrl: await fixture.database('compact'), redisUrl: sharedRedis().url, compactAfterUpdates: 3 }
    const instances = [await fixture.instance(config)]
    instances.push(await fixture.instance(config), await fixture.instance(config))
    const clients: Client[] = []
    const { platformId, sectionIds } = instances[0]!.sample
    const sectionId = sectionIds.find((id) => instances[0]!.plank.store.getSection(platformId, id)?.ownerOrgId === null) ?? sectionIds[0]!
    const facilitatorId = instances[0]!.person('facilitator').id
    for (const instance of instances)
      clients.push(fixture.client(connectClient(instance.wsUrl, platformId, { cookie: await instance.cookieFor(facilitatorId) })))
    await Promise.all(clients.map(waitSynced))

    const expected: string[] = []
    for (let line = 0; line < LINES_PER_WRITER; line++) {
      for (const [i, c] of clients.entries()) {
        appendParagraph(c.doc, sectionId, `instance ${i} line ${line}.`)
        expected.push(`instance ${i} line ${line}.`)
      }
      // Let the sockets and the instances run between rounds, as people typing would.
      if (line % 5 === 4) await new Promise((r) => setTimeout(r, 20))
    }
    const holdsAll = (text: string): boolean => expected.every((line) => text.includes(line))
    await waitFor(() => clients.every((c) => holdsAll(sectionText(c.doc, sectionId))), 'every client holds every line', 30_000)
    const store = instances[0]!.plank.store
    await waitFor(() => holdsAll(sectionText(storedDoc(store, platformId), sectionId)), 'the stored document holds every line', 30_000)
    // Compaction did run: far fewer rows are left in the log than updates were written.
    expect(store.countUpdates(platformId)).toBeLessThan(expected.length / 2)

    // A fresh instance loads the document from the store alone.
    const fresh = await fixture.instance(config)
    const reader = fixture.client(connectClient(fresh.wsUrl, platformId, { cookie: await fresh.cookieFor(facilitatorId) }))
    await waitSynced(reader)
    const missing = expected.filter((line) => !sectionText(reader.doc, sectionId).includes(line))
    expect(missing).toEqual([])
  })
})

describe('an instance compacting without an update another instance committed', () => {
  const fixture = new ClusterFixture()
  afterAll(() => fixture.close())

  it('folds that update into the state: the store and a fresh instance still have it', async () => {
    const databaseUrl = await fixture.database('fold')
    const otherRedis = await fixture.redis()
    // The writer never compacts; the compactor compacts after each update it stores.
    const writer = await fixture.instance({ databaseUrl, redisUrl: sharedRedis().url, compactAfterUpdates: 1_000_000 })
    // Same database, another Redis: the compactor never hears the writer's updates.
    const compactor = await fixture.instance({ databaseUrl, redisUrl: otherRedis.url, compactAfterUpdates: 1 })
    const { platformId, sectionIds } = writer.sample
    const sectionId = sectionIds.find((id) => writer.plank.store.getSection(platformId, id)?.ownerOrgId === null) ?? sectionIds[0]!
    const facilitatorId = writer.person('facilitator').id
    const onWriter = fixture.client(connectClient(writer.wsUrl, platformId, { cookie: await writer.cookieFor(facilitatorId) }))
    const onCompactor = fixture.client(connectClient(compactor.wsUrl, platformId, { cookie: await compactor.cookieFor(facilitatorId) }))
    await Promise.all([waitSynced(onWriter), waitSynced(onCompactor)])

    appendParagraph(onWriter.doc, sectionId, 'committed by the writer instance.')
    const store = writer.plank.store
    await waitFor(() => sectionText(storedDoc(store, platformId), sectionId).includes('committed by the writer instance.'), 'the row stored')
    expect(store.countUpdates(platformId)).toBeGreaterThan(0)
    expect(sectionText(compactor.plank.rooms.get(platformId)!.doc, sectionId)).not.toContain('committed by the writer instance.')

    // The compactor stores one update and compacts the log with a document that lacks the writer's row.
    appendParagraph(onCompactor.doc, sectionId, 'written on the compactor.')
    await waitFor(() => store.countUpdates(platformId) === 0, 'the compaction of every row')
    const stored = sectionText(storedDoc(store, platformId), sectionId)
    expect(stored).toContain('committed by the writer instance.')
    expect(stored).toContain('written on the compactor.')
    const fresh = await fixture.instance({ databaseUrl, redisUrl: sharedRedis().url })
    const reader = fixture.client(connectClient(fresh.wsUrl, platformId, { cookie: await fresh.cookieFor(facilitatorId) }))
    await waitSynced(reader)
    expect(sectionText(reader.doc, sectionId)).toContain('committed by the writer instance.')
  })
})
