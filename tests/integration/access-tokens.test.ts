/**
 * Issue 12 item 8: personal access tokens, a credential for non-browser
 * clients that survives a reconnect (a ticket is spent by the first one).
 * Over the wire: a stock WebsocketProvider with `params: { token }`, raw
 * sockets, and HTTP with `Authorization: Bearer`; every refusal also checks
 * that nothing was stored.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AccessTokenRecord } from '../../shared/api.js'
import { CloseCode } from '../../shared/protocol.js'
import { appendParagraph, connectClient, nextTerminalClose, sectionText, storedDoc, waitFor, waitSynced, type Client } from '../helpers/clients.js'
import { api } from '../helpers/http.js'
import { closed, openRaw } from '../helpers/raw-socket.js'
import { startPlank, type RunningPlank } from '../helpers/server.js'
import { syncUpdateFrame, updateOn } from '../helpers/updates.js'

describe('personal access tokens', () => {
  let plank: RunningPlank
  const clients: Client[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await plank?.close()
  })

  const createToken = async (cookie: string, body: Record<string, unknown>) => api(plank.url, '/api/tokens', { method: 'POST', cookie, body })
  /** A demo delegate and a section their organization owns. */
  const delegateAndSection = () => {
    const delegate = plank.person('delegate')
    const sectionId = plank.sample.sectionIds.find((s) => plank.plank.store.getSection(plank.sample.platformId, s)?.ownerOrgId === delegate.orgId)!
    return { delegate, sectionId }
  }
  const storedUpdates = (): number => plank.plank.store.loadDocument(plank.sample.platformId).updates.length
  const tokenRows = (): Array<Record<string, unknown>> => {
    const db = new Database(join(plank.dataDir, 'plank.sqlite'), { readonly: true })
    try {
      return db.prepare('SELECT * FROM access_tokens').all() as Array<Record<string, unknown>>
    } finally {
      db.close()
    }
  }

  it('a stock provider connects with ?token=, survives a server-forced reconnect, and the secret is stored only hashed', async () => {
    plank = await startPlank()
    const { platformId } = plank.sample
    const { delegate, sectionId } = delegateAndSection()
    const cookie = await plank.cookieFor(delegate.id)
    const made = await createToken(cookie, { platformId, role: 'delegate', name: 'import script' })
    expect(made.status).toBe(201)
    const { token, id } = made.body as AccessTokenRecord
    expect(token).toMatch(/^plank_pat\./)

    // Listed without the secret, and the database holds only its SHA-256.
    const list = await api(plank.url, '/api/tokens', { cookie })
    expect(JSON.stringify(list.body)).not.toContain(token!.split('.')[2])
    expect((list.body as { tokens: AccessTokenRecord[] }).tokens.map((t) => [t.id, t.role, t.name])).toEqual([[id, 'delegate', 'import script']])
    const rows = tokenRows()
    expect(rows).toHaveLength(1)
    const secret = token!.split('.')[2]!
    expect(JSON.stringify(rows)).not.toContain(secret)
    expect(rows[0]!.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'))
    // The creation is in the platform's audit log.
    expect(plank.plank.store.listAudit(platformId).filter((e) => e.action === 'token.create')).toHaveLength(1)

    const client = connectClient(plank.wsUrl, platformId, { params: { token: token! } })
    clients.push(client)
    await waitSynced(client)
    appendParagraph(client.doc, sectionId, 'before the reconnect')
    await waitFor(() => sectionText(storedDoc(plank.plank.store, platformId), sectionId).includes('before the reconnect'), 'first edit stored')

    // The server drops the connection (transient close): the provider reconnects with the same params.
    let reconnected = false
    client.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') reconnected = true
    })
    for (const conn of plank.plank.rooms.get(platformId)!.connections) conn.close(CloseCode.GoingAway, 'test: reconnect')
    await waitFor(() => reconnected && client.provider.synced, 'reconnected and synced')
    appendParagraph(client.doc, sectionId, 'after the reconnect')
    await waitFor(() => sectionText(storedDoc(plank.plank.store, platformId), sectionId).includes('after the reconnect'), 'second edit stored')
  }, 30_000)

  it('a revoked token is refused with 4401, closes its open connection, and nothing it sends is stored', async () => {
    plank = await startPlank()
    const { platformId } = plank.sample
    const { delegate, sectionId } = delegateAndSection()
    const cookie = await plank.cookieFor(delegate.id)
    const { token, id } = (await createToken(cookie, { platformId, role: 'delegate', name: 'bot' })).body as AccessTokenRecord
    const open = connectClient(plank.wsUrl, platformId, { params: { token: token! } })
    clients.push(open)
    await waitSynced(open)
    const openClosed = nextTerminalClose(open)

    expect((await api(plank.url, `/api/tokens/${id}`, { method: 'DELETE', cookie })).status).toBe(204)
    expect((await openClosed).code).toBe(CloseCode.Unauthenticated)
    expect(plank.plank.store.listAudit(platformId).filter((e) => e.action === 'token.revoke')).toHaveLength(1)
    expect((await api(plank.url, '/api/tokens', { cookie })).body).toMatchObject({ tokens: [{ id, revokedAt: expect.any(String) }] })

    const before = storedUpdates()
    const raw = await openRaw(`${plank.wsUrl}/${platformId}?token=${encodeURIComponent(token!)}`)
    const close = closed(raw)
    raw.send(syncUpdateFrame(updateOn(open.doc, (doc) => appendParagraph(doc, sectionId, 'after revocation'))))
    expect((await close).code).toBe(CloseCode.Unauthenticated)
    expect(storedUpdates()).toBe(before)
    expect(sectionText(storedDoc(plank.plank.store, platformId), sectionId)).not.toContain('after revocation')
    // Bearer too.
    expect((await api(plank.url, `/api/platforms/${platformId}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
  }, 30_000)

  it('a token opens only its own platform, and never with more than its owner’s role', async () => {
    plank = await startPlank()
    const { platformId } = plank.sample
    const facilitatorCookie = await plank.cookieFor(plank.person('facilitator').id)
    const delegateCookie = await plank.cookieFor(plank.person('delegate').id)

    // Higher than the owner's role, or not within it by the policy table: refused at creation, nothing stored.
    const tooHigh = await createToken(delegateCookie, { platformId, role: 'facilitator', name: 'x' })
    expect(tooHigh.status).toBe(403)
    expect((tooHigh.body as { error: { code: string } }).error.code).toBe('role_too_high')
    // A facilitator does not answer polls, so a delegate's token is more than a facilitator may hold.
    expect((await createToken(facilitatorCookie, { platformId, role: 'delegate', name: 'x' })).status).toBe(403)
    expect((await createToken(delegateCookie, { platformId, role: 'superuser', name: 'x' })).status).toBe(400)
    expect((await createToken(delegateCookie, { platformId: 'nope', role: 'observer', name: 'x' })).status).toBe(404)
    expect(tokenRows()).toHaveLength(0)
    // Tokens are made by a sign-in, not by another token.
    const observerToken = ((await createToken(delegateCookie, { platformId, role: 'observer', name: 'reader' })).body as AccessTokenRecord).token!
    expect(
      (
        await api(plank.url, '/api/tokens', {
          method: 'POST',
          headers: { authorization: `Bearer ${observerToken}` },
          body: { platformId, role: 'observer', name: 'y' },
        })
      ).status,
    ).toBe(401)

    // Platform X's token on platform Y: 4404, as for a platform that does not exist.
    const other = await api(plank.url, '/api/platforms', { method: 'POST', cookie: facilitatorCookie, body: { title: 'Other' } })
    const otherId = (other.body as { id: string }).id
    await api(plank.url, `/api/platforms/${otherId}/members/${plank.person('delegate').id}`, {
      method: 'PATCH',
      cookie: facilitatorCookie,
      body: { role: 'observer' },
    })
    const raw = await openRaw(`${plank.wsUrl}/${otherId}?token=${encodeURIComponent(observerToken)}`)
    expect((await closed(raw)).code).toBe(CloseCode.UnknownPlatform)
    const bearer = { authorization: `Bearer ${observerToken}` }
    expect((await api(plank.url, `/api/platforms/${otherId}`, { headers: bearer })).status).toBe(404)
    expect((await api(plank.url, `/api/platforms/${platformId}`, { headers: bearer })).status).toBe(200)

    // An observer's token writes nothing, even for a delegate.
    const { sectionId } = delegateAndSection()
    const reader = connectClient(plank.wsUrl, platformId, { params: { token: observerToken } })
    clients.push(reader)
    await waitSynced(reader)
    const before = storedUpdates()
    const refused = nextTerminalClose(reader)
    appendParagraph(reader.doc, sectionId, 'an observer token writing')
    expect((await refused).code).toBe(CloseCode.Forbidden)
    expect(storedUpdates()).toBe(before)
  }, 30_000)

  it('acts with at most the owner’s current role, and stops working once the owner leaves the platform', async () => {
    plank = await startPlank()
    const { platformId } = plank.sample
    const { delegate, sectionId } = delegateAndSection()
    const facilitatorCookie = await plank.cookieFor(plank.person('facilitator').id)
    const cookie = await plank.cookieFor(delegate.id)
    const { token } = (await createToken(cookie, { platformId, role: 'delegate', name: 'bot' })).body as AccessTokenRecord
    const member = `/api/platforms/${platformId}/members/${delegate.id}`

    // The owner becomes an observer: the token, made for a delegate, now writes nothing.
    expect((await api(plank.url, member, { method: 'PATCH', cookie: facilitatorCookie, body: { role: 'observer' } })).status).toBe(200)
    const demoted = connectClient(plank.wsUrl, platformId, { params: { token: token! } })
    clients.push(demoted)
    await waitSynced(demoted)
    const before = storedUpdates()
    const refused = nextTerminalClose(demoted)
    appendParagraph(demoted.doc, sectionId, 'written by a demoted owner')
    expect((await refused).code).toBe(CloseCode.Forbidden)
    expect(storedUpdates()).toBe(before)

    // Back to delegate, the token writes again; its open connection stays a delegate's.
    await api(plank.url, member, { method: 'PATCH', cookie: facilitatorCookie, body: { role: 'delegate' } })
    const writer = connectClient(plank.wsUrl, platformId, { params: { token: token! } })
    clients.push(writer)
    await waitSynced(writer)
    appendParagraph(writer.doc, sectionId, 'written again')
    await waitFor(() => sectionText(storedDoc(plank.plank.store, platformId), sectionId).includes('written again'), 'stored')

    // The owner leaves: the open connection closes, and the token opens nothing any more.
    const gone = nextTerminalClose(writer)
    expect((await api(plank.url, member, { method: 'DELETE', cookie: facilitatorCookie })).status).toBe(204)
    expect((await gone).code).toBe(CloseCode.UnknownPlatform)
    const raw = await openRaw(`${plank.wsUrl}/${platformId}?token=${encodeURIComponent(token!)}`)
    expect((await closed(raw)).code).toBe(CloseCode.UnknownPlatform)
    expect((await api(plank.url, `/api/platforms/${platformId}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404)
  }, 30_000)
})
