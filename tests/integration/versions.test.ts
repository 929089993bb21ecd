import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sectionVersionHash } from '../../shared/section-version.js'
import type { VersionComparison, VersionDetail, VersionEntry } from '../../shared/versions.js'
import { approveEverySection, reviewStaleTranslations } from '../helpers/approve-all.js'
import { failStoreWrites } from '../helpers/failing-store.js'
import { appendParagraph, connectClient, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'

const PAUSE_MS = 400

/**
 * Issue 16, versions: kept at each trigger (the sample's first load, a pause
 * in the writing, a sign-off, a lock, an accepted amendment, a session item's
 * end, the adoption, a restore), with who changed the text; compared word by
 * word; restored as a new edit every client receives, under the rules of
 * writing the section, and refused with nothing stored.
 */
describe('section versions', () => {
  let plank: RunningPlank
  let platformId: string
  let writer: Client
  let reader: Client
  let facilitator: DemoPerson
  let observer: DemoPerson
  let rep: DemoPerson
  let openSection: string
  /** A section owned by an organization other than the writer's. */
  let ownedSection: string
  let delegate: DemoPerson
  const cookie = new Map<string, string>()

  beforeAll(async () => {
    plank = await startPlank({ keepData: true, config: { versionPauseMs: PAUSE_MS } })
    platformId = plank.sample.platformId
    facilitator = plank.person('facilitator')
    observer = plank.person('observer')
    delegate = plank.person('delegate')
    rep = plank.people.find((p) => p.role === 'boardRep')!
    for (const p of plank.people) cookie.set(p.id, await plank.cookieFor(p.id))
    const sections = plank.plank.store.listSections(platformId)
    openSection = sections.find((s) => s.ownerOrgId === null)!.id
    ownedSection = sections.find((s) => s.ownerOrgId !== null && s.ownerOrgId !== delegate.orgId)!.id
    writer = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(delegate.id)! })
    reader = connectClient(plank.wsUrl, platformId, { cookie: cookie.get(observer.id)! })
    await Promise.all([waitSynced(writer), waitSynced(reader)])
  })

  afterAll(async () => {
    writer?.destroy()
    reader?.destroy()
    await plank?.close()
    if (plank) rmSync(plank.dataDir, { recursive: true, force: true })
  })

  const base = (sectionId: string) => `/api/platforms/${platformId}/sections/${sectionId}/versions`
  const timeline = async (sectionId: string, who: DemoPerson = observer): Promise<VersionEntry[]> => {
    const res = await api(plank.url, base(sectionId), { cookie: cookie.get(who.id)! })
    expect(res.status).toBe(200)
    return (res.body as { versions: VersionEntry[] }).versions
  }
  const detail = async (sectionId: string, id: string): Promise<VersionDetail> => {
    const res = await api(plank.url, `${base(sectionId)}/${id}`, { cookie: cookie.get(observer.id)! })
    expect(res.status).toBe(200)
    return res.body as VersionDetail
  }
  const storedState = () => ({
    seq: plank.plank.store.loadDocument(platformId).lastSeq,
    versions: plank.plank.store.listVersions(platformId, null, 10_000).length,
  })
  const waitForVersion = async (sectionId: string, reason: string, after: number) => {
    let found: VersionEntry | undefined
    await waitFor(() => {
      found = plank.plank.store.listVersions(platformId, sectionId, 100).find((v) => v.reason === reason && Date.parse(v.at) >= after) as
        | VersionEntry
        | undefined
      return found !== undefined
    }, `a ${reason} version`)
    return found!
  }

  it('keeps a first version of each sample section with text when the platform first loads, with its words attributed', async () => {
    await waitFor(() => plank.plank.store.listVersions(platformId, openSection, 10).length > 0, 'a first version')
    const [first] = await timeline(openSection)
    expect(first!.reason).toBe('edit')
    expect(first!.hash).toBe(await sectionVersionHash(writer.doc, openSection))
    const version = await detail(openSection, first!.id)
    expect(version.json.type).toBe('doc')
    expect(version.text.length).toBeGreaterThan(20)
    // The sample was written by the server: its words are nobody's.
    expect(version.languages[0]!.authors.flat().every(([, person]) => person === null)).toBe(true)
  })

  it('keeps a version after a pause in the writing, naming who wrote and their organization; the words are theirs', async () => {
    const before = Date.now()
    writer.doc.transact(() => appendParagraph(writer.doc, openSection, 'Rent stabilization for every tenant.'))
    const version = await waitForVersion(openSection, 'edit', before)
    expect(version.personIds).toEqual([delegate.id])
    expect(version.orgIds).toEqual([delegate.orgId])
    expect(version.hash).toBe(await sectionVersionHash(writer.doc, openSection))
    const text = await detail(openSection, version.id)
    expect(text.text).toContain('Rent stabilization for every tenant.')
    const runs = text.languages[0]!.authors.flat()
    expect(runs).toContainEqual(['Rent stabilization for every tenant.', delegate.id])
    // Writing that changes nothing in the end (a paragraph typed, then deleted) keeps nothing at its pause.
    const count = storedState().versions
    const body = writer.doc.getXmlFragment(`body:${openSection}`)
    writer.doc.transact(() => appendParagraph(writer.doc, openSection, 'Second thoughts.'))
    await waitFor(() => sectionText(reader.doc, openSection).includes('Second thoughts.'), 'the paragraph at the reader')
    writer.doc.transact(() => body.delete(body.length - 1, 1))
    await waitFor(() => !sectionText(reader.doc, openSection).includes('Second thoughts.'), 'the deletion at the reader')
    await new Promise((r) => setTimeout(r, PAUSE_MS * 3))
    expect(storedState().versions).toBe(count)
  })

  it('keeps a version at a sign-off decision, with the representative as its cause and the approved hash', async () => {
    const before = Date.now()
    const hash = await sectionVersionHash(writer.doc, openSection)
    const res = await api(plank.url, `/api/platforms/${platformId}/sections/${openSection}/signoffs`, {
      method: 'POST',
      cookie: cookie.get(rep.id)!,
      body: { decision: 'approve', hash },
    })
    expect(res.status).toBe(201)
    const version = await waitForVersion(openSection, 'signoff', before)
    expect(version.actorId).toBe(rep.id)
    expect(version.hash).toBe(hash)
  })

  it('compares two versions word by word, and a version with the text now', async () => {
    const [latest, ...older] = await timeline(openSection)
    const first = older.at(-1)!
    const res = await api(plank.url, `${base(openSection)}/compare?from=${first.id}&to=${latest!.id}`, { cookie: cookie.get(observer.id)! })
    expect(res.status).toBe(200)
    const { languages } = res.body as VersionComparison
    const primary = languages[0]!
    expect(primary.parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['Rent stabilization for every tenant.'])
    expect(primary.parts.filter((p) => p.kind === 'removed')).toEqual([])
    const now = await api(plank.url, `${base(openSection)}/compare?from=${latest!.id}`, { cookie: cookie.get(observer.id)! })
    expect(now.status).toBe(200)
    expect((now.body as VersionComparison).languages[0]!.parts.every((p) => p.kind === 'same')).toBe(true)
    const bad = await api(plank.url, `${base(openSection)}/compare?from=nope`, { cookie: cookie.get(observer.id)! })
    expect(bad.status).toBe(404)
    const noFrom = await api(plank.url, `${base(openSection)}/compare`, { cookie: cookie.get(observer.id)! })
    expect(noFrom.status).toBe(400)
  })

  it('restores a version as a new edit that every client receives, kept as a version of its own and audited', async () => {
    const first = (await timeline(openSection)).at(-1)!
    const firstText = (await detail(openSection, first.id)).text
    expect(sectionText(reader.doc, openSection)).toContain('Rent stabilization')
    const res = await api(plank.url, `${base(openSection)}/${first.id}/restore`, { method: 'POST', cookie: cookie.get(delegate.id)! })
    expect(res.status).toBe(200)
    const { hash } = res.body as { hash: string }
    expect(hash).toBe(first.hash)
    await waitFor(() => !sectionText(reader.doc, openSection).includes('Rent stabilization'), 'the restore at the reader')
    expect(await sectionVersionHash(reader.doc, openSection)).toBe(first.hash)
    expect(await sectionVersionHash(writer.doc, openSection)).toBe(first.hash)
    const [latest] = await timeline(openSection)
    expect(latest).toMatchObject({ reason: 'restore', restoredFrom: first.id, actorId: delegate.id, hash: first.hash })
    expect(latest!.personIds).toContain(delegate.id)
    expect((await detail(openSection, latest!.id)).text).toBe(firstText)
    // History is never rewritten: the version with the paragraph is still there.
    expect((await timeline(openSection)).some((v) => v.reason === 'edit' && v.personIds.includes(delegate.id))).toBe(true)
    const audit = plank.plank.store.listAudit(platformId).filter((e) => e.action === 'version.restore')
    expect(audit.map((e) => JSON.parse(e.detail) as { versionId: string })).toContainEqual(expect.objectContaining({ versionId: first.id }))
  })

  it('refuses a restore to an observer and to another organization’s delegate, storing nothing', async () => {
    // The owned section's versions: its first one (the sample's).
    await waitFor(() => plank.plank.store.listVersions(platformId, ownedSection, 10).length > 0, 'a first version of the owned section')
    writer.doc.transact(() => appendParagraph(writer.doc, openSection, 'Something to restore away.'))
    const first = (await timeline(openSection)).at(-1)!
    const owned = (await timeline(ownedSection)).at(-1)!
    await waitFor(() => sectionText(reader.doc, openSection).includes('Something to restore away.'), 'the edit at the reader')
    const before = storedState()
    const textBefore = sectionText(reader.doc, openSection)
    for (const [who, sectionId, id] of [
      [observer, openSection, first.id],
      [delegate, ownedSection, owned.id],
    ] as const) {
      const res = await api(plank.url, `${base(sectionId)}/${id}/restore`, { method: 'POST', cookie: cookie.get(who.id)! })
      expect(res.status, who.role).toBe(403)
      expect((res.body as { error: { code: string } }).error.code).toBe('forbidden')
    }
    expect(storedState().seq).toBe(before.seq)
    expect(sectionText(reader.doc, openSection)).toBe(textBefore)
    expect(plank.plank.store.listAudit(platformId).filter((e) => e.action === 'version.restore')).toHaveLength(1)
  })

  it('answers 404 for an unknown version, a version of another section and an unknown section; 401 signed out', async () => {
    const owned = (await timeline(ownedSection)).at(-1)!
    for (const path of [`${base(openSection)}/no-such-version`, `${base(openSection)}/${owned.id}`, `${base('no-such-section')}`]) {
      const res = await api(plank.url, path, { cookie: cookie.get(facilitator.id)! })
      expect(res.status, path).toBe(404)
    }
    const restore = await api(plank.url, `${base(openSection)}/${owned.id}/restore`, { method: 'POST', cookie: cookie.get(facilitator.id)! })
    expect(restore.status).toBe(404)
    const signedOut = await api(plank.url, base(openSection), {})
    expect(signedOut.status).toBe(401)
  })

  it('answers 503 to a restore the store cannot take, and audits and keeps nothing', async () => {
    const first = (await timeline(openSection)).at(-1)!
    const before = storedState()
    const audited = plank.plank.store.listAudit(platformId).length
    failStoreWrites(plank.dataDir, true)
    try {
      const res = await api(plank.url, `${base(openSection)}/${first.id}/restore`, { method: 'POST', cookie: cookie.get(facilitator.id)! })
      expect(res.status).toBe(503)
      expect((res.body as { error: { code: string } }).error.code).toBe('unavailable')
    } finally {
      failStoreWrites(plank.dataDir, false)
    }
    expect(storedState()).toEqual(before)
    expect(plank.plank.store.listAudit(platformId)).toHaveLength(audited)
    // The clients reconnect to what is stored: the text they had, with the paragraph the restore would have removed.
    await waitSynced(reader)
    await waitFor(() => sectionText(reader.doc, openSection).includes('Something to restore away.'), 'the stored text at the reader')
  })

  it('lets a facilitator name a version, and no one else', async () => {
    const [latest] = await timeline(openSection)
    const url = `${base(openSection)}/${latest!.id}`
    for (const who of [delegate, observer, rep]) {
      const res = await api(plank.url, url, { method: 'PATCH', cookie: cookie.get(who.id)!, body: { name: 'Mine' } })
      expect(res.status, who.role).toBe(403)
    }
    expect((await timeline(openSection))[0]!.name).toBeNull()
    const res = await api(plank.url, url, { method: 'PATCH', cookie: cookie.get(facilitator.id)!, body: { name: '  Draft for board vote, 12 March ' } })
    expect(res.status).toBe(200)
    expect((await timeline(openSection))[0]!.name).toBe('Draft for board vote, 12 March')
    const bad = await api(plank.url, url, { method: 'PATCH', cookie: cookie.get(facilitator.id)!, body: { name: 'x'.repeat(201) } })
    expect(bad.status).toBe(400)
    expect((await timeline(openSection))[0]!.name).toBe('Draft for board vote, 12 March')
  })

  it('keeps a version when an amendment is accepted, naming the proposing organization, with the merged text', async () => {
    const call = (who: DemoPerson, path: string, body: unknown) =>
      api(plank.url, `/api/platforms/${platformId}${path}`, { method: 'POST', body, cookie: cookie.get(who.id)! })
    const proposed = await call(delegate, `/sections/${openSection}/amendments`, { title: 'Name who pays', rationale: 'Members asked.' })
    expect(proposed.status).toBe(201)
    const { id, root } = proposed.body as { id: string; root: string }
    await waitFor(() => writer.doc.getXmlFragment(root).length > 0, 'the amendment text at the writer')
    writer.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('The city pays for it.')])
      writer.doc.getXmlFragment(root).push([paragraph])
    })
    // Another client has it: the server stored and relayed it.
    await waitFor(() => reader.doc.getXmlFragment(root).toString().includes('The city pays for it.'), 'the amendment text at the server')
    const before = Date.now()
    const accepted = await call(facilitator, `/amendments/${id}/accept`, { note: 'Agreed.' })
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    const version = await waitForVersion(openSection, 'amendment', before)
    expect(version.orgIds).toContain(delegate.orgId)
    expect(version.actorId).toBe(facilitator.id)
    expect(version.hash).toBe((accepted.body as { hash: string }).hash)
    const merged = await detail(openSection, version.id)
    expect(merged.text).toContain('The city pays for it.')
    // The server wrote the merge, for the amendment's author: the words are theirs.
    expect(merged.languages[0]!.authors.flat()).toContainEqual(['The city pays for it.', delegate.id])
  })

  it('keeps a version when a drafting session’s item about the section ends', async () => {
    const call = (path: string, body?: unknown) =>
      api(plank.url, `/api/platforms/${platformId}/sessions${path}`, { method: 'POST', body, cookie: cookie.get(facilitator.id)! })
    const created = await call('', {
      title: 'Drafting',
      agenda: [
        { kind: 'section', sectionId: openSection, minutes: 5 },
        { kind: 'free', title: 'Break', minutes: 5 },
      ],
    })
    expect(created.status).toBe(201)
    const sessionId = (created.body as { id: string }).id
    expect((await call(`/${sessionId}/start`)).status).toBe(200)
    const before = Date.now()
    expect((await call(`/${sessionId}/next`)).status).toBe(200)
    const version = await waitForVersion(openSection, 'sessionItem', before)
    expect(version.actorId).toBe(facilitator.id)
    // The free item ends the session: no section, no version.
    const count = storedState().versions
    expect((await call(`/${sessionId}/next`)).status).toBe(200)
    expect(storedState().versions).toBe(count)
  })

  it('keeps a version at a lock, and refuses to restore into a locked section, storing nothing', async () => {
    const before = Date.now()
    const locked = await api(plank.url, `/api/platforms/${platformId}/sections/${openSection}`, {
      method: 'PATCH',
      cookie: cookie.get(facilitator.id)!,
      body: { locked: true },
    })
    expect(locked.status).toBe(200)
    const version = await waitForVersion(openSection, 'lock', before)
    expect(version.actorId).toBe(facilitator.id)
    const first = (await timeline(openSection)).at(-1)!
    const stored = storedState()
    const res = await api(plank.url, `${base(openSection)}/${first.id}/restore`, { method: 'POST', cookie: cookie.get(facilitator.id)! })
    expect(res.status).toBe(409)
    expect((res.body as { error: { code: string } }).error.code).toBe('locked')
    expect(storedState()).toEqual(stored)
    const unlocked = await api(plank.url, `/api/platforms/${platformId}/sections/${openSection}`, {
      method: 'PATCH',
      cookie: cookie.get(facilitator.id)!,
      body: { locked: false },
    })
    expect(unlocked.status).toBe(200)
  })

  it('keeps a version of every section at the adoption, and refuses restores after it, storing nothing', async () => {
    const facilitatorCookie = cookie.get(facilitator.id)!
    await reviewStaleTranslations(plank, facilitatorCookie)
    await approveEverySection(plank, facilitatorCookie)
    const before = Date.now()
    const adopted = await api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: facilitatorCookie, body: {} })
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200)
    for (const section of plank.plank.store.listSections(platformId)) await waitForVersion(section.id, 'adoption', before)
    const first = (await timeline(openSection)).at(-1)!
    const stored = storedState()
    const res = await api(plank.url, `${base(openSection)}/${first.id}/restore`, { method: 'POST', cookie: facilitatorCookie })
    expect(res.status).toBe(409)
    expect((res.body as { error: { code: string } }).error.code).toBe('adopted')
    expect(storedState()).toEqual(stored)
  })
})
