import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canonicalJson } from '../../shared/canonical-json.js'
import { sectionHash, sha256HexOf } from '../../shared/content-hash.js'
import { sectionRoot, translationRoot } from '../../shared/documents.js'
import { encodeAnchor } from '../../shared/section-text.js'
import { api } from '../helpers/http.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/**
 * No request may create a root in the live document (issue 11, finding 12):
 * `doc.getXmlFragment(name)` creates the root it is asked for, so each
 * request naming an unknown section used to grow the document for good.
 */
describe('requests naming unknown sections', () => {
  let plank: RunningPlank
  let platformId: string
  let facilitator: string
  let rep: string
  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    facilitator = await plank.cookieFor(plank.person('facilitator').id)
    rep = await plank.cookieFor(plank.person('boardRep').id)
  })
  afterAll(() => plank.close())

  it('2,000 of them answer 404 (or 400) and leave the document’s roots and the store unchanged', async () => {
    const doc = plank.plank.rooms.open(platformId)!.doc
    const roots = [...doc.share.keys()].sort()
    const stored = () =>
      JSON.stringify({
        signoffs: plank.plank.store.listSignoffs(platformId).length,
        comments: plank.plank.store.listComments(platformId).length,
        seq: plank.plank.store.loadDocument(platformId).lastSeq,
        audit: plank.plank.store.listAudit().length,
      })
    const before = stored()
    const known = plank.sample.sectionIds[0]!
    const p = `/api/platforms/${platformId}`
    // An anchor naming a root the document does not have: Yjs would create it while resolving.
    const scratch = new Y.Doc()
    const foreignAnchor = () => encodeAnchor(Y.createRelativePositionFromTypeIndex(scratch.getXmlFragment(sectionRoot(randomUUID())), 0))

    const requests: Array<() => Promise<number>> = [
      async () => (await api(plank.url, `${p}/sections/${randomUUID()}/signoffs`, { cookie: facilitator })).status,
      async () => (await api(plank.url, `${p}/sections/${randomUUID()}`, { cookie: facilitator })).status,
      async () =>
        (await api(plank.url, `${p}/sections/${randomUUID()}/signoffs`, { method: 'POST', cookie: rep, body: { decision: 'approve', hash: 'a'.repeat(64) } }))
          .status,
      async () =>
        (
          await api(plank.url, `${p}/comments`, {
            method: 'POST',
            cookie: facilitator,
            body: { sectionId: randomUUID(), start: foreignAnchor(), end: foreignAnchor(), body: 'x' },
          })
        ).status,
      async () =>
        (
          await api(plank.url, `${p}/comments`, {
            method: 'POST',
            cookie: facilitator,
            body: { sectionId: known, start: foreignAnchor(), end: foreignAnchor(), body: 'x' },
          })
        ).status,
    ]
    const statuses = new Map<number, number>()
    for (let i = 0; i < 2000; i++) {
      const status = await requests[i % requests.length]!()
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
    expect([...statuses.keys()].sort()).toEqual([400, 404])
    expect(statuses.get(404)).toBe(1200)
    expect([...doc.share.keys()].sort()).toEqual(roots)
    expect(plank.plank.rooms.get(platformId)!.doc).toBe(doc)
    expect(stored()).toBe(before)
    // The reads that must still work on known sections do not create roots either.
    expect((await api(plank.url, `${p}/signoffs`, { cookie: facilitator })).status).toBe(200)
    expect((await api(plank.url, `${p}/comments`, { cookie: facilitator })).status).toBe(200)
    expect((await fetch(`${plank.url}${p}/export.md`, { headers: { cookie: facilitator } })).status).toBe(200)
    expect([...doc.share.keys()].sort()).toEqual(roots)
  }, 120_000)

  it('a section never written has no root, and its hash, sign-off and export need none', async () => {
    const created = await api(plank.url, `/api/platforms/${platformId}/sections`, {
      method: 'POST',
      cookie: facilitator,
      body: { title: 'Empty plank', ownerOrgId: null },
    })
    expect(created.status).toBe(201)
    const sectionId = (created.body as { id: string }).id
    const doc = plank.plank.rooms.open(platformId)!.doc
    const size = doc.share.size
    const section = await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}`, { cookie: facilitator })
    expect(section.status).toBe(200)
    // The sample is bilingual: the sign-off hash is of both languages' (empty) texts, the primary's alone of nothing.
    expect(section.body).toMatchObject({ hash: await sha256HexOf(canonicalJson({ en: [], es: [] })), primaryHash: await sectionHash(null) })
    expect((await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}/signoffs`, { cookie: facilitator })).status).toBe(200)
    expect(doc.share.has(sectionRoot(sectionId))).toBe(false)
    expect(doc.share.has(translationRoot(sectionId, 'es'))).toBe(false)
    expect(doc.share.size).toBe(size)
  })
})
