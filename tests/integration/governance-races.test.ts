import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sectionRoot } from '../../shared/documents.js'
import { sectionVersionHash } from '../../shared/section-version.js'
import { CloseCode } from '../../shared/protocol.js'
import { appendParagraph, connectClient, nextTerminalClose, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { reviewStaleTranslations } from '../helpers/approve-all.js'
import { api } from '../helpers/http.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'
import { setUpSignoffWorld } from '../helpers/signoff-world.js'

interface GovSessionView {
  status: string
  pen: { sectionId: string; personId: string } | null
}

const firstText = (doc: Y.Doc, sectionId: string): Y.XmlText => {
  const stack: Array<Y.XmlElement | Y.XmlText | Y.XmlFragment> = [doc.getXmlFragment(sectionRoot(sectionId))]
  while (stack.length > 0) {
    const node = stack.shift()!
    if (node instanceof Y.XmlText) return node
    stack.unshift(...(node.toArray() as Array<Y.XmlElement | Y.XmlText>))
  }
  throw new Error('section has no text')
}

describe('sign-off and adoption races', () => {
  let plank: RunningPlank
  let platformId: string
  let facilitator: string
  let editor: Client
  let reps: DemoPerson[]
  const repCookie = new Map<string, string>()
  setUpSignoffWorld(repCookie, (w) => ({ plank, platformId, facilitator, editor, reps } = w))

  const serverDoc = () => plank.plank.rooms.get(platformId)!.doc
  const hashOf = (sectionId: string) => sectionVersionHash(editor.doc, sectionId)
  const decide = (orgId: string, sectionId: string, hash: string) =>
    api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}/signoffs`, {
      method: 'POST',
      body: { decision: 'approve', hash },
      cookie: repCookie.get(orgId)!,
    })
  const adopt = () => api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: facilitator })
  const stored = () =>
    JSON.stringify({
      adopted: plank.plank.store.getPlatform(platformId)!.adopted,
      signoffs: plank.plank.store.listSignoffs(platformId).length,
      audit: plank.plank.store.listAudit(platformId).map((e) => e.action),
    })
  const settled = (sectionId: string) => waitFor(() => sectionText(serverDoc(), sectionId) === sectionText(editor.doc, sectionId), 'server has the edit')

  it('a formatting-only change (bold one word) changes the content hash and makes the old hash a 409 that stores nothing', async () => {
    const sectionId = plank.sample.sectionIds[0]!
    const rep = reps[0]!
    const before = await hashOf(sectionId)
    const text = firstText(editor.doc, sectionId)
    const plain = sectionText(editor.doc, sectionId)
    text.format(
      0,
      text
        .toString()
        .replace(/<[^>]*>/g, '')
        .indexOf(' '),
      { bold: {} },
    )
    await waitFor(() => JSON.stringify(firstText(serverDoc(), sectionId).toDelta()) === JSON.stringify(text.toDelta()), 'server has the bold word')
    expect(sectionText(editor.doc, sectionId)).toBe(plain)

    const section = await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}`, { cookie: facilitator })
    const after = (section.body as { hash: string }).hash
    expect(after).not.toBe(before)
    expect(after).toBe(await hashOf(sectionId))

    const stale = stored()
    const refused = await decide(rep.orgId!, sectionId, before)
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ error: { code: 'stale_hash', currentHash: after } })
    expect(stored()).toBe(stale)
    expect((await decide(rep.orgId!, sectionId, after)).status).toBe(201)
  })

  it('adoption is refused while exactly one section is not approved, and stores nothing', async () => {
    const sections = plank.plank.store.listSections(platformId).map((s) => s.id)
    const [last, ...rest] = [...sections].reverse()
    for (const sectionId of rest) {
      const hash = await hashOf(sectionId)
      for (const rep of reps) expect((await decide(rep.orgId!, sectionId, hash)).status).toBe(201)
    }
    // The last section: every organization but one.
    const hash = await hashOf(last!)
    for (const rep of reps.slice(1)) expect((await decide(rep.orgId!, last!, hash)).status).toBe(201)

    const before = stored()
    const refused = await adopt()
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ error: { code: 'not_ready', sectionsWaiting: [last] } })
    expect(stored()).toBe(before)
    expect((serverDoc().getMap('gov').get('platform') as { adopted: boolean }).adopted).toBe(false)

    expect((await decide(reps[0]!.orgId!, last!, hash)).status).toBe(201)
  })

  it('an edit that lands over the wire while adoption runs makes adoption refuse, storing no adoption', async () => {
    const sectionId = plank.sample.sectionIds[1]!
    const matrix = (await api(plank.url, `/api/platforms/${platformId}/signoffs`, { cookie: facilitator })).body as { ready: boolean }
    expect(matrix.ready).toBe(true)
    // Earlier tests' English edits left Spanish stale: brought up to date, only the race stands in adoption's way.
    await reviewStaleTranslations(plank, facilitator)
    const before = stored()
    const signoffs = plank.plank.services.signoffs
    // At the race point (readiness checked, commit not yet made), a delegate's edit arrives and is stored.
    signoffs.onAdoptionChecked = async () => {
      appendParagraph(editor.doc, sectionId, 'slipped in while adopting')
      await settled(sectionId)
    }
    try {
      const refused = await adopt()
      expect(refused.status).toBe(409)
      expect(refused.body).toMatchObject({ error: { code: 'not_ready', sectionsWaiting: [sectionId] } })
    } finally {
      signoffs.onAdoptionChecked = null
    }
    expect(stored()).toBe(before)
    expect(plank.plank.store.listAudit(platformId).some((e) => e.action === 'platform.adopt')).toBe(false)
    expect((serverDoc().getMap('gov').get('platform') as { adopted: boolean }).adopted).toBe(false)
    expect(sectionText(serverDoc(), sectionId)).toContain('slipped in while adopting')

    // Approving the new text makes the platform adoptable; the adoption records exactly the approved hashes.
    const hash = await hashOf(sectionId)
    for (const rep of reps) expect((await decide(rep.orgId!, sectionId, hash)).status).toBe(201)
    // The edit left the section's Spanish stale: its translator brings it up to date (no text changes, the approvals hold).
    expect(await reviewStaleTranslations(plank, facilitator)).toBeGreaterThan(0)
    expect((await adopt()).status).toBe(200)
    const entry = plank.plank.store.listAudit(platformId).find((e) => e.action === 'platform.adopt')!
    const adopted = (JSON.parse(entry.detail) as { sections: Record<string, string> }).sections
    expect(adopted[sectionId]).toBe(hash)
    for (const id of plank.plank.store.listSections(platformId).map((s) => s.id)) expect(adopted[id]).toBe(await hashOf(id))
  })
})

describe('a role change takes the pen back', () => {
  let plank: RunningPlank
  beforeAll(async () => {
    plank = await startPlank()
  })
  afterAll(() => plank.close())

  it('a pen-holder demoted to observer loses the pen (session, gov, audit) and is refused writing; nothing is stored', async () => {
    const platformId = plank.sample.platformId
    const sectionId = plank.plank.store.listSections(platformId).find((s) => s.ownerOrgId !== null)!.id
    const facilitator = await plank.cookieFor(plank.person('facilitator').id)
    const holder = plank.person('delegate', { notOwnerOf: sectionId })
    const p = `/api/platforms/${platformId}`
    const created = await api(plank.url, `${p}/sessions`, {
      method: 'POST',
      cookie: facilitator,
      body: { title: 'Pen', agenda: [{ kind: 'section', sectionId, minutes: 5 }] },
    })
    const sessionId = (created.body as { id: string }).id
    expect((await api(plank.url, `${p}/sessions/${sessionId}/start`, { method: 'POST', cookie: facilitator })).status).toBe(200)
    expect((await api(plank.url, `${p}/sessions/${sessionId}/pen`, { method: 'POST', cookie: facilitator, body: { personId: holder.id } })).status).toBe(200)

    const writer = connectClient(plank.wsUrl, platformId, { cookie: await plank.cookieFor(holder.id) })
    await waitSynced(writer)
    const room = plank.plank.rooms.get(platformId)!
    const penOf = (doc: Y.Doc) => (doc.getMap('gov').get('sessions') as Y.Map<GovSessionView>).get(sessionId)!.pen
    await waitFor(() => penOf(writer.doc)?.personId === holder.id, 'the pen reaches the holder')
    // With the pen, a delegate of another organization writes the section.
    appendParagraph(writer.doc, sectionId, 'written with the pen')
    await waitFor(() => sectionText(room.doc, sectionId).includes('written with the pen'), 'the pen-holder’s edit is stored')

    const demoted = await api(plank.url, `${p}/members/${holder.id}`, { method: 'PATCH', cookie: facilitator, body: { role: 'observer' } })
    expect(demoted.status).toBe(200)
    expect(plank.plank.store.getDraftingSession(platformId, sessionId)).toMatchObject({ penSectionId: null, penPersonId: null })
    expect(penOf(room.doc)).toBeNull()
    await waitFor(() => penOf(writer.doc) === null, 'the holder sees the pen taken back')
    const audit = plank.plank.store.listAudit(platformId).slice(-2)
    expect(audit.map((e) => e.action)).toEqual(['member.update', 'session.pen.return'])
    expect(JSON.parse(audit[1]!.detail)).toMatchObject({ sessionId, sectionId, from: holder.id, reason: 'role changed' })

    const text = sectionText(room.doc, sectionId)
    const seq = plank.plank.store.loadDocument(platformId).lastSeq
    const closed = nextTerminalClose(writer)
    appendParagraph(writer.doc, sectionId, 'written as an observer')
    expect((await closed).code).toBe(CloseCode.Forbidden)
    expect(sectionText(room.doc, sectionId)).toBe(text)
    expect(plank.plank.store.loadDocument(platformId).lastSeq).toBe(seq)
    writer.destroy()

    const minutes = await (await fetch(`${plank.url}${p}/sessions/${sessionId}/minutes.md`, { headers: { cookie: facilitator } })).text()
    expect(minutes).toContain('The pen was taken back.')
  })
})
