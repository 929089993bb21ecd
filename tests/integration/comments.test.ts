import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionRoot } from '../../shared/documents.js'
import type { GovComment } from '../../shared/gov.js'
import { connectClient, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { anchorInRoot } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

/** An anchor over `length` characters of the section's first paragraph, from `from`. */
const anchorIn = (doc: Y.Doc, sectionId: string, from: number, length: number) => anchorInRoot(doc, sectionRoot(sectionId), from, length)

const govComments = (client: Client): Record<string, GovComment> =>
  ((client.doc.getMap('gov').get('comments') as Y.Map<GovComment> | undefined)?.toJSON() ?? {}) as Record<string, GovComment>

describe('comments', () => {
  let plank: RunningPlank
  let platformId: string
  let sectionB: string
  let ownerB: string
  const cookie: Record<string, string> = {}
  let watcherA: Client
  let watcherB: Client

  beforeAll(async () => {
    plank = await startPlank({ config: { commentMaxChars: 200, commentsPerMinute: 1000 } })
    platformId = plank.sample.platformId
    const owned = plank.plank.store.listSections(platformId).filter((s) => s.ownerOrgId)
    sectionB = owned[0]!.id
    ownerB = owned[0]!.ownerOrgId!
    cookie.a = await plank.cookieFor(plank.person('delegate', { notOwnerOf: sectionB }).id)
    cookie.b = await plank.cookieFor(plank.person('delegate', { ownerOf: sectionB }).id)
    cookie.observer = await plank.cookieFor(plank.person('observer').id)
    cookie.facilitator = await plank.cookieFor(plank.person('facilitator').id)
    watcherA = connectClient(plank.wsUrl, platformId, { cookie: cookie.a })
    watcherB = connectClient(plank.wsUrl, platformId, { cookie: cookie.b })
    await Promise.all([waitSynced(watcherA), waitSynced(watcherB)])
  })
  afterAll(async () => {
    watcherA.destroy()
    watcherB.destroy()
    await plank.close()
  })

  const post = (who: string, body: unknown) => api(plank.url, `/api/platforms/${platformId}/comments`, { method: 'POST', body, cookie: cookie[who] })

  it('a delegate comments on another organization’s section without touching its text; the other side replies and resolves, live', async () => {
    const textBefore = watcherB.doc.getXmlFragment(sectionRoot(sectionB)).toString()
    const res = await post('a', { sectionId: sectionB, ...anchorIn(watcherA.doc, sectionB, 0, 20), body: 'Can we say "everyone"?' })
    expect(res.status).toBe(201)
    const threadId = (res.body as { id: string }).id
    await waitFor(() => govComments(watcherB)[threadId]?.body === 'Can we say "everyone"?', 'thread arrives at B')
    expect(govComments(watcherB)[threadId]!.quote?.length).toBe(20)
    expect(watcherB.doc.getXmlFragment(sectionRoot(sectionB)).toString()).toBe(textBefore)

    const reply = await post('b', { parentId: threadId, body: 'Yes, good idea.' })
    expect(reply.status).toBe(201)
    expect((await api(plank.url, `/api/platforms/${platformId}/comments/${threadId}/resolve`, { method: 'POST', cookie: cookie.b })).status).toBe(200)
    await waitFor(() => govComments(watcherA)[threadId]?.resolved !== null, 'A sees it resolved')
    const replyId = (reply.body as { id: string }).id
    expect(govComments(watcherA)[replyId]).toMatchObject({ parentId: threadId, body: 'Yes, good idea.' })

    const list = (await api(plank.url, `/api/platforms/${platformId}/comments`, { cookie: cookie.a })).body as { comments: Array<Record<string, unknown>> }
    const thread = list.comments.find((c) => c.id === threadId)!
    expect(Object.keys(thread).sort()).toEqual(['authorId', 'body', 'id', 'parentId', 'resolved', 'sectionId', 'textRemoved'])
    expect(thread).toMatchObject({ parentId: null, sectionId: sectionB, resolved: true, textRemoved: false })
    expect((await api(plank.url, `/api/platforms/${platformId}/comments/${threadId}/reopen`, { method: 'POST', cookie: cookie.a })).status).toBe(200)
    await waitFor(() => govComments(watcherB)[threadId]?.resolved === null, 'reopened')
  })

  it('observers cannot comment, reply or resolve; nothing is stored', async () => {
    const existing = (await post('a', { sectionId: sectionB, ...anchorIn(watcherA.doc, sectionB, 1, 5), body: 'for the observer test' })).body as { id: string }
    const before = JSON.stringify(plank.plank.store.listComments(platformId))
    expect((await post('observer', { sectionId: sectionB, ...anchorIn(watcherA.doc, sectionB, 0, 5), body: 'x' })).status).toBe(403)
    expect((await post('observer', { parentId: existing.id, body: 'x' })).status).toBe(403)
    expect((await api(plank.url, `/api/platforms/${platformId}/comments/${existing.id}/resolve`, { method: 'POST', cookie: cookie.observer })).status).toBe(403)
    expect(JSON.stringify(plank.plank.store.listComments(platformId))).toBe(before)
  })

  it('only the author edits or deletes a comment; only a facilitator hides one, with a reason, audited', async () => {
    const { id } = (await post('a', { sectionId: sectionB, ...anchorIn(watcherA.doc, sectionB, 2, 6), body: 'original' })).body as { id: string }
    const before = JSON.stringify(plank.plank.store.getComment(platformId, id))
    for (const who of ['b', 'facilitator', 'observer']) {
      expect(
        (await api(plank.url, `/api/platforms/${platformId}/comments/${id}`, { method: 'PATCH', body: { body: 'changed' }, cookie: cookie[who] })).status,
      ).toBe(403)
      expect((await api(plank.url, `/api/platforms/${platformId}/comments/${id}`, { method: 'DELETE', cookie: cookie[who] })).status).toBe(403)
    }
    for (const who of ['a', 'b', 'observer']) {
      expect(
        (await api(plank.url, `/api/platforms/${platformId}/comments/${id}/hide`, { method: 'POST', body: { reason: 'no' }, cookie: cookie[who] })).status,
      ).toBe(403)
    }
    expect(JSON.stringify(plank.plank.store.getComment(platformId, id))).toBe(before)

    expect((await api(plank.url, `/api/platforms/${platformId}/comments/${id}`, { method: 'PATCH', body: { body: 'edited' }, cookie: cookie.a })).status).toBe(
      200,
    )
    await waitFor(() => govComments(watcherB)[id]?.body === 'edited' && govComments(watcherB)[id]?.editedAt !== null, 'edit arrives')
    const audit = plank.plank.store.listAudit(platformId).length
    expect(
      (
        await api(plank.url, `/api/platforms/${platformId}/comments/${id}/hide`, {
          method: 'POST',
          body: { reason: 'Personal attack' },
          cookie: cookie.facilitator,
        })
      ).status,
    ).toBe(200)
    await waitFor(() => govComments(watcherB)[id]?.hidden?.reason === 'Personal attack', 'hidden arrives')
    expect(govComments(watcherB)[id]!.body).toBeNull()
    expect(
      plank.plank.store
        .listAudit(platformId)
        .slice(audit)
        .map((e) => e.action),
    ).toEqual(['comment.hide'])

    const mine = (await post('b', { sectionId: sectionB, ...anchorIn(watcherB.doc, sectionB, 3, 4), body: 'to delete' })).body as { id: string }
    expect((await api(plank.url, `/api/platforms/${platformId}/comments/${mine.id}`, { method: 'DELETE', cookie: cookie.b })).status).toBe(204)
    await waitFor(() => govComments(watcherA)[mine.id]?.deleted === true, 'deletion arrives')
  })

  it('keeps a thread whose text was deleted, marked text removed, still answerable', async () => {
    const { id } = (await post('a', { sectionId: sectionB, ...anchorIn(watcherA.doc, sectionB, 10, 8), body: 'about these words' })).body as { id: string }
    const paragraph = watcherB.doc
      .getXmlFragment(sectionRoot(sectionB))
      .toArray()
      .find((n) => n instanceof Y.XmlElement && n.nodeName === 'paragraph') as Y.XmlElement
    ;(paragraph.get(0) as Y.XmlText).delete(5, 20)
    await waitFor(() => {
      const room = plank.plank.rooms.get(platformId)!
      return room.doc.getXmlFragment(sectionRoot(sectionB)).toString() === watcherB.doc.getXmlFragment(sectionRoot(sectionB)).toString()
    }, 'deletion stored')
    const list = (await api(plank.url, `/api/platforms/${platformId}/comments`, { cookie: cookie.a })).body as {
      comments: Array<{ id: string; textRemoved: boolean }>
    }
    expect(list.comments.find((c) => c.id === id)?.textRemoved).toBe(true)
    expect(plank.plank.store.getComment(platformId, id)?.quote?.length).toBe(8)
    expect((await post('b', { parentId: id, body: 'Still answerable' })).status).toBe(201)
  })

  it('mentions of a person or an organization reach their inboxes with unread counts', async () => {
    const delegateB = plank.person('delegate', { ownerOf: sectionB })
    const boardB = plank.person('boardRep', { ownerOf: sectionB })
    const res = await post('a', {
      sectionId: sectionB,
      ...anchorIn(watcherA.doc, sectionB, 0, 3),
      body: `@${delegateB.name} and everyone at your organization`,
      mentions: { personIds: [delegateB.id], orgIds: [ownerB] },
    })
    expect(res.status).toBe(201)
    const boardCookie = await plank.cookieFor(boardB.id)
    const inbox = (await api(plank.url, `/api/platforms/${platformId}/inbox`, { cookie: boardCookie })).body as {
      unread: number
      items: Array<{ id: number; kind: string }>
    }
    expect(inbox.unread).toBe(1)
    expect(inbox.items[0]!.kind).toBe('mention')
    const read = await api(plank.url, `/api/platforms/${platformId}/inbox/read`, { method: 'POST', body: {}, cookie: boardCookie })
    expect((read.body as { unread: number }).unread).toBe(0)
    const bInbox = (await api(plank.url, `/api/platforms/${platformId}/inbox`, { cookie: cookie.b })).body as { unread: number; items: Array<{ kind: string }> }
    expect(bInbox.items.some((i) => i.kind === 'mention')).toBe(true)
    expect(bInbox.items.some((i) => i.kind === 'reply')).toBe(false)
    const aInbox = (await api(plank.url, `/api/platforms/${platformId}/inbox`, { cookie: cookie.a })).body as { items: Array<{ kind: string }> }
    expect(aInbox.items.some((i) => i.kind === 'reply')).toBe(true)
    const bad = await post('a', { sectionId: sectionB, ...anchorIn(watcherA.doc, sectionB, 0, 3), body: 'x', mentions: { personIds: ['nobody'] } })
    expect(bad.status).toBe(400)

    // A mention added by an edit reaches the newly mentioned person's inbox.
    const observer = plank.person('facilitator')
    const plain = (await post('a', { sectionId: sectionB, ...anchorIn(watcherA.doc, sectionB, 0, 3), body: 'no mention yet' })).body as { id: string }
    const before = ((await api(plank.url, `/api/platforms/${platformId}/inbox`, { cookie: cookie.facilitator })).body as { unread: number }).unread
    const edited = await api(plank.url, `/api/platforms/${platformId}/comments/${plain.id}`, {
      method: 'PATCH',
      body: { body: `@${observer.name} please look`, mentions: { personIds: [observer.id] } },
      cookie: cookie.a,
    })
    expect(edited.status).toBe(200)
    expect(((await api(plank.url, `/api/platforms/${platformId}/inbox`, { cookie: cookie.facilitator })).body as { unread: number }).unread).toBe(before + 1)
  })

  it('gives 413 for a comment over the length limit, 400 for an unknown section or an anchor outside it, and stores nothing', async () => {
    const before = JSON.stringify(plank.plank.store.listComments(platformId))
    const anchor = anchorIn(watcherA.doc, sectionB, 0, 4)
    const tooLong = await post('a', { sectionId: sectionB, ...anchor, body: 'x'.repeat(201) })
    expect(tooLong.status).toBe(413)
    expect(tooLong.body).toMatchObject({ error: { code: 'too_long', maxChars: 200 } })
    const otherSection = plank.plank.store.listSections(platformId).find((s) => s.id !== sectionB)!.id
    expect((await post('a', { sectionId: 'nope', ...anchor, body: 'x' })).status).toBe(400)
    expect((await post('a', { sectionId: otherSection, ...anchor, body: 'x' })).status).toBe(400)
    expect((await post('a', { sectionId: sectionB, start: 'AAAA', end: '%%%', body: 'x' })).status).toBe(400)
    expect((await post('a', { sectionId: sectionB, start: anchor.end, end: anchor.start, body: 'x' })).status).toBe(400)
    expect((await post('a', { sectionId: sectionB, ...anchor, body: 'x', html: '<b>' })).status).toBe(400)
    expect((await post('a', { parentId: 'nope', body: 'x' })).status).toBe(404)
    expect(JSON.stringify(plank.plank.store.listComments(platformId))).toBe(before)
  })

  it('limits how fast one person comments (429) without affecting others', async () => {
    const fast = await startPlank({ config: { commentsPerMinute: 3 } })
    const pid = fast.sample.platformId
    const sectionId = fast.sample.sectionIds[0]!
    const a = await fast.cookieFor(fast.person('delegate').id)
    const b = await fast.cookieFor(fast.person('boardRep').id)
    const client = connectClient(fast.wsUrl, pid, { cookie: a })
    await waitSynced(client)
    const anchor = anchorIn(client.doc, sectionId, 0, 4)
    const statuses = []
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await api(fast.url, `/api/platforms/${pid}/comments`, { method: 'POST', body: { sectionId, ...anchor, body: `c${i}` }, cookie: a })).status,
      )
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    expect(fast.plank.store.listComments(pid)).toHaveLength(3)
    expect(
      (await api(fast.url, `/api/platforms/${pid}/comments`, { method: 'POST', body: { sectionId, ...anchor, body: 'other person' }, cookie: b })).status,
    ).toBe(201)
    client.destroy()
    await fast.close()
  })
})
