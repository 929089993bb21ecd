import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApprovalNotice } from '../../shared/api.js'
import type { AmendmentConflict, AmendmentListEntry } from '../../shared/amendments.js'
import { sectionHash, sectionJson } from '../../shared/content-hash.js'
import { amendmentRoot, sectionRoot } from '../../shared/documents.js'
import { sectionVersionHash } from '../../shared/section-version.js'
import { CloseCode } from '../../shared/protocol.js'
import { encodeAnchor } from '../../shared/section-text.js'
import { connectClient, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { anchorInRoot } from '../helpers/anchors.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { sendCrafted as sendCraftedOn } from '../helpers/raw-socket.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'
import { updateOn } from '../helpers/updates.js'

/**
 * Issue 14 over the wire: who proposes, writes, endorses and decides an
 * amendment, and that every refusal stores nothing (no row, no audit entry,
 * no document update). The merge itself has its own property tests
 * (tests/unit/amendment-merge.test.ts); here it is exercised end to end.
 */
describe('amendments over the wire', () => {
  let plank: RunningPlank
  let platformId: string
  /** A's section (owned by organization A), and an open section. */
  let sectionA: string
  let openSection: string
  const cookie = new Map<string, string>()
  let delegateA: DemoPerson
  let repA: DemoPerson
  let delegateB: DemoPerson
  let repB: DemoPerson
  let delegateC: DemoPerson
  let repC: DemoPerson
  let facilitator: DemoPerson
  let observer: DemoPerson
  let witness: Client

  beforeAll(async () => {
    plank = await startPlank()
    platformId = plank.sample.platformId
    const sections = plank.plank.store.listSections(platformId)
    const owned = sections.find((s) => s.ownerOrgId !== null)!
    sectionA = owned.id
    openSection = sections.find((s) => s.ownerOrgId === null)!.id
    const orgA = owned.ownerOrgId!
    const others = [...new Set(plank.people.map((p) => p.orgId).filter((o): o is string => o !== null && o !== orgA))]
    const of = (role: string, orgId: string) => plank.people.find((p) => p.role === role && p.orgId === orgId)!
    delegateA = of('delegate', orgA)
    repA = of('boardRep', orgA)
    delegateB = of('delegate', others[0]!)
    repB = of('boardRep', others[0]!)
    delegateC = of('delegate', others[1]!)
    repC = of('boardRep', others[1]!)
    facilitator = plank.person('facilitator')
    observer = plank.person('observer')
    for (const p of [delegateA, repA, delegateB, repB, delegateC, repC, facilitator, observer]) cookie.set(p.id, await plank.cookieFor(p.id))
    witness = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(facilitator.id)! })
    await waitSynced(witness)
  })
  afterAll(async () => {
    witness?.destroy()
    await plank?.close()
  })

  const call = (who: DemoPerson, method: string, path: string, body?: unknown) =>
    api(plank.url, `/api/platforms/${platformId}${path}`, { method, body, cookie: cookie.get(who.id)! })
  const propose = (who: DemoPerson, sectionId: string, title = 'Stronger wording') =>
    call(who, 'POST', `/sections/${sectionId}/amendments`, { title, rationale: 'Because the members asked for it.' })
  const list = async (): Promise<AmendmentListEntry[]> =>
    ((await call(facilitator, 'GET', '/amendments')).body as { amendments: AmendmentListEntry[] }).amendments
  const room = () => plank.plank.rooms.get(platformId)!
  const text = (doc: Y.Doc, root: string) =>
    doc
      .getXmlFragment(root)
      .toArray()
      .map((n) =>
        n instanceof Y.XmlElement
          ? n
              .toArray()
              .map((c) => (c instanceof Y.XmlText ? c.toString().replace(/<[^>]*>/g, '') : ''))
              .join('')
          : '',
      )
      .join('\n')
  /** What a refusal must leave alone: governance rows, the audit log, the document's stored updates, the amendments. */
  const everything = async () => JSON.stringify({ gov: governanceSnapshot(plank.plank.store, platformId), amendments: await list() })

  /** Replaces the first paragraph's text of a root, as an editor would (through a client of `who`). */
  async function rewriteFirstParagraph(who: DemoPerson, root: string, change: (text: string) => string): Promise<void> {
    const client = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(who.id)! })
    await waitSynced(client)
    const paragraph = client.doc.getXmlFragment(root).get(0) as Y.XmlElement
    const t = paragraph.get(0) as Y.XmlText
    const before = t.toString()
    const after = change(before)
    let start = 0
    while (start < before.length && before[start] === after[start]) start++
    let end = 0
    while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++
    client.doc.transact(() => {
      t.delete(start, before.length - start - end)
      t.insert(start, after.slice(start, after.length - end))
    })
    await waitFor(() => text(room().doc, root) === text(client.doc, root), 'the server has the edit')
    client.destroy()
  }

  /** Sends one update over a raw socket; the close code, or null if it stayed open. */
  const sendCrafted = (who: DemoPerson, update: Uint8Array) => sendCraftedOn(`${plank.wsUrl}/${platformId}`, cookie.get(who.id)!, update)
  const appendTo = (root: string, words: string) => (doc: Y.Doc) => {
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(words)])
    const f = doc.getXmlFragment(root)
    f.insert(f.length, [p])
  }

  it('a delegate of another organization proposes: a copy of the section in amend:<id>, listed as open with the base hash, audited', async () => {
    const audit = plank.plank.store.listAudit().length
    const res = await propose(delegateB, sectionA)
    expect(res.status).toBe(201)
    const { id, root } = res.body as { id: string; root: string }
    expect(root).toBe(amendmentRoot(id))
    await waitFor(() => witness.doc.getXmlFragment(root).length > 0, 'the copy reaches clients')
    expect(sectionJson(witness.doc.getXmlFragment(root))).toEqual(sectionJson(witness.doc.getXmlFragment(sectionRoot(sectionA))))
    const entry = (await list()).find((a) => a.id === id)!
    expect(entry).toMatchObject({ sectionId: sectionA, orgId: delegateB.orgId, authorId: delegateB.id, status: 'open', endorsements: [] })
    expect(entry.baseHash).toBe(await sectionHash(witness.doc.getXmlFragment(sectionRoot(sectionA))))
    expect(
      plank.plank.store
        .listAudit()
        .slice(audit)
        .map((a) => a.action),
    ).toEqual(['amendment.propose'])
  })

  it('an observer cannot propose, nor anyone on an unknown section; nothing is stored', async () => {
    const before = await everything()
    expect((await propose(observer, sectionA)).status).toBe(403)
    expect((await propose(delegateB, 'no-such-section')).status).toBe(404)
    expect((await call(delegateB, 'POST', `/sections/${sectionA}/amendments`, { title: '' })).status).toBe(400)
    expect((await call(delegateB, 'POST', `/sections/${sectionA}/amendments`, { title: 'x', extra: 1 })).status).toBe(400)
    expect(await everything()).toBe(before)
  })

  it('the relay lets only the proposer organization and facilitators write the amendment root', async () => {
    const { id } = (await propose(delegateB, sectionA, 'Relay rules')).body as { id: string }
    const root = amendmentRoot(id)
    await waitFor(() => room().doc.getXmlFragment(root).length > 0, 'copied')
    for (const who of [delegateC, repC, delegateA, repA, observer]) {
      const before = text(room().doc, root)
      const stored = governanceSnapshot(plank.plank.store, platformId)
      const result = await sendCrafted(who, updateOn(room().doc, appendTo(root, `${who.name} was here`)))
      expect(result.code, who.name).toBe(CloseCode.Forbidden)
      expect(result.refused).toBe(true)
      expect(text(room().doc, root)).toBe(before)
      expect(governanceSnapshot(plank.plank.store, platformId)).toBe(stored)
    }
    for (const who of [delegateB, repB, facilitator]) {
      const result = await sendCrafted(who, updateOn(room().doc, appendTo(root, `${who.name} drafted`)))
      expect(result.code, who.name).toBeNull()
      await waitFor(() => text(witness.doc, root).includes(`${who.name} drafted`), 'relayed')
    }
    // An amendment root nobody proposed is nobody's to write.
    const stray = await sendCrafted(facilitator, updateOn(room().doc, appendTo(amendmentRoot('made-up'), 'stray')))
    expect(stray.code).toBe(CloseCode.Forbidden)
  })

  it('each other organization endorses once; the proposer does not; endorsements are withdrawable; refusals store nothing', async () => {
    const { id } = (await propose(delegateB, sectionA, 'Endorse me')).body as { id: string }
    expect((await call(delegateC, 'POST', `/amendments/${id}/endorse`)).status).toBe(200)
    let before = await everything()
    expect((await call(repC, 'POST', `/amendments/${id}/endorse`)).status).toBe(409)
    expect((await call(repB, 'POST', `/amendments/${id}/endorse`)).status).toBe(403)
    expect((await call(observer, 'POST', `/amendments/${id}/endorse`)).status).toBe(403)
    expect((await call(facilitator, 'POST', `/amendments/${id}/endorse`)).status).toBe(403)
    expect((await call(delegateA, 'DELETE', `/amendments/${id}/endorse`)).status).toBe(403)
    expect((await call(delegateC, 'POST', '/amendments/nope/endorse')).status).toBe(404)
    expect(await everything()).toBe(before)
    expect((await call(repA, 'POST', `/amendments/${id}/endorse`)).status).toBe(200)
    expect((await list()).find((a) => a.id === id)!.endorsements).toEqual([delegateA.orgId, delegateC.orgId].sort())
    await waitFor(
      () =>
        JSON.stringify((witness.doc.getMap('gov').get('amendments') as Y.Map<AmendmentListEntry>).get(id)?.endorsements) ===
        JSON.stringify([delegateA.orgId, delegateC.orgId].sort()),
      'gov shows endorsements',
    )
    expect((await call(repC, 'DELETE', `/amendments/${id}/endorse`)).status).toBe(200)
    expect((await list()).find((a) => a.id === id)!.endorsements).toEqual([delegateA.orgId])
    before = await everything()
    expect((await call(repC, 'DELETE', `/amendments/${id}/endorse`)).status).toBe(403)
    expect(await everything()).toBe(before)
  })

  it('only the owner organization decides an owned section; a decided amendment cannot be decided again', async () => {
    const { id } = (await propose(delegateB, sectionA, 'Decide me')).body as { id: string }
    const before = await everything()
    for (const who of [delegateC, repB, delegateB, facilitator, observer]) {
      expect((await call(who, 'POST', `/amendments/${id}/accept`, { note: 'mine' })).status, who.name).toBe(403)
      expect((await call(who, 'POST', `/amendments/${id}/decline`, { note: 'mine' })).status, who.name).toBe(403)
    }
    expect(await everything()).toBe(before)
    expect((await call(repA, 'POST', `/amendments/${id}/decline`, { note: 'Not our wording.' })).status).toBe(200)
    const declined = (await list()).find((a) => a.id === id)!
    expect(declined.status).toBe('declined')
    expect(declined.decision).toMatchObject({ by: repA.id, note: 'Not our wording.', hash: null })
    const after = await everything()
    expect((await call(delegateA, 'POST', `/amendments/${id}/accept`, {})).status).toBe(409)
    expect((await call(delegateA, 'POST', `/amendments/${id}/decline`, {})).status).toBe(409)
    expect((await call(delegateB, 'POST', `/amendments/${id}/withdraw`)).status).toBe(409)
    expect((await call(delegateC, 'POST', `/amendments/${id}/endorse`)).status).toBe(409)
    expect(await everything()).toBe(after)
    expect((await call(delegateA, 'POST', '/amendments/nope/accept', {})).status).toBe(404)
  })

  it('for an open section a facilitator decides, and no organization does', async () => {
    const { id } = (await propose(delegateB, openSection, 'Open section wording')).body as { id: string }
    const before = await everything()
    for (const who of [delegateA, repA, delegateC, delegateB]) expect((await call(who, 'POST', `/amendments/${id}/decline`, {})).status, who.name).toBe(403)
    expect(await everything()).toBe(before)
    expect((await call(facilitator, 'POST', `/amendments/${id}/decline`, { note: 'Later.' })).status).toBe(200)
  })

  it('the proposer organization withdraws its own; others cannot', async () => {
    const { id } = (await propose(delegateB, sectionA, 'Withdraw me')).body as { id: string }
    const before = await everything()
    for (const who of [delegateC, delegateA, facilitator, observer]) expect((await call(who, 'POST', `/amendments/${id}/withdraw`)).status, who.name).toBe(403)
    expect(await everything()).toBe(before)
    expect((await call(repB, 'POST', `/amendments/${id}/withdraw`)).status).toBe(200)
    expect((await list()).find((a) => a.id === id)!.status).toBe('withdrawn')
  })

  it('accepting merges: edits to the section meanwhile are kept; the section changes for every client; the approval goes stale naming the amendment', async () => {
    // A's board rep approves the section as it is.
    const hash = await sectionVersionHash(witness.doc, sectionA)
    expect((await call(repA, 'POST', `/sections/${sectionA}/signoffs`, { decision: 'approve', hash })).status).toBe(201)
    const { id, root } = (await propose(delegateB, sectionA, 'Merge me')).body as { id: string; root: string }
    await waitFor(() => witness.doc.getXmlFragment(root).length > 0, 'copied')
    // The amendment changes the start of the first paragraph; A's delegate adds a paragraph at the end of the section.
    await rewriteFirstParagraph(delegateB, root, (t) => `Amended: ${t}`)
    const client = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(delegateA.id)! })
    await waitSynced(client)
    appendTo(sectionRoot(sectionA), 'A kept writing meanwhile.')(client.doc)
    await waitFor(() => text(room().doc, sectionRoot(sectionA)).includes('A kept writing meanwhile.'), 'stored')
    const res = await call(delegateA, 'POST', `/amendments/${id}/accept`, { note: 'Agreed at the table.' })
    expect(res.status).toBe(200)
    const accepted = text(room().doc, sectionRoot(sectionA))
    expect(accepted.startsWith('Amended: ')).toBe(true)
    expect(accepted).toContain('A kept writing meanwhile.')
    await waitFor(() => text(client.doc, sectionRoot(sectionA)) === accepted && text(witness.doc, sectionRoot(sectionA)) === accepted, 'every client has it')
    expect((res.body as { hash: string }).hash).toBe(await sectionVersionHash(witness.doc, sectionA))
    expect((await list()).find((a) => a.id === id)!).toMatchObject({ status: 'accepted', decision: { by: delegateA.id, note: 'Agreed at the table.' } })
    const notices = (await call(repA, 'GET', '/approval-notices')).body as { notices: ApprovalNotice[] }
    expect(notices.notices.find((n) => n.sectionId === sectionA)?.amendment).toEqual({ id, title: 'Merge me' })
    client.destroy()
  })

  it('where both changed the same words: 409 with the conflicts, nothing applied; with resolutions, applied', async () => {
    const { id, root } = (await propose(delegateB, sectionA, 'Conflict me')).body as { id: string; root: string }
    await waitFor(() => witness.doc.getXmlFragment(root).length > 0, 'copied')
    await rewriteFirstParagraph(delegateB, root, (t) => t.replace(/^\S+/, 'Amendment-words'))
    await rewriteFirstParagraph(delegateA, sectionRoot(sectionA), (t) => t.replace(/^\S+/, 'Section-words'))
    const before = await everything()
    const sectionBefore = text(room().doc, sectionRoot(sectionA))
    const res = await call(delegateA, 'POST', `/amendments/${id}/accept`, {})
    expect(res.status).toBe(409)
    const body = res.body as { error: { code: string }; conflicts: AmendmentConflict[] }
    expect(body.error.code).toBe('conflict')
    expect(body.conflicts.length).toBeGreaterThan(0)
    expect(body.conflicts.map((c) => c.section).join(' ')).toContain('Section-words')
    expect(body.conflicts.map((c) => c.amendment).join(' ')).toContain('Amendment-words')
    expect(await everything()).toBe(before)
    expect(text(room().doc, sectionRoot(sectionA))).toBe(sectionBefore)
    const resolutions = Object.fromEntries(body.conflicts.map((c) => [c.id, 'amendment']))
    const ok = await call(delegateA, 'POST', `/amendments/${id}/accept`, { resolutions })
    expect(ok.status).toBe(200)
    expect(text(room().doc, sectionRoot(sectionA))).toContain('Amendment-words')
    expect(text(room().doc, sectionRoot(sectionA))).not.toContain('Section-words')
  })

  it('a locked section refuses acceptance (409) and nothing is stored (an adopted platform: the policy table, tests/unit/policy.test.ts)', async () => {
    const { id } = (await propose(delegateB, sectionA, 'Locked out')).body as { id: string }
    expect((await call(facilitator, 'PATCH', `/sections/${sectionA}`, { locked: true })).status).toBe(200)
    const before = await everything()
    const res = await call(delegateA, 'POST', `/amendments/${id}/accept`, {})
    expect(res.status).toBe(409)
    expect((res.body as { error: { code: string } }).error.code).toBe('locked')
    expect(await everything()).toBe(before)
    expect((await call(facilitator, 'PATCH', `/sections/${sectionA}`, { locked: false })).status).toBe(200)
  })

  it('the export lists every amendment with its outcome; each action is in the audit log', async () => {
    const md = await api(plank.url, `/api/platforms/${platformId}/export.md`, { cookie: cookie.get(observer.id)! })
    expect(md.status).toBe(200)
    const body = md.body as string
    expect(body).toContain('## Amendments')
    expect(body).toMatch(/“Merge me”, proposed by [^;]+; accepted by Ana Torres|“Merge me”, proposed by [^\n]+accepted by/)
    expect(body).toMatch(/“Decide me”, proposed by [^\n]+declined by [^\n]+Not our wording/)
    expect(body).toMatch(/“Withdraw me”, proposed by [^\n]+withdrawn/)
    const html = await api(plank.url, `/api/platforms/${platformId}/export.html`, { cookie: cookie.get(observer.id)! })
    expect(html.body as string).toContain('<h2>Amendments</h2>')
    const actions = new Set(plank.plank.store.listAudit().map((a) => a.action))
    for (const action of ['propose', 'endorse', 'unendorse', 'withdraw', 'decline', 'accept']) expect(actions.has(`amendment.${action}`), action).toBe(true)
  })

  it('comments work on an amendment as on a section: anchored in its text, replies follow, refusals store nothing', async () => {
    const { id } = (await propose(delegateB, sectionA, 'Open to discussion')).body as { id: string }
    const root = amendmentRoot(id)
    await waitFor(() => witness.doc.getXmlFragment(root).length > 0, 'the witness has the amendment text')
    // Over the first five characters of the amendment's first block: the words rewriteFirstParagraph changes below.
    const firstText = (witness.doc.getXmlFragment(root).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const onAmendment = {
      start: encodeAnchor(Y.createRelativePositionFromTypeIndex(firstText, 0)),
      end: encodeAnchor(Y.createRelativePositionFromTypeIndex(firstText, 5)),
    }
    const onSection = anchorInRoot(witness.doc, sectionRoot(sectionA), 0, 5)
    const comment = (who: DemoPerson, body: unknown) => call(who, 'POST', '/comments', body)
    const thread = { sectionId: sectionA, amendmentId: id, ...onAmendment, body: 'Is “must” too strong here?' }

    // Refusals: an observer; an unknown amendment; the amendment of another section; a section anchor given as the amendment's.
    const refused: Array<[DemoPerson, unknown, number]> = [
      [observer, thread, 403],
      [delegateC, { ...thread, amendmentId: 'no-such-amendment' }, 400],
      [delegateC, { ...thread, sectionId: openSection }, 400],
      [delegateC, { ...thread, ...onSection }, 400],
      [delegateC, { ...thread, amendmentId: 42 }, 400],
    ]
    for (const [who, body, status] of refused) {
      const before = await everything()
      expect((await comment(who, body)).status, JSON.stringify(body)).toBe(status)
      expect(await everything()).toBe(before)
    }

    const created = await comment(delegateC, thread)
    expect(created.status).toBe(201)
    const threadId = (created.body as { id: string }).id
    const reply = await comment(delegateA, { parentId: threadId, body: 'We can live with it.' })
    expect(reply.status).toBe(201)
    const replyId = (reply.body as { id: string }).id
    // Everyone's gov entry says where the thread is; its reply is in the same place.
    await waitFor(() => {
      const comments = (witness.doc.getMap('gov').get('comments') as Y.Map<{ amendmentId?: string; sectionId: string; quote: string | null }>) ?? null
      return comments?.get(threadId)?.amendmentId === id && comments.get(replyId)?.amendmentId === id && comments.get(threadId)?.sectionId === sectionA
    }, 'the thread and its reply are on the amendment')
    const quoted = text(witness.doc, root).slice(0, 5)
    const listed = async () =>
      ((await call(facilitator, 'GET', '/comments')).body as { comments: Array<{ id: string; amendmentId?: string; textRemoved: boolean }> }).comments
    expect((await listed()).find((c) => c.id === threadId)).toMatchObject({ amendmentId: id, textRemoved: false })
    expect(plank.plank.store.getComment(platformId, threadId)).toMatchObject({ amendmentId: id, quote: quoted })

    // "Text removed" is judged in the amendment's text, not the section's.
    await rewriteFirstParagraph(delegateB, root, (t) => t.slice(5))
    // rewriteFirstParagraph returns once the server's document has the edit.
    expect((await listed()).find((c) => c.id === threadId)).toMatchObject({ amendmentId: id, textRemoved: true })
  })

  it('a drafting session puts an amendment on its agenda and takes its temperature', async () => {
    const { id } = (await propose(delegateB, sectionA, 'On the agenda')).body as { id: string }
    const bad = [
      { kind: 'section', amendmentId: 'nope', minutes: 10 },
      { kind: 'free', title: 'Break', amendmentId: id, minutes: 5 },
      { kind: 'section', sectionId: openSection, amendmentId: id, minutes: 10 },
    ]
    for (const item of bad) {
      const before = await everything()
      expect((await call(facilitator, 'POST', '/sessions', { title: 'Bad', agenda: [item] })).status, JSON.stringify(item)).toBe(400)
      expect(await everything()).toBe(before)
    }
    const created = await call(facilitator, 'POST', '/sessions', { title: 'Amendments hour', agenda: [{ kind: 'section', amendmentId: id, minutes: 10 }] })
    expect(created.status).toBe(201)
    const sessionId = (created.body as { id: string }).id
    await waitFor(() => {
      const entry = (witness.doc.getMap('gov').get('sessions') as Y.Map<{ agenda: Array<{ sectionId: string; amendmentId: string; title: string }> }>)?.get(
        sessionId,
      )
      return entry?.agenda[0]?.amendmentId === id && entry.agenda[0].sectionId === sectionA && entry.agenda[0].title === 'On the agenda'
    }, 'the agenda item names the amendment and its section')
    expect((await call(facilitator, 'POST', `/sessions/${sessionId}/start`)).status).toBe(200)
    const poll = await call(facilitator, 'POST', `/sessions/${sessionId}/polls`, { kind: 'consent', question: 'Can we live with “On the agenda”?' })
    expect(poll.status).toBe(201)
    expect((await call(facilitator, 'POST', `/sessions/${sessionId}/end`)).status).toBe(200)
  })
})
