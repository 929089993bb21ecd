import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.js'
import { verifyAuditChain } from '../../server/audit/audit-log.js'
import { announce, appendParagraph, connectClient, nextTerminalClose, sectionText, waitFor, waitSynced } from '../helpers/clients.js'
import { api, governanceSnapshot } from '../helpers/http.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'

const PASSWORD = 'correct horse battery'

describe('accounts, sessions and invitations', () => {
  let plank: RunningPlank
  let platformId: string
  let facilitator: string
  let db: Database.Database

  beforeAll(async () => {
    plank = await startPlank({ config: { sessionTtlMs: 60 * 60_000 } })
    platformId = plank.sample.platformId
    facilitator = await plank.cookieFor(plank.person('facilitator').id)
    // A second handle on the same SQLite file, to play the clock forward and to tamper.
    db = new Database(join(plank.dataDir, 'plank.sqlite'))
  })
  afterAll(async () => {
    db.close()
    await plank.close()
  })

  const invite = async (body: Record<string, unknown>): Promise<{ id: string; token: string }> => {
    const res = await api(plank.url, `/api/platforms/${platformId}/invitations`, { method: 'POST', body, cookie: facilitator })
    expect(res.status).toBe(201)
    const record = res.body as { id: string; link: string }
    return { id: record.id, token: record.link.split('#')[1]! }
  }

  it('first-run setup creates the first facilitator once; the link cannot be reused', async () => {
    expect((await api(plank.url, '/api/setup')).body).toEqual({ needed: true })
    const body = { token: plank.plank.setupToken, username: 'maya', displayName: 'Maya', password: PASSWORD }
    const first = await api(plank.url, '/api/setup', { method: 'POST', body })
    expect(first.status).toBe(201)
    expect(first.cookie).toMatch(/^plank_session=/)
    const again = await api(plank.url, '/api/setup', { method: 'POST', body: { ...body, username: 'maya2' } })
    expect(again.status).toBe(403)
    expect(plank.plank.store.findPersonByLogin('maya2')).toBeNull()
    expect((await api(plank.url, '/api/setup')).body).toEqual({ needed: false })
  })

  it('signs in with username or email and password, sets an HttpOnly SameSite cookie, and signs out', async () => {
    const { token } = await invite({ role: 'delegate', orgId: plank.plank.store.listOrganizations(platformId)[0]!.id })
    const accepted = await api(plank.url, `/api/invitations/${token}/accept`, {
      method: 'POST',
      body: { username: 'dana', displayName: 'Dana Delegate', email: 'dana@example.org', password: PASSWORD },
    })
    expect(accepted.status).toBe(200)
    for (const login of ['dana', 'DANA@example.org']) {
      const res = await fetch(`${plank.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: PASSWORD }),
      })
      expect(res.status).toBe(200)
      const setCookie = res.headers.getSetCookie()[0]!
      expect(setCookie).toMatch(/HttpOnly/i)
      expect(setCookie).toMatch(/SameSite=Lax/i)
      const cookie = setCookie.split(';')[0]!
      expect(((await api(plank.url, '/api/session', { cookie })).body as { person: { name: string } }).person.name).toBe('Dana Delegate')
      expect((await api(plank.url, '/api/session', { method: 'DELETE', cookie })).status).toBe(204)
      expect((await api(plank.url, '/api/session', { cookie })).status).toBe(401)
    }
    const wrong = await api(plank.url, '/api/session', { method: 'POST', body: { login: 'dana', password: 'wrong password' } })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toMatchObject({ error: { code: 'bad_credentials' } })
    // Stored hashed with a per-user salt, never in the clear.
    const stored = plank.plank.store.findPersonByLogin('dana')!.passwordHash!
    expect(stored).toMatch(/^scrypt\$/)
    expect(stored).not.toContain(PASSWORD)
  })

  it('throttles sign-in attempts per account', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) {
      statuses.push((await api(plank.url, '/api/session', { method: 'POST', body: { login: 'maya', password: `guess ${i}` } })).status)
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5)).toEqual([429, 429])
    // Even the right password waits until the window passes.
    const right = await api(plank.url, '/api/session', { method: 'POST', body: { login: 'maya', password: PASSWORD } })
    expect(right.status).toBe(429)
  })

  it('refuses a cross-site state-changing request and stores nothing', async () => {
    const before = governanceSnapshot(plank.plank.store, platformId)
    const crossSite: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]
    for (const headers of crossSite) {
      const res = await api(plank.url, `/api/platforms/${platformId}/sections`, {
        method: 'POST',
        body: { title: 'Injected', ownerOrgId: null },
        cookie: facilitator,
        headers,
      })
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({ error: { code: 'cross_site' } })
    }
    expect(governanceSnapshot(plank.plank.store, platformId)).toBe(before)
  })

  it('an invitation works once; reuse, expiry and revocation are refused and store nothing', async () => {
    const orgId = plank.plank.store.listOrganizations(platformId)[1]!.id
    const used = await invite({ role: 'boardRep', orgId, name: 'Rae' })
    const info = await api(plank.url, `/api/invitations/${used.token}`)
    expect(info.body).toMatchObject({ platformId, role: 'boardRep', orgId, name: 'Rae' })
    const account = (username: string) => ({ username, displayName: username, password: PASSWORD })
    expect((await api(plank.url, `/api/invitations/${used.token}/accept`, { method: 'POST', body: account('rae') })).status).toBe(200)
    const member = plank.plank.store.getMembership(platformId, plank.plank.store.findPersonByLogin('rae')!.id)
    expect(member).toMatchObject({ role: 'boardRep', orgId })

    const before = governanceSnapshot(plank.plank.store, platformId)
    const reuse = await api(plank.url, `/api/invitations/${used.token}/accept`, { method: 'POST', body: account('rae2') })
    expect([reuse.status, (reuse.body as { error: { code: string } }).error.code]).toEqual([409, 'invitation_used'])

    const expired = await invite({ role: 'delegate', orgId })
    db.prepare('UPDATE invitations SET expires_at = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), expired.id)
    const late = await api(plank.url, `/api/invitations/${expired.token}/accept`, { method: 'POST', body: account('late') })
    expect([late.status, (late.body as { error: { code: string } }).error.code]).toEqual([409, 'invitation_expired'])

    const revoked = await invite({ role: 'observer' })
    expect((await api(plank.url, `/api/platforms/${platformId}/invitations/${revoked.id}`, { method: 'DELETE', cookie: facilitator })).status).toBe(204)
    const afterRevoke = await api(plank.url, `/api/invitations/${revoked.token}/accept`, { method: 'POST', body: account('rev') })
    expect([afterRevoke.status, (afterRevoke.body as { error: { code: string } }).error.code]).toEqual([409, 'invitation_revoked'])

    expect((await api(plank.url, '/api/invitations/not-a-token')).status).toBe(404)
    for (const name of ['rae2', 'late', 'rev']) expect(plank.plank.store.findPersonByLogin(name)).toBeNull()
    // Only the two new invitations (and the revocation) were recorded; no membership changed.
    expect(JSON.parse(governanceSnapshot(plank.plank.store, platformId)).members).toEqual(JSON.parse(before).members)
  })

  it('accepting while signed in adds the role to the existing account', async () => {
    // A second platform, then an invitation to it accepted by Dana, who is signed in.
    const dana = (await api(plank.url, '/api/session', { method: 'POST', body: { login: 'dana', password: PASSWORD } })).cookie
    const created = await api(plank.url, '/api/platforms', { method: 'POST', body: { title: 'Second platform' }, cookie: facilitator })
    const secondId = (created.body as { id: string }).id
    const res = await api(plank.url, `/api/platforms/${secondId}/invitations`, { method: 'POST', body: { role: 'observer' }, cookie: facilitator })
    const token = (res.body as { link: string }).link.split('#')[1]!
    const accepted = await api(plank.url, `/api/invitations/${token}/accept`, { method: 'POST', body: {}, cookie: dana })
    expect(accepted.status).toBe(200)
    const memberships = (accepted.body as { memberships: Array<{ platformId: string; role: string }> }).memberships
    expect(memberships.map((m) => m.platformId).sort()).toEqual([platformId, secondId].sort())
  })

  it('refuses an expired session over HTTP and on the websocket (4401); no or bad credentials get 4401 too', async () => {
    const cookie = await plank.cookieFor(plank.person('delegate').id)
    const key = (await import('node:crypto'))
      .createHash('sha256')
      .update(decodeURIComponent(cookie.split('=')[1]!))
      .digest('hex')
    db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(new Date(Date.now() - 1000).toISOString(), key)
    expect((await api(plank.url, '/api/session', { cookie })).status).toBe(401)
    for (const credential of [cookie, 'plank_session=forged', undefined]) {
      const client = connectClient(plank.wsUrl, platformId, credential ? { cookie: credential } : {})
      expect((await nextTerminalClose(client)).code).toBe(CloseCode.Unauthenticated)
      client.destroy()
    }
  })

  it('websocket tickets are single use and open only their own platform', async () => {
    const cookie = await plank.cookieFor(plank.person('observer').id)
    const ticket = ((await api(plank.url, '/api/tickets', { method: 'POST', body: { platformId }, cookie })).body as { ticket: string }).ticket
    const first = await openRaw(`${plank.wsUrl}/${platformId}?ticket=${ticket}`)
    const reused = await openRaw(`${plank.wsUrl}/${platformId}?ticket=${ticket}`)
    expect((await closed(reused)).code).toBe(CloseCode.Unauthenticated)
    first.close()
    expect((await api(plank.url, '/api/tickets', { method: 'POST', body: { platformId } })).status).toBe(401)
    expect((await api(plank.url, '/api/tickets', { method: 'POST', body: { platformId: 'nope' }, cookie })).status).toBe(404)
  })

  it('signing out closes that session’s open connections with 4401', async () => {
    const cookie = await plank.cookieFor(plank.person('delegate').id)
    const client = connectClient(plank.wsUrl, platformId, { cookie })
    await waitSynced(client)
    const close = nextTerminalClose(client)
    await api(plank.url, '/api/session', { method: 'DELETE', cookie })
    expect((await close).code).toBe(CloseCode.Unauthenticated)
    client.destroy()
  })

  it('relays presence only when it names the connection’s own person', async () => {
    const delegate = plank.person('delegate')
    const cookie = await plank.cookieFor(delegate.id)
    const speaker = connectClient(plank.wsUrl, platformId, { cookie })
    const watcher = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await Promise.all([waitSynced(speaker), waitSynced(watcher)])
    announce(speaker, plank.person('facilitator').id, 'Pretending to be the facilitator')
    await new Promise((r) => setTimeout(r, 300))
    expect(watcher.provider.awareness.getStates().get(speaker.doc.clientID)?.user).toBeUndefined()
    announce(speaker, delegate.id, delegate.name)
    await waitFor(() => watcher.provider.awareness.getStates().get(speaker.doc.clientID)?.user?.name === delegate.name, 'honest presence')
    speaker.destroy()
    watcher.destroy()
  })

  it('a role change applies to open connections at once, and arrives live in gov', async () => {
    const delegate = plank.person('delegate', { ownerOf: plank.sample.sectionIds[1]! })
    const cookie = await plank.cookieFor(delegate.id)
    const client = connectClient(plank.wsUrl, platformId, { cookie })
    await waitSynced(client)
    const sectionId = plank.sample.sectionIds[1]!
    appendParagraph(client.doc, sectionId, 'while still a delegate')
    await waitFor(() => sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId).includes('while still a delegate'), 'delegate edit stored')

    const res = await api(plank.url, `/api/platforms/${platformId}/members/${delegate.id}`, {
      method: 'PATCH',
      body: { role: 'observer' },
      cookie: facilitator,
    })
    expect(res.status).toBe(200)
    const people = () => client.doc.getMap('gov').get('people') as { get(id: string): { role: string } | undefined }
    await waitFor(() => people().get(delegate.id)?.role === 'observer', 'role change in gov')
    const refused = nextTerminalClose(client)
    appendParagraph(client.doc, sectionId, 'now an observer')
    expect((await refused).code).toBe(CloseCode.Forbidden)
    expect(sectionText(plank.plank.rooms.get(platformId)!.doc, sectionId)).not.toContain('now an observer')
    client.destroy()
  })

  it('removing a member closes their connections (4404) and they can no longer open the platform', async () => {
    const person = plank.person('boardRep')
    const cookie = await plank.cookieFor(person.id)
    const client = connectClient(plank.wsUrl, platformId, { cookie })
    await waitSynced(client)
    const close = nextTerminalClose(client)
    expect((await api(plank.url, `/api/platforms/${platformId}/members/${person.id}`, { method: 'DELETE', cookie: facilitator })).status).toBe(204)
    expect((await close).code).toBe(CloseCode.UnknownPlatform)
    expect((await api(plank.url, `/api/platforms/${platformId}`, { cookie })).status).toBe(404)
    client.destroy()
  })

  it('sections added, renamed and removed arrive live in gov; removed ones can be restored with their text', async () => {
    const client = connectClient(plank.wsUrl, platformId, { cookie: facilitator })
    await waitSynced(client)
    const titles = () => (client.doc.getMap('gov').get('sections') as { toJSON(): Record<string, { title: string }> }).toJSON()
    const added = await api(plank.url, `/api/platforms/${platformId}/sections`, {
      method: 'POST',
      body: { title: 'Transit', ownerOrgId: null },
      cookie: facilitator,
    })
    const id = (added.body as { id: string }).id
    await waitFor(() => titles()[id]?.title === 'Transit', 'new section in gov')
    appendParagraph(client.doc, id, 'Buses every ten minutes.')
    await waitFor(() => sectionText(plank.plank.rooms.get(platformId)!.doc, id).includes('Buses'), 'text stored')
    await api(plank.url, `/api/platforms/${platformId}/sections/${id}`, { method: 'DELETE', cookie: facilitator })
    await waitFor(() => titles()[id] === undefined, 'removed from gov sections')
    await api(plank.url, `/api/platforms/${platformId}/sections/${id}/restore`, { method: 'POST', cookie: facilitator })
    await waitFor(() => titles()[id]?.title === 'Transit', 'restored')
    expect(sectionText(client.doc, id)).toContain('Buses every ten minutes.')
    client.destroy()
  })

  it('validates bodies: unknown fields, bad colours and missing organizations give 400 and store nothing', async () => {
    const before = governanceSnapshot(plank.plank.store, platformId)
    const cases: Array<[string, string, unknown]> = [
      ['POST', `/api/platforms/${platformId}/sections`, { title: 'X', ownerOrgId: null, extra: 1 }],
      ['POST', `/api/platforms/${platformId}/sections`, { title: 'X', ownerOrgId: 'no-such-org' }],
      ['POST', `/api/platforms/${platformId}/organizations`, { name: 'X', shortName: 'X', color: 'red;background:url(x)' }],
      ['POST', `/api/platforms/${platformId}/invitations`, { role: 'delegate' }],
      ['POST', `/api/platforms/${platformId}/invitations`, { role: 'king', orgId: null }],
      ['PUT', `/api/platforms/${platformId}/sections/order`, { sectionIds: ['a', 'b'] }],
    ]
    for (const [method, path, body] of cases) {
      const res = await api(plank.url, path, { method, body, cookie: facilitator })
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400)
      expect(res.body).toMatchObject({ error: { code: 'invalid' } })
    }
    expect(governanceSnapshot(plank.plank.store, platformId)).toBe(before)
  })

  it('keeps every governance action in a hash-chained audit log that a facilitator can read', async () => {
    const res = await api(plank.url, `/api/platforms/${platformId}/audit`, { cookie: facilitator })
    const entries = (res.body as { entries: Array<{ action: string }> }).entries
    const actions = new Set(entries.map((e) => e.action))
    for (const a of [
      'invitation.create',
      'invitation.accept',
      'invitation.revoke',
      'member.update',
      'member.remove',
      'section.add',
      'section.remove',
      'section.restore',
    ]) {
      expect(actions.has(a), a).toBe(true)
    }
    expect(verifyAuditChain(plank.plank.store.listAudit())).toMatchObject({ ok: true })
    db.prepare("UPDATE audit_log SET detail = '{}' WHERE seq = 3").run()
    expect(verifyAuditChain(plank.plank.store.listAudit())).toMatchObject({ ok: false, seq: 3 })
  })
})
