import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sectionVersionHash } from '../../shared/section-version.js'
import { CloseCode } from '../../shared/protocol.js'
import { appendParagraph, connectClient, nextTerminalClose, sectionText, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { reviewStaleTranslations } from '../helpers/approve-all.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { startPlank, type DemoPerson, type RunningPlank } from '../helpers/server.js'
import { setUpSignoffWorld } from '../helpers/signoff-world.js'

const run = promisify(execFile)

interface Matrix {
  sections: Array<{ id: string; status: string; orgs: Array<{ orgId: string; decision: string | null; current: boolean }> }>
  ready: boolean
}

describe('sign-off', () => {
  let plank: RunningPlank
  let platformId: string
  let facilitator: string
  let editor: Client
  let reps: DemoPerson[]
  const repCookie = new Map<string, string>()
  setUpSignoffWorld(repCookie, (w) => ({ plank, platformId, facilitator, editor, reps } = w))

  const hashOf = (sectionId: string) => sectionVersionHash(editor.doc, sectionId)
  const decide = (cookie: string, sectionId: string, body: Record<string, unknown>) =>
    api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}/signoffs`, { method: 'POST', body, cookie })
  const matrix = async (): Promise<Matrix> => (await api(plank.url, `/api/platforms/${platformId}/signoffs`, { cookie: facilitator })).body as Matrix
  const standing = (m: Matrix, sectionId: string, orgId: string) => m.sections.find((s) => s.id === sectionId)!.orgs.find((o) => o.orgId === orgId)!
  /** Waits until the server's document has everything the editor typed. */
  const settled = (sectionId: string) =>
    waitFor(() => sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId) === sectionText(editor.doc, sectionId), 'server has the edit')

  it('the server computes the same content hash as the client, and the section API reports it', async () => {
    const sectionId = plank.sample.sectionIds[0]!
    const res = await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}`, { cookie: facilitator })
    expect(res.body).toMatchObject({ id: sectionId, hash: await hashOf(sectionId) })
  })

  it('a board representative approves for their own organization; a stale hash is 409 with the current text and stores nothing', async () => {
    const sectionId = plank.sample.sectionIds[1]!
    const rep = reps[0]!
    const ok = await decide(repCookie.get(rep.orgId!)!, sectionId, { decision: 'approve', hash: await hashOf(sectionId) })
    expect(ok.status).toBe(201)
    expect(standing(await matrix(), sectionId, rep.orgId!)).toEqual({ orgId: rep.orgId, decision: 'approve', current: true })

    const before = plank.plank.store.listSignoffs(platformId).length
    const wrong = await decide(repCookie.get(rep.orgId!)!, sectionId, { decision: 'approve', hash: 'a'.repeat(64) })
    expect(wrong.status).toBe(409)
    expect(wrong.body).toMatchObject({ error: { code: 'stale_hash', currentHash: await hashOf(sectionId) } })
    expect((wrong.body as { error: { currentText: string } }).error.currentText).toContain('public option')
    expect(plank.plank.store.listSignoffs(platformId).length).toBe(before)
  })

  it('delegates, observers and facilitators cannot sign off; a representative cannot sign for another organization', async () => {
    const sectionId = plank.sample.sectionIds[2]!
    const hash = await hashOf(sectionId)
    const before = governanceSnapshot(plank.plank.store, platformId) + plank.plank.store.listSignoffs(platformId).length
    for (const role of ['delegate', 'observer', 'facilitator']) {
      const res = await decide(await plank.cookieFor(plank.person(role).id), sectionId, { decision: 'approve', hash })
      expect(res.status, role).toBe(403)
    }
    const [a, b] = reps
    const forOther = await decide(repCookie.get(a!.orgId!)!, sectionId, { decision: 'approve', hash, orgId: b!.orgId })
    expect(forOther.status).toBe(400)
    expect(governanceSnapshot(plank.plank.store, platformId) + plank.plank.store.listSignoffs(platformId).length).toBe(before)
  })

  it('an edit after approval makes it "approved an earlier version", with the approved snapshot kept for the difference', async () => {
    const sectionId = plank.sample.sectionIds[3]!
    const rep = reps[1]!
    expect((await decide(repCookie.get(rep.orgId!)!, sectionId, { decision: 'approve', hash: await hashOf(sectionId) })).status).toBe(201)
    appendParagraph(editor.doc, sectionId, 'A sentence added after the approval.')
    await settled(sectionId)
    expect(standing(await matrix(), sectionId, rep.orgId!)).toEqual({ orgId: rep.orgId, decision: 'approve', current: false })
    const history = (await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}/signoffs`, { cookie: facilitator })).body as {
      current: { text: string }
      decisions: Array<{ current: boolean; snapshotText: string }>
    }
    expect(history.decisions[0]!.current).toBe(false)
    expect(history.decisions[0]!.snapshotText).not.toContain('added after the approval')
    expect(history.current.text).toContain('added after the approval')
    // Approving again makes it current.
    expect((await decide(repCookie.get(rep.orgId!)!, sectionId, { decision: 'approve', hash: await hashOf(sectionId) })).status).toBe(201)
    expect(standing(await matrix(), sectionId, rep.orgId!).current).toBe(true)
  })

  it('counts a threshold correctly, including an open request for changes', async () => {
    const sectionId = plank.sample.sectionIds[4]!
    expect((await api(plank.url, `/api/platforms/${platformId}`, { method: 'PATCH', body: { approvalThreshold: 3 }, cookie: facilitator })).status).toBe(200)
    const hash = await hashOf(sectionId)
    const status = async () => (await matrix()).sections.find((s) => s.id === sectionId)!.status
    expect(await status()).toBe('drafting')
    await decide(repCookie.get(reps[0]!.orgId!)!, sectionId, { decision: 'approve', hash })
    await decide(repCookie.get(reps[1]!.orgId!)!, sectionId, { decision: 'approve', hash })
    expect(await status()).toBe('inReview')
    await decide(repCookie.get(reps[2]!.orgId!)!, sectionId, { decision: 'approve', hash })
    expect(await status()).toBe('approved')
    const changes = await decide(repCookie.get(reps[3]!.orgId!)!, sectionId, { decision: 'changes', hash, note: 'Name the bus routes.' })
    expect(changes.status).toBe(201)
    expect(await status()).toBe('inReview')
    expect((await decide(repCookie.get(reps[3]!.orgId!)!, sectionId, { decision: 'changes', hash })).status).toBe(400)
    await decide(repCookie.get(reps[3]!.orgId!)!, sectionId, { decision: 'approve', hash })
    expect(await status()).toBe('approved')
    // Threshold refused outside 1..organizations; non-facilitators cannot set it.
    expect((await api(plank.url, `/api/platforms/${platformId}`, { method: 'PATCH', body: { approvalThreshold: 99 }, cookie: facilitator })).status).toBe(400)
    expect(
      (await api(plank.url, `/api/platforms/${platformId}`, { method: 'PATCH', body: { approvalThreshold: 1 }, cookie: repCookie.get(reps[0]!.orgId!)! }))
        .status,
    ).toBe(403)
    expect((await api(plank.url, `/api/platforms/${platformId}`, { method: 'PATCH', body: { approvalThreshold: null }, cookie: facilitator })).status).toBe(200)
  })

  it('a locked section refuses edits in the relay; unlocking is audited', async () => {
    const sectionId = plank.sample.sectionIds[5]!
    expect(
      (await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}`, { method: 'PATCH', body: { locked: true }, cookie: facilitator })).status,
    ).toBe(200)
    const typist = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await waitSynced(typist)
    await waitFor(() => (typist.doc.getMap('gov').get('sections') as { get(id: string): { locked: boolean } }).get(sectionId).locked, 'lock in gov')
    const refused = nextTerminalClose(typist)
    appendParagraph(typist.doc, sectionId, 'typed into a locked section')
    expect((await refused).code).toBe(CloseCode.Forbidden)
    expect(sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId)).not.toContain('typed into a locked section')
    typist.destroy()
    expect(
      (await api(plank.url, `/api/platforms/${platformId}/sections/${sectionId}`, { method: 'PATCH', body: { locked: false }, cookie: facilitator })).status,
    ).toBe(200)
    expect(
      plank.plank.store
        .listAudit(platformId)
        .slice(-2)
        .map((e) => e.action),
    ).toEqual(['section.lock', 'section.unlock'])
  })

  it('refuses adoption until every section is approved; then an adopted platform refuses every edit', async () => {
    const refused = await api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: facilitator })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ error: { code: 'not_ready' } })
    expect(plank.plank.store.getPlatform(platformId)!.adopted).toBe(false)
    expect((await api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: repCookie.get(reps[0]!.orgId!)! })).status).toBe(403)

    for (const sectionId of plank.plank.store.listSections(platformId).map((s) => s.id)) {
      const hash = await hashOf(sectionId)
      for (const rep of reps) expect((await decide(repCookie.get(rep.orgId!)!, sectionId, { decision: 'approve', hash })).status).toBe(201)
    }
    expect((await matrix()).ready).toBe(true)
    // The English edits of earlier tests left Spanish translations stale: adoption waits for them too.
    const stale = await api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: facilitator })
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'translations_stale' } } })
    expect(await reviewStaleTranslations(plank, facilitator)).toBeGreaterThan(0)
    expect((await api(plank.url, `/api/platforms/${platformId}/adopt`, { method: 'POST', cookie: facilitator })).status).toBe(200)
    await waitFor(() => (editor.doc.getMap('gov').get('platform') as { adopted: boolean }).adopted, 'adoption in gov')

    const sectionId = plank.sample.sectionIds[0]!
    const before = sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId)
    const closedEvent = nextTerminalClose(editor)
    appendParagraph(editor.doc, sectionId, 'after adoption')
    expect((await closedEvent).code).toBe(CloseCode.Forbidden)
    expect(sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId)).toBe(before)
    const late = await decide(repCookie.get(reps[0]!.orgId!)!, sectionId, { decision: 'approve', hash: await hashOf(sectionId) })
    expect(late.status).toBe(409)
  })

  it('exports Markdown and print-ready HTML with every section’s text and the endorsements', async () => {
    const md = await fetch(`${plank.url}/api/platforms/${platformId}/export.md?final=1`, { headers: { cookie: facilitator } })
    const html = await fetch(`${plank.url}/api/platforms/${platformId}/export.html?final=1`, { headers: { cookie: facilitator } })
    expect([md.status, html.status]).toEqual([200, 200])
    const [mdText, htmlText] = [await md.text(), await html.text()]
    for (const section of plank.plank.store.listSections(platformId)) {
      // Titles are written as they are: Markdown escapes only what would become markup (no more `kitchen\-table`).
      expect(mdText).toContain(`## ${section.title}\n`)
      expect(htmlText).toContain(section.title)
    }
    expect(htmlText).toContain('public option open to every resident')
    expect(htmlText).toContain('Endorsements')
    for (const rep of reps) expect(htmlText).toContain(rep.name)
    expect(htmlText).not.toContain('DRAFT')
  })

  it('the audit verify command finds a changed or deleted row and names it', async () => {
    const cli = resolve('dist/server/server/audit/verify-cli.js')
    const env = { ...process.env, PLANK_DATA_DIR: plank.dataDir }
    expect((await run(process.execPath, [cli], { env })).stdout).toMatch(/intact/)
    const db = new Database(join(plank.dataDir, 'plank.sqlite'))
    const rows = db.prepare('SELECT seq FROM audit_log ORDER BY seq').all() as Array<{ seq: number }>
    const target = rows[Math.floor(rows.length / 2)]!.seq
    db.prepare('UPDATE audit_log SET detail = \'{"tampered":true}\' WHERE seq = ?').run(target)
    const changed = await run(process.execPath, [cli], { env }).catch((e: { stdout: string; code: number }) => e)
    expect(changed.stdout).toContain(`entry ${target}`)
    expect((changed as { code?: number }).code).toBe(1)
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(target)
    const deleted = await run(process.execPath, [cli], { env }).catch((e: { stdout: string }) => e)
    expect(deleted.stdout).toContain(`entry ${target}`)
    db.close()
  })
})

describe('export escaping', () => {
  it('escapes HTML and script in section text, titles and names, and drops javascript: links', async () => {
    const plank = await startPlank()
    const platformId = plank.sample.platformId
    const facilitator = await plank.cookieFor(plank.person('facilitator').id)
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    const created = await api(plank.url, `/api/platforms/${platformId}/sections`, {
      method: 'POST',
      body: { title: `Title ${evil}`, ownerOrgId: null },
      cookie: facilitator,
    })
    const sectionId = (created.body as { id: string }).id
    await api(plank.url, `/api/platforms/${platformId}/organizations`, {
      method: 'POST',
      body: { name: `Org ${evil}`, shortName: 'EV', color: '#123456' },
      cookie: facilitator,
    })
    // The relay now refuses a javascript: link (content rules); a document stored before
    // that, or written on the server, may still hold one, so it is written into the live
    // document directly: the export must still drop it.
    const client = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await waitSynced(client)
    const doc = plank.plank.rooms.get(platformId)!.doc
    const text = appendParagraph(doc, sectionId, `Body ${evil} `)
    text.insert(text.length, 'click me', { link: { href: 'javascript:alert(3)' } })
    text.insert(text.length, ' and safe', { link: { href: 'https://example.org/a"b' } })
    await waitFor(() => sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId).includes('safe'), 'stored')
    const html = await (await fetch(`${plank.url}/api/platforms/${platformId}/export.html`, { headers: { cookie: facilitator } })).text()
    const md = await (await fetch(`${plank.url}/api/platforms/${platformId}/export.md`, { headers: { cookie: facilitator } })).text()
    expect(html).not.toMatch(/<img|<script>alert|javascript:/i)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('href="https://example.org/a%22b"')
    expect(html).toContain('DRAFT')
    expect(md).not.toMatch(/<img|<script|javascript:/i)
    expect(md).toContain('&lt;img')
    expect(md).toContain('DRAFT')
    client.destroy()
    await plank.close()
  })
})
