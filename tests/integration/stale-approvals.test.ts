import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApprovalNotice } from '../../shared/api.js'
import { sectionVersionHash } from '../../shared/section-version.js'
import { STALE_APPROVAL_CHECK_MS } from '../../shared/limits.js'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'

interface Notices {
  notices: ApprovalNotice[]
  unread: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Issue 13, "an edit silently cancels approvals": over the wire, an edit by a
 * delegate that moves a section away from approved text puts one notice in
 * the inbox of each board representative of each organization whose latest
 * decision was that approval — once per approval, per person.
 */
describe('approvals an edit makes stale', () => {
  let plank: RunningPlank
  let platformId: string
  let writer: Client
  const cookie = new Map<string, string>()
  let repA: DemoPerson
  let repA2: DemoPerson
  let repB: DemoPerson
  let repC: DemoPerson
  let repD: DemoPerson
  let observer: DemoPerson
  let delegate: DemoPerson
  let facilitator: DemoPerson

  beforeAll(async () => {
    plank = await startPlank({ keepData: true })
    platformId = plank.sample.platformId
    const reps = plank.people.filter((p) => p.role === 'boardRep')
    ;[repA, repB, repC, repD] = reps as [DemoPerson, DemoPerson, DemoPerson, DemoPerson]
    observer = plank.person('observer')
    facilitator = plank.person('facilitator')
    // Organization A gets a second representative: a delegate of A, promoted by the facilitator.
    repA2 = plank.people.find((p) => p.role === 'delegate' && p.orgId === repA.orgId)!
    // The writer: a delegate of an organization that neither approved nor was asked.
    delegate = plank.people.find((p) => p.role === 'delegate' && p.orgId !== repA.orgId && p.orgId !== repB.orgId && p.orgId !== repC.orgId)!
    for (const p of [repA, repA2, repB, repC, repD, observer, delegate, facilitator]) cookie.set(p.id, await plank.cookieFor(p.id))
    const promoted = await api(plank.url, `/api/platforms/${platformId}/members/${repA2.id}`, {
      method: 'PATCH',
      body: { role: 'boardRep' },
      cookie: cookie.get(facilitator.id)!,
    })
    expect(promoted.status).toBe(200)
    writer = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(delegate.id)! })
    await waitSynced(writer)
  })

  afterAll(async () => {
    writer?.destroy()
    await plank?.close()
    if (plank) rmSync(plank.dataDir, { recursive: true, force: true })
  })

  /** An open section: every organization's delegates may write it. */
  const openSection = (n: number) => plank.plank.store.listSections(platformId).filter((s) => s.ownerOrgId === null)[n]!.id
  const hashOf = (sectionId: string) => sectionVersionHash(writer.doc, sectionId)
  const decide = async (rep: DemoPerson, sectionId: string, decision: 'approve' | 'changes') => {
    const res = await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}/signoffs`, {
      method: 'POST',
      body: { decision, hash: await hashOf(sectionId), ...(decision === 'changes' ? { note: 'Name the funding source.' } : {}) },
      cookie: cookie.get(rep.id)!,
    })
    expect(res.status).toBe(201)
  }
  const noticesOf = async (person: DemoPerson): Promise<Notices> => {
    const res = await api(plank.url, `/api/platforms/${platformId}/approval-notices`, { cookie: cookie.get(person.id)! })
    expect(res.status).toBe(200)
    return res.body as Notices
  }
  const counts = async (people: DemoPerson[], sectionId: string) =>
    Promise.all(people.map(async (p) => (await noticesOf(p)).notices.filter((n) => n.sectionId === sectionId).length))
  /** The delegate's edit, once the server's document has it. */
  const edit = async (sectionId: string, text: string) => {
    appendParagraph(writer.doc, sectionId, text)
    await waitFor(() => sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId) === sectionText(writer.doc, sectionId), 'server has the edit')
  }
  /** Long enough for the check after the last edit to have run (several times its delay). */
  const checkRan = () => sleep(STALE_APPROVAL_CHECK_MS * 4)

  it('each representative of each organization whose approval went stale gets exactly one notice; rejections, observers and others none', async () => {
    const sectionId = openSection(0)
    await decide(repA, sectionId, 'approve')
    await decide(repB, sectionId, 'approve')
    await decide(repC, sectionId, 'changes')
    await checkRan()
    // Approving is no edit: nobody has a notice yet.
    expect(await counts([repA, repA2, repB, repC, repD, observer, delegate, facilitator], sectionId)).toEqual([0, 0, 0, 0, 0, 0, 0, 0])

    await edit(sectionId, 'A delegate adds a sentence after the approvals.')
    await waitFor(() => plank.plank.store.listApprovalNotices(repB.id, platformId).length > 0, 'a notice for B')
    await checkRan()
    expect(await counts([repA, repA2, repB, repC, repD, observer, delegate, facilitator], sectionId)).toEqual([1, 1, 1, 0, 0, 0, 0, 0])
    const [notice] = (await noticesOf(repA2)).notices
    expect(notice).toMatchObject({ sectionId, orgId: repA.orgId, read: false })
    expect((await noticesOf(repA2)).unread).toBe(1)

    // More edits, in bursts and apart: no more notices.
    for (let i = 0; i < 3; i++) {
      await edit(sectionId, `Another sentence, number ${i + 1}.`)
      await sleep(STALE_APPROVAL_CHECK_MS * 2)
    }
    await checkRan()
    expect(await counts([repA, repA2, repB, repC, repD, observer, delegate, facilitator], sectionId)).toEqual([1, 1, 1, 0, 0, 0, 0, 0])

    // A new approval of B that goes stale gives B one new notice; A's old approval gives none again.
    await decide(repB, sectionId, 'approve')
    await edit(sectionId, 'And one more, after B approved again.')
    await waitFor(() => plank.plank.store.listApprovalNotices(repB.id, platformId).length === 2, 'a second notice for B')
    await checkRan()
    expect(await counts([repA, repA2, repB, repC, repD, observer, delegate, facilitator], sectionId)).toEqual([1, 1, 2, 0, 0, 0, 0, 0])
  })

  it('an approval of one section does not go stale by edits of another', async () => {
    const approved = openSection(1)
    const edited = openSection(0)
    await decide(repD, approved, 'approve')
    await edit(edited, 'An edit somewhere else.')
    await checkRan()
    expect(await counts([repD], approved)).toEqual([0])
  })

  it('notices are per person: marking read changes only the reader’s own, and refusals store nothing', async () => {
    const before = await noticesOf(repB)
    expect(before.unread).toBe(2)
    const [first] = before.notices
    // Someone else's notice id: not theirs to mark.
    const other = await api(plank.url, `/api/platforms/${platformId}/approval-notices/read`, {
      method: 'POST',
      body: { ids: [first!.id] },
      cookie: cookie.get(repA.id)!,
    })
    expect(other.status).toBe(200)
    expect((await noticesOf(repB)).unread).toBe(2)
    // Not signed in, not a member, a malformed body: refused, nothing marked.
    expect((await api(plank.url, `/api/platforms/${platformId}/approval-notices`)).status).toBe(401)
    expect((await api(plank.url, `/api/platforms/${platformId}/approval-notices/read`, { method: 'POST', body: {} })).status).toBe(401)
    expect((await api(plank.url, '/api/platforms/no-such-platform/approval-notices', { cookie: cookie.get(repB.id)! })).status).toBe(404)
    const bad = await api(plank.url, `/api/platforms/${platformId}/approval-notices/read`, {
      method: 'POST',
      body: { ids: ['all'] },
      cookie: cookie.get(repB.id)!,
    })
    expect(bad.status).toBe(400)
    expect((await noticesOf(repB)).unread).toBe(2)

    const one = await api(plank.url, `/api/platforms/${platformId}/approval-notices/read`, {
      method: 'POST',
      body: { ids: [first!.id] },
      cookie: cookie.get(repB.id)!,
    })
    expect((one.body as Notices).unread).toBe(1)
    expect((one.body as Notices).notices.find((n) => n.id === first!.id)?.read).toBe(true)
    const all = await api(plank.url, `/api/platforms/${platformId}/approval-notices/read`, { method: 'POST', body: {}, cookie: cookie.get(repB.id)! })
    expect((all.body as Notices).unread).toBe(0)
    // Organization A's representatives still have theirs unread.
    expect((await noticesOf(repA)).unread).toBe(1)
  })

  it('notices survive a restart, and an edit the server closed on before the check still gives its notice', async () => {
    const sectionId = openSection(1)
    // D approved this section in an earlier test and it is unchanged since: edit it and close at once.
    await edit(sectionId, 'Written just before the server stops.')
    writer.destroy()
    const dataDir = plank.dataDir
    await plank.close()
    plank = await startPlank({ dataDir })
    for (const p of [repA, repB, repD]) cookie.set(p.id, await plank.cookieFor(p.id))
    writer = connectClient(plank.wsUrl, platformId, { cookie: await plank.cookieFor(delegate.id) })
    await waitSynced(writer)
    expect(await counts([repD], sectionId)).toEqual([1])
    expect((await noticesOf(repA)).unread).toBe(1)
    expect((await noticesOf(repB)).notices.length).toBe(2)
  })
})
